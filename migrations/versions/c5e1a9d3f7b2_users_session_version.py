"""users.session_version: a per-user counter that ends every session and remember token when raised

Revision ID: c5e1a9d3f7b2
Revises: d01c1e0f408d
Create Date: 2026-11-30 00:50:00

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = 'c5e1a9d3f7b2'
down_revision = 'd01c1e0f408d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')
