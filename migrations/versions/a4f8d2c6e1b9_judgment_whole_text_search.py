"""judgment whole-text search: the bigram index judgment_text_fts over each judgment's paragraphs,
on SQLite (FTS5 + a delete trigger) and PostgreSQL (tsvector under GIN, rows cascade with the
judgment) (issue 19 item 5)

Filled from the judgments with the same code the application indexes with
(reviewer/judgments/search_index.py: `create_text`, what is indexed and how it is queried).

Revision ID: a4f8d2c6e1b9
Revises: bd250f1652b3
Create Date: 2026-11-30 14:25:00

"""
from alembic import op

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = 'a4f8d2c6e1b9'
down_revision = 'bd250f1652b3'
branch_labels = None
depends_on = None


def upgrade():
    from reviewer.judgments import search_index   # the bigram rule the queries use, not a copy of it

    search_index.create_text(op.get_bind())


def downgrade():
    from reviewer.judgments import search_index

    search_index.drop_text(op.get_bind())
