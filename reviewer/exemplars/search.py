"""Full-text Chinese substring search over published exemplars, on SQLite and PostgreSQL.

* SQLite: an FTS5 table `exemplar_fts` with the trigram tokenizer (rowid = judgment id) answers
  queries of 3 or more characters; shorter queries fall back to LIKE on `exemplar_texts.body`,
  because a trigram index cannot match fewer than three characters.
* PostgreSQL: a GIN index with `gin_trgm_ops` (extension pg_trgm) on `exemplar_texts.body` makes
  `ILIKE '%query%'` fast for 3+ characters; shorter queries use the same ILIKE, unindexed.

The index holds the *anonymised* text, so a search for a party's real name finds nothing that the
library would then display under a pseudonym. `index_judgment` / `unindex_judgment` are called when
a ranking is published or unpublished; they flush, never commit.
"""
from __future__ import annotations

from sqlalchemy import delete, select, text
from sqlalchemy.sql.elements import ColumnElement

from models import Judgment
from models.exemplar import ExemplarText
from reviewer.exemplars.anonymize import anonymize_paragraphs
from reviewer.extensions import db

FTS_TABLE = "exemplar_fts"
TRIGRAM_INDEX = "ix_exemplar_texts_body_trgm"
MIN_INDEXED = 3
SQLITE_DDL = f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(body, tokenize='trigram')"
POSTGRES_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON exemplar_texts USING gin (body gin_trgm_ops)",
)


def _dialect() -> str:
    return db.engine.dialect.name


def install(app=None) -> None:
    """Create the search index structures (idempotent); runs after `create_all`."""
    statements = (SQLITE_DDL,) if _dialect() == "sqlite" else POSTGRES_DDL
    with db.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))


def reset(connection) -> None:
    """Tests empty tables with DELETE on SQLite; the FTS table is not a mapped table."""
    if connection.dialect.name == "sqlite":
        connection.execute(text(f"DELETE FROM {FTS_TABLE}"))



def document_text(judgment: Judgment) -> str:
    """What is searchable: case number, cause and the anonymised paragraphs."""
    paragraphs = anonymize_paragraphs(list(judgment.paragraphs or []), judgment.parties or [])
    head = " ".join(filter(None, [judgment.case_number, judgment.cause, judgment.doc_type]))
    return "\n".join([head, *paragraphs])


def index_judgment(judgment: Judgment) -> None:
    """Add or refresh a judgment in the index."""
    body = document_text(judgment)
    row = db.session.get(ExemplarText, judgment.id)
    if row is None:
        db.session.add(ExemplarText(judgment_id=judgment.id, body=body))
    else:
        row.body = body
    db.session.flush()
    if _dialect() == "sqlite":
        db.session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), {"id": judgment.id})
        db.session.execute(text(f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (:id, :body)"),
                           {"id": judgment.id, "body": body})


def unindex_judgment(judgment_id: int) -> None:
    db.session.execute(delete(ExemplarText).where(ExemplarText.judgment_id == judgment_id))
    if _dialect() == "sqlite":
        db.session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), {"id": judgment_id})
    db.session.flush()


def _like_pattern(query: str) -> str:
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matching_judgments(query: str) -> ColumnElement[bool]:
    """A WHERE clause `Judgment.id IN (…)` selecting the exemplars whose text contains `query`."""
    query = " ".join(query.split())
    if _dialect() == "sqlite" and len(query) >= MIN_INDEXED:
        phrase = '"' + query.replace('"', '""') + '"'
        match = text(f"{FTS_TABLE} MATCH :phrase").bindparams(phrase=phrase)
        return Judgment.id.in_(select(text("rowid")).select_from(text(FTS_TABLE)).where(match))
    body = ExemplarText.body
    pattern = _like_pattern(query)
    condition = body.ilike(pattern, escape="\\") if _dialect() == "postgresql" else body.like(pattern, escape="\\")
    return Judgment.id.in_(select(ExemplarText.judgment_id).where(condition))
