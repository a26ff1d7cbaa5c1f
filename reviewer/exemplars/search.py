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
* PostgreSQL: a GIN index with `gin_trgm_ops` (extension pg_trgm) on `exemplar_texts.body`
  answers `ILIKE '%word%'` for words of three or more characters; a query of only shorter words
  is checked with the same ILIKE on every exemplar text.

The index holds the *anonymised* text, so a search for a party's real name finds nothing that the
library would then display under a pseudonym. `index_judgment` / `unindex_judgment` are called when
a ranking is published or unpublished; they flush, never commit. Measured in docs/performance.md.
"""
from __future__ import annotations

import re

from sqlalchemy import and_, delete, literal, literal_column, select, text
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
)
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

    On SQLite an `exemplar_fts` table from before the bigram index (trigram tokenizer) is dropped
    and rebuilt from exemplar_texts."""
    with db.engine.begin() as conn:
        if conn.dialect.name != "sqlite":
            for statement in POSTGRES_DDL:
                conn.execute(text(statement))
            return
        old = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = :n"), {"n": FTS_TABLE}).scalar()
        if old is not None and "trigram" in old:
            conn.execute(text(f"DROP TABLE {FTS_TABLE}"))
            old = None
        conn.execute(text(SQLITE_DDL))
        if old is None:
            rows = conn.execute(select(ExemplarText.judgment_id, ExemplarText.body)).all()
            if rows:
                conn.execute(text(f"INSERT INTO {FTS_TABLE}(rowid, body) VALUES (:id, :body)"),
                             [{"id": rid, "body": bigrams(body)} for rid, body in rows])


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
                           {"id": judgment.id, "body": bigrams(body)})


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

    SQLite: words of two or more CJK characters are answered by the FTS5 bigram index (AND of
    phrases, ranked by bm25); any other word (one character, digits, Latin letters, punctuation)
    is checked with LIKE on the candidates the index leaves, or on every text when no word is
    indexed. PostgreSQL: ILIKE for every word, the trigram index answering words of 3+ characters.
    """
    found = words(query)
    if not found:
        return None
    dialect = _dialect()
    indexed = [w for w in found if dialect == "sqlite" and _indexed(w)]
    checked = [w for w in found if w not in indexed]
    operator = ExemplarText.body.ilike if dialect == "postgresql" else ExemplarText.body.like
    conditions = [operator(_like_pattern(w), escape="\\") for w in sorted(checked, key=len, reverse=True)]
    if not indexed:
        return (select(ExemplarText.judgment_id.label("judgment_id"), literal(0.0).label("rank"))
                .where(and_(*conditions)).subquery("matches"))
    expression = " AND ".join(_phrase(w) for w in indexed)
    fts = (select(literal_column("rowid").label("judgment_id"), literal_column("rank").label("rank"))
           .select_from(text(FTS_TABLE))
           .where(text(f"{FTS_TABLE} MATCH :expression").bindparams(expression=expression)).subquery("fts"))
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
