"""reversal register imports (发改案件清单导入)

Revision ID: a3c5e7d9f1b2
Revises: ab0ed5499b21
Create Date: 2026-11-30 01:35:00

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = 'a3c5e7d9f1b2'
down_revision = 'ab0ed5499b21'
branch_labels = None
depends_on = None

STATUSES = ('PENDING', 'APPLIED', 'DISCARDED')


def upgrade():
    # The `importstatus` type exists already on PostgreSQL (case-list imports): reuse it.
    status = (postgresql.ENUM(*STATUSES, name='importstatus', create_type=False)
              if op.get_bind().dialect.name == 'postgresql' else sa.Enum(*STATUSES, name='importstatus'))
    op.create_table('reversal_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('file_id', sa.Integer(), nullable=False),
    sa.Column('rows', sa.JSON(), nullable=False),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.Column('error_count', sa.Integer(), nullable=False),
    sa.Column('status', status, nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('applied_by_id', sa.Integer(), nullable=True),
    sa.Column('applied_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['applied_by_id'], ['users.id'], name=op.f('fk_reversal_imports_applied_by_id_users')),
    sa.ForeignKeyConstraint(['file_id'], ['stored_files.id'], name=op.f('fk_reversal_imports_file_id_stored_files')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_reversal_imports_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reversal_imports'))
    )


def downgrade():
    op.drop_table('reversal_imports')
