"""hearings: the list and the exemplar library newest first (ix_hearings_newest, ix_hearings_published; issue 19)

The hearing list (newest created first) and the hearing exemplar library (newest published
first) are keyset-paged with a bounded total; these indexes give both their order, so a page
reads 21 rows instead of sorting every hearing of ten years (5,000). The library's index is
partial, like its query (`published_at IS NOT NULL`).

Revision ID: 714fc550c76c
Revises: 6086653083bb
Create Date: 2026-11-30 10:09:35

"""
from alembic import op
import sqlalchemy as sa

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = '714fc550c76c'
down_revision = '6086653083bb'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_hearings_newest', 'hearings', ['created_at', 'id'], unique=False)
    op.create_index('ix_hearings_published', 'hearings', ['published_at', 'id'], unique=False,
                    sqlite_where=sa.text('published_at IS NOT NULL'), postgresql_where=sa.text('published_at IS NOT NULL'))


def downgrade():
    op.drop_index('ix_hearings_published', table_name='hearings')
    op.drop_index('ix_hearings_newest', table_name='hearings')
