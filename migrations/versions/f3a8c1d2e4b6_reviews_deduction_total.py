"""reviews.deduction_total: each sheet's total deduction kept on the row (statistics read one row per sheet)

Revision ID: f3a8c1d2e4b6
Revises: f18f67d862b9
Create Date: 2026-11-30 07:00:00

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = 'f3a8c1d2e4b6'
down_revision = 'f18f67d862b9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deduction_total', sa.Numeric(precision=6, scale=2), server_default='0',
                                      nullable=False))
    op.execute("UPDATE reviews SET deduction_total = COALESCE((SELECT SUM(s.deduction) FROM review_item_scores s "
               "WHERE s.review_id = reviews.id), 0)")


def downgrade():
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_column('deduction_total')
