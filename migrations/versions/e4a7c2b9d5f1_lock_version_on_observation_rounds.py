"""lock_version on observation rounds: the round page's forms refuse stale saves

Revision ID: e4a7c2b9d5f1
Revises: 2bd255b70663
Create Date: 2026-11-30 03:40:00

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = 'e4a7c2b9d5f1'
down_revision = '2bd255b70663'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('hearing_observation_rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lock_version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('hearing_observation_rounds', schema=None) as batch_op:
        batch_op.drop_column('lock_version')
