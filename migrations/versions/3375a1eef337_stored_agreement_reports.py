"""stored agreement reports: the agreement page's report, computed by a background job (issue 19 item 4)

Revision ID: 3375a1eef337
Revises: f3a9c1d2b4e6
Create Date: 2026-11-30 09:48:13.938036

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = '3375a1eef337'
down_revision = 'f3a9c1d2b4e6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('agreement_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('period', sa.String(length=10), nullable=False),
    sa.Column('sheet_id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('computed_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['sheet_id'], ['score_sheets.id'], name=op.f('fk_agreement_reports_sheet_id_score_sheets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_reports')),
    sa.UniqueConstraint('kind', 'period', 'sheet_id', name=op.f('uq_agreement_reports_kind'))
    )
    with op.batch_alter_table('agreement_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_reports_sheet_id'), ['sheet_id'], unique=False)



def downgrade():
    with op.batch_alter_table('agreement_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_reports_sheet_id'))

    op.drop_table('agreement_reports')
