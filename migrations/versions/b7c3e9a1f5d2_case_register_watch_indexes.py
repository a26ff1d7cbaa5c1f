"""Case register indexes for the watch lists and a figure's cases: the open and the closed cases
apart (partial), unapproved limit changes, appeals not transferred, appeals by date

Revision ID: b7c3e9a1f5d2
Revises: f3a8c1d2e4b6
Create Date: 2026-11-30 07:05:00

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = 'b7c3e9a1f5d2'
down_revision = 'f3a8c1d2e4b6'
branch_labels = None
depends_on = None

# Written as models/case_register.py renders them: a query must repeat an index's WHERE for the
# planners to use it.
UNAPPROVED = ("deducted_days > 0 AND deduction_approved_on IS NULL OR "
              "extended_days > 0 AND extension_approved_on IS NULL")
NOT_TRANSFERRED = "appealed_on IS NOT NULL AND transferred_on IS NULL"


def _partial(name, columns, where):
    op.create_index(name, 'case_records', columns, unique=False,
                    sqlite_where=sa.text(where), postgresql_where=sa.text(where))


def upgrade():
    op.drop_index('ix_case_records_court_closed', table_name='case_records')
    _partial('ix_case_records_closed', ['court_id', 'closed_on'], 'closed_on IS NOT NULL')
    _partial('ix_case_records_open', ['court_id', 'category', 'filed_on', 'due_on', 'closed_on'], 'closed_on IS NULL')
    _partial('ix_case_records_unapproved', ['court_id'], UNAPPROVED)
    _partial('ix_case_records_not_transferred', ['court_id', 'appealed_on'], NOT_TRANSFERRED)
    op.create_index('ix_case_records_court_appealed', 'case_records', ['court_id', 'appealed_on'], unique=False)


def downgrade():
    for name in ('ix_case_records_court_appealed', 'ix_case_records_not_transferred', 'ix_case_records_unapproved',
                 'ix_case_records_open', 'ix_case_records_closed'):
        op.drop_index(name, table_name='case_records')
    op.create_index('ix_case_records_court_closed', 'case_records', ['court_id', 'closed_on'], unique=False)
