"""assignments: ix_assignments_queue, a reviewer's queue in its order (open first, by due date) so that a page reads 20 index entries instead of sorting the reviewer's history (issue 19)

Revision ID: 2098e1371449
Revises: a30e02c84aa2
Create Date: 2026-11-30 10:13:28

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = '2098e1371449'
down_revision = 'a30e02c84aa2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_assignments_queue", "assignments",
                    ["reviewer_id", sa.text("(submitted_at IS NOT NULL)"), sa.text("(due_date IS NULL)"),
                     "due_date", "id"])


def downgrade():
    op.drop_index("ix_assignments_queue", table_name="assignments")
