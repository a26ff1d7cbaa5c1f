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
"""
from __future__ import annotations

import functools
import re

from sqlalchemy import and_, column, delete, func, literal, literal_column, select, table, text, union_all
from sqlalchemy.sql.elements import ColumnElement

from models import Judgment
from models.exemplar import ExemplarText
from reviewer.exemplars.anonymize import anonymize_paragraphs
from reviewer.extensions import db

FTS_TABLE = "exemplar_fts"
TRIGRAM_INDEX = "ix_exemplar_texts_body_trgm"
MAX_WORDS = 5
SQLITE_DDL = f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(body, tokenize='unicode61')"
POSTGRES_DDL = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON exemplar_texts USING gin (body gin_trgm_ops)",
    f"CREATE TABLE IF NOT EXISTS {FTS_TABLE} (judgment_id integer PRIMARY KEY REFERENCES exemplar_texts "
    "(judgment_id) ON DELETE CASCADE, body tsvector NOT NULL, overflow boolean NOT NULL DEFAULT false) "
    "WITH (toast_tuple_target = 8160)",
    # Compressed in the row, not in TOAST: the planner costs a scan by the heap's size, and with the
    # vectors out of line (18 MB of TOAST behind 72 KB of heap at ten years) it chose a sequential
    # scan that decompressed every vector over the GIN index (113 ms instead of 2 ms for 危险驾驶).
    f"ALTER TABLE {FTS_TABLE} ALTER COLUMN body SET STORAGE MAIN",
    f"CREATE INDEX IF NOT EXISTS ix_{FTS_TABLE}_body ON {FTS_TABLE} USING gin (body)",
    f"CREATE INDEX IF NOT EXISTS ix_{FTS_TABLE}_overflow ON {FTS_TABLE} (judgment_id) WHERE overflow",
)
POSTGRES_DROP = f"DROP TABLE IF EXISTS {FTS_TABLE}"
# PostgreSQL's tsvector limits (documentation, "Text Search Types"): positions per lexeme, position.
MAX_POSITIONS, MAX_POSITION = 256, 16383
# Runs of CJK characters become bigrams; runs of letters and digits stay whole words.
_RUNS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[0-9A-Za-z]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _dialect() -> str:
    return db.engine.dialect.name


def bigrams(value: str) -> str:
    """The text as index tokens: "借款合同 2021年" → "借款 款合 合同 2021 年"."""
    tokens = []
    for run in _RUNS.findall(value):
        if _CJK.match(run) and len(run) > 1:
            tokens.extend(run[i:i + 2] for i in range(len(run) - 1))
        else:
            tokens.append(run)
    return " ".join(tokens)


def words(query: str) -> list[str]:
    """The query's words (split on white space), at most MAX_WORDS, duplicates dropped."""
    return list(dict.fromkeys(query.split()))[:MAX_WORDS]


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
        new = conn.execute(text("SELECT to_regclass(:n)"), {"n": FTS_TABLE}).scalar() is None
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
        if rows:
            conn.execute(text(_insert_sql(conn.dialect.name)), [_fts_row(rid, body) for rid, body in rows])
            if conn.dialect.name == "postgresql":
                conn.execute(text(f"ANALYZE {FTS_TABLE}"))   # plans from real figures at once


def _insert_sql(dialect: str) -> str:
    if dialect == "sqlite":
        return f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (:id, :body)"
    return (f"INSERT INTO {FTS_TABLE}(judgment_id, body, overflow) VALUES (:id, to_tsvector('simple', :body), "
            ":overflow)")


def _fts_row(judgment_id: int, body: str) -> dict:
    """The index row of a text: its bigrams, and whether a tsvector would lose positions of it."""
    tokens = bigrams(body).split()
    counts: dict[str, int] = {}
    for token in tokens:
        counts[token] = counts.get(token, 0) + 1
    overflow = len(tokens) > MAX_POSITION or max(counts.values(), default=0) > MAX_POSITIONS
    return {"id": judgment_id, "body": " ".join(tokens), "overflow": overflow}


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
    dialect = _dialect()
    key = "rowid" if dialect == "sqlite" else "judgment_id"
    db.session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE {key} = :id"), {"id": judgment.id})
    db.session.execute(text(_insert_sql(dialect)), _fts_row(judgment.id, body))


def unindex_judgment(judgment_id: int) -> None:
    db.session.execute(delete(ExemplarText).where(ExemplarText.judgment_id == judgment_id))
    if _dialect() == "sqlite":
        db.session.execute(text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id"), {"id": judgment_id})
    db.session.flush()


def _like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _indexed(word: str) -> bool:
    """Words the bigram index answers exactly: two or more CJK characters and nothing else."""
    return len(word) > 1 and all(_CJK.match(ch) for ch in word)


def _phrase(word: str) -> str:
    return '"' + bigrams(word) + '"'


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
    indexed = [w for w in found if _indexed(w)]
    checked = [w for w in found if w not in indexed]
    operator = ExemplarText.body.ilike if dialect == "postgresql" else ExemplarText.body.like
    conditions = [operator(_like_pattern(w), escape="\\") for w in sorted(checked, key=len, reverse=True)]
    if not indexed:
        return (select(ExemplarText.judgment_id.label("judgment_id"), literal(0.0).label("rank"))
                .where(and_(*conditions)).subquery("matches"))
    fts = (_sqlite_matches(indexed) if dialect == "sqlite" else _postgres_matches(indexed)).subquery("fts")
    if not conditions:
        return select(fts.c.judgment_id, fts.c.rank).subquery("matches")
    return (select(fts.c.judgment_id, fts.c.rank)
            .join(ExemplarText, ExemplarText.judgment_id == fts.c.judgment_id)
            .where(and_(*conditions)).subquery("matches"))


def _sqlite_matches(indexed: list[str]):
    expression = " AND ".join(_phrase(w) for w in indexed)
    return (select(literal_column("rowid").label("judgment_id"), literal_column("rank").label("rank"))
            .select_from(text(FTS_TABLE))
            .where(text(f"{FTS_TABLE} MATCH :expression").bindparams(expression=expression)))


_PG_FTS = table(FTS_TABLE, column("judgment_id"), column("body"), column("overflow"))
_SIMPLE = literal_column("'simple'::regconfig")


def _postgres_matches(indexed: list[str]):
    """The GIN-indexed phrases; texts marked `overflow` (positions a tsvector drops) by ILIKE."""
    fts = _PG_FTS
    query = functools.reduce(lambda a, b: a.op("&&")(b),
                             [func.phraseto_tsquery(_SIMPLE, bigrams(w)) for w in indexed])
    matched = (select(fts.c.judgment_id.label("judgment_id"), (-func.ts_rank(fts.c.body, query)).label("rank"))
               .where(fts.c.body.op("@@")(query), fts.c.overflow.is_(False)))
    # The text as a scalar subquery: read only for the (few) overflow rows that the partial index
    # yields; as a join the planner started from ILIKE over every text (126 ms at ten years).
    body = select(ExemplarText.body).where(ExemplarText.judgment_id == fts.c.judgment_id).scalar_subquery()
    overflowed = (select(fts.c.judgment_id, literal(0.0).label("rank"))
                  .where(fts.c.overflow.is_(True), *[body.ilike(_like_pattern(w), escape="\\") for w in indexed]))
    return union_all(matched, overflowed)


def matching_judgments(query: str) -> ColumnElement[bool]:
    """A WHERE clause `Judgment.id IN (…)` selecting the exemplars whose text contains every word."""
    matches = ranked_matches(query)
    if matches is None:
        return Judgment.id.in_(select(ExemplarText.judgment_id))
    return Judgment.id.in_(select(matches.c.judgment_id))
