"""exemplar search on PostgreSQL: the bigram tsvector table exemplar_fts under a GIN index (issue 19)

The same character bigrams SQLite's FTS5 table `exemplar_fts` holds, as a tsvector per published
judgment, filled from exemplar_texts (reviewer/exemplars/search.py says how it is queried and why:
ILIKE over the TOASTed texts was a sequential scan, 0.7–0.9 s at ten years). SQLite: nothing to do
(its table is created by `search.install` with the schema).

Revision ID: b3e1f0c7a9d2
Revises: b7c3e9a1f5d2
Create Date: 2026-11-30 07:40:00

"""
from alembic import op

import models.base  # noqa: F401  (custom column types)


# revision identifiers, used by Alembic.
revision = 'b3e1f0c7a9d2'
down_revision = 'b7c3e9a1f5d2'
branch_labels = None
depends_on = None


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        from reviewer.exemplars import search   # the bigram rule the queries use, not a copy of it

        search.create(bind)


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TABLE IF EXISTS exemplar_fts")
