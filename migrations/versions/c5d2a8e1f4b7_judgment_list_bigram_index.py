"""judgment list search: the bigram index judgment_fts over each judgment's case number, cause,
document type and people's names, on SQLite (FTS5 + a delete trigger) and PostgreSQL (tsvector
under GIN, rows cascade with the judgment) (issue 19)

Filled from the judgments with the same code the application indexes with
(reviewer/judgments/search_index.py says what is indexed and how it is queried; it replaces an
unindexed LIKE over the case number and the cause, 1.2 s at ten years for two words).

Revision ID: c5d2a8e1f4b7
Revises: 2098e1371449
Create Date: 2026-11-30 10:05:00

"""
from alembic import op

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = 'c5d2a8e1f4b7'
down_revision = '2098e1371449'
branch_labels = None
depends_on = None


def upgrade():
    from reviewer.judgments import search_index   # the bigram rule the queries use, not a copy of it

    search_index.create(op.get_bind())


def downgrade():
    from reviewer.judgments import search_index

    search_index.drop(op.get_bind())
