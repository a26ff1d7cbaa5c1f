"""assignments.submitted_at: the open assignments under a partial index (issue 19)

An assignment is open while its sheet is not submitted. The board's reviewer loads, the home
page's queue, the to-do list and the due reminders counted that by joining every assignment ever
made to its review; the column (kept by reviewer/reviews/open_state.py) and the partial index on
the open rows answer it from the current work alone. The upgrade fills the column from the
submitted reviews in one UPDATE, then builds the index (over the few open rows only).

Revision ID: 778a319dee69
Revises: e4a7c2b9d5f1
Create Date: 2026-11-30 06:19:49.297851

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = '778a319dee69'
down_revision = 'e4a7c2b9d5f1'
branch_labels = None
depends_on = None

OPEN = sa.text('submitted_at IS NULL')
SUBMITTED = ("FROM reviews WHERE reviews.assignment_id = assignments.id AND reviews.status = 'SUBMITTED'")


def upgrade():
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submitted_at', models.base.UTCDateTime(timezone=True), nullable=True))
    # A submitted sheet always has submitted_at; the fallbacks only guard hand-edited rows.
    op.execute(f"UPDATE assignments SET submitted_at = (SELECT COALESCE(reviews.submitted_at, reviews.updated_at, "
               f"reviews.created_at) {SUBMITTED}) WHERE EXISTS (SELECT 1 {SUBMITTED})")
    op.create_index('ix_assignments_open', 'assignments', ['reviewer_id'], unique=False,
                    sqlite_where=OPEN, postgresql_where=OPEN)


def downgrade():
    op.drop_index('ix_assignments_open', table_name='assignments')
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_column('submitted_at')
