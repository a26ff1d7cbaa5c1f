"""Case register: the watch lists' partial indexes become covering (SQLite's sampled statistics
tied them with a full index on court_id, and it read the table's rows of ten years)

Revision ID: c9d4f2a7e3b1
Revises: b3e1f0c7a9d2
Create Date: 2026-11-30 08:05:00

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = 'c9d4f2a7e3b1'
down_revision = 'b3e1f0c7a9d2'
branch_labels = None
depends_on = None

UNAPPROVED = ("deducted_days > 0 AND deduction_approved_on IS NULL OR "
              "extended_days > 0 AND extension_approved_on IS NULL")
NOT_TRANSFERRED = "appealed_on IS NOT NULL AND transferred_on IS NULL"
COVERING = {
    'ix_case_records_unapproved': (['court_id', 'deducted_days', 'deduction_approved_on', 'extended_days',
                                    'extension_approved_on'], UNAPPROVED),
    'ix_case_records_not_transferred': (['court_id', 'appealed_on', 'transferred_on'], NOT_TRANSFERRED),
}
NARROW = {
    'ix_case_records_unapproved': (['court_id'], UNAPPROVED),
    'ix_case_records_not_transferred': (['court_id', 'appealed_on'], NOT_TRANSFERRED),
}


def _replace(indexes):
    for name, (columns, where) in indexes.items():
        op.drop_index(name, table_name='case_records')
        op.create_index(name, 'case_records', columns, unique=False,
                        sqlite_where=sa.text(where), postgresql_where=sa.text(where))


def upgrade():
    _replace(COVERING)


def downgrade():
    _replace(NARROW)
