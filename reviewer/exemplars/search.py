"""Full-text Chinese search over published exemplars, on SQLite and PostgreSQL.

A query is split on white space into words (at most `MAX_WORDS`); an exemplar matches when its
anonymised text contains every word (AND). Matching, ranking and the limit all happen in SQL.

* SQLite: an FTS5 table `exemplar_fts` (tokenizer unicode61) over the text written as
  overlapping character bigrams ("借款合同" → "借款 款合 合同", `bigrams()`). A word of two or
  more Chinese characters is the phrase of its bigrams, so a common two-character word (借款) is
  one token's posting list and a longer word a phrase of adjacent tokens; other words (one
  character, digits, letters, punctuation) are checked with LIKE on what the index leaves.
  Results are ordered by FTS5's bm25 rank. (Until 2026-11 the table used
  the trigram tokenizer, which cannot match words shorter than three characters: two-character
  words fell back to LIKE over every text. `install` rebuilds an old table from exemplar_texts.)
* PostgreSQL: the same bigrams as a `tsvector` in a table `exemplar_fts` (judgment_id, body,
  overflow) under a GIN index; a word of two or more Chinese characters is
  `phraseto_tsquery('simple', its bigrams)` (adjacent, in order), words are ANDed (`&&`), ranked
  by `ts_rank`; the vectors are stored compressed in the rows (STORAGE MAIN), which keeps the
  planner on the index. A tsvector keeps at most 256 positions per lexeme and none past 16,383, so a text
  beyond either limit is marked `overflow` and checked with ILIKE instead (none in the ten-year
  dataset). Other words are checked with ILIKE as on SQLite (the pg_trgm index on
  `exemplar_texts.body` helps those of three or more characters). Until 2026-11 every word was an
  ILIKE: the planner chose a sequential scan of the TOASTed texts (0.7–0.9 s at ten years).

The index holds the *anonymised* text, so a search for a party's real name finds nothing that the
library would then display under a pseudonym. `index_judgment` / `unindex_judgment` are called when
a ranking is published or unpublished; they flush, never commit. Measured in docs/performance.md.
The bigram rule, the tables' DDL and the matching SQL are shared with the judgment list's search:
`reviewer.search.bigram`.
"""
from __future__ import annotations

from sqlalchemy import and_, delete, literal, select, text
from sqlalchemy.sql.elements import ColumnElement

from models import Judgment
from models.exemplar import ExemplarText
from reviewer.exemplars.anonymize import anonymize_paragraphs
from reviewer.extensions import db
from reviewer.search import bigram
from reviewer.search.bigram import bigrams, words  # noqa: F401  (bigrams: part of this module's API)
from reviewer.search.bigram_table import BigramTable

FTS_TABLE = "exemplar_fts"
INDEX = BigramTable(FTS_TABLE, references="exemplar_texts (judgment_id)")
TRIGRAM_INDEX = "ix_exemplar_texts_body_trgm"
SQLITE_DDL = INDEX.sqlite_ddl()[0]
POSTGRES_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON exemplar_texts USING gin (body gin_trgm_ops)",
    *INDEX.postgres_ddl(),
    *INDEX.postgres_index_ddl(),
)
POSTGRES_DROP = f"DROP TABLE IF EXISTS {FTS_TABLE}"
_fts_row = bigram.fts_row


def _dialect() -> str:
    return db.engine.dialect.name


def install(app=None) -> None:
    """Create the search index structures (idempotent); runs after `create_all` and `init-db`.

    An `exemplar_fts` table created here (or, on SQLite, one from before the bigram index, with the
    trigram tokenizer, dropped first) is filled from exemplar_texts."""
    with db.engine.begin() as conn:
        create(conn)


def create(conn) -> None:
    """Create `exemplar_fts` on `conn` and fill it from exemplar_texts when it is new (also used by
    the migration that brought the PostgreSQL table)."""
    if conn.dialect.name != "sqlite":
        new = not INDEX.exists(conn)
        for statement in POSTGRES_DDL:
            conn.execute(text(statement))
    else:
        old = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = :n"), {"n": FTS_TABLE}).scalar()
        if old is not None and "trigram" in old:
            conn.execute(text(f"DROP TABLE {FTS_TABLE}"))
            old = None
        conn.execute(text(SQLITE_DDL))
        new = old is None
    if new:
        rows = conn.execute(select(ExemplarText.judgment_id, ExemplarText.body)).all()
        INDEX.write(conn, rows, replace=False)
        if rows and conn.dialect.name == "postgresql":
            conn.execute(text(f"ANALYZE {FTS_TABLE}"))   # plans from real figures at once


def reset(connection) -> None:
    """Tests empty tables with DELETE on SQLite; the FTS table is not a mapped table."""
    if connection.dialect.name == "sqlite":
        INDEX.empty(connection)


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
    INDEX.write(db.session.connection(), [(judgment.id, body)])


def unindex_judgment(judgment_id: int) -> None:
    db.session.execute(delete(ExemplarText).where(ExemplarText.judgment_id == judgment_id))
    if _dialect() == "sqlite":
        INDEX.remove(db.session.connection(), [judgment_id])
    db.session.flush()


def _exemplar_text(fts):
    return select(ExemplarText.body).where(ExemplarText.judgment_id == fts.c.judgment_id).scalar_subquery()


def ranked_matches(query: str):
    """A subquery (judgment_id, rank) of the exemplars whose text contains every word of `query`,
    best first (smaller rank); None when the query has no word.

    Words of two or more CJK characters are answered by the bigram index (SQLite: an FTS5 AND of
    phrases ranked by bm25; PostgreSQL: a tsquery AND of phrases ranked by ts_rank); any other word
    (one character, digits, Latin letters, punctuation) is checked with LIKE / ILIKE on the
    candidates the index leaves, or on every text when no word is indexed.
    """
    found = words(query)
    if not found:
        return None
    dialect = _dialect()
    indexed, checked = bigram.split(found)
    conditions = [bigram.contains(ExemplarText.body, w, dialect) for w in checked]
    if not indexed:
        return (select(ExemplarText.judgment_id.label("judgment_id"), literal(0.0).label("rank"))
                .where(and_(*conditions)).subquery("matches"))
    fts = INDEX.matches(dialect, indexed, _exemplar_text).subquery("fts")
    if not conditions:
        return select(fts.c.judgment_id, fts.c.rank).subquery("matches")
    return (select(fts.c.judgment_id, fts.c.rank)
            .join(ExemplarText, ExemplarText.judgment_id == fts.c.judgment_id)
            .where(and_(*conditions)).subquery("matches"))


def matching_judgments(query: str) -> ColumnElement[bool]:
    """A WHERE clause `Judgment.id IN (…)` selecting the exemplars whose text contains every word."""
    matches = ranked_matches(query)
    if matches is None:
        return Judgment.id.in_(select(ExemplarText.judgment_id))
    return Judgment.id.in_(select(matches.c.judgment_id))
