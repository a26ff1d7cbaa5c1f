"""lock_version on judgments, users, courts and divisions: edit forms refuse stale saves

Revision ID: d8b4f2a6c1e9
Revises: c5e1a9d3f7b2
Create Date: 2026-11-30 01:20:00

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = 'd8b4f2a6c1e9'
down_revision = 'c5e1a9d3f7b2'
branch_labels = None
depends_on = None

TABLES = ('judgments', 'users', 'courts', 'divisions')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('lock_version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('lock_version')
