"""Character-bigram full-text search of Chinese text, on SQLite (FTS5) and PostgreSQL (tsvector + GIN).

Used by the exemplar library (`reviewer.exemplars.search`, table `exemplar_fts`) and the judgment
list (`reviewer.judgments.search_index`, table `judgment_fts`). The rule, the same on both databases:

* A text becomes tokens (`bigrams`): every run of CJK characters as its overlapping bigrams
  ("借款合同" → "借款 款合 合同"; a lone character stays a token), every run of ASCII letters and
  digits whole; anything else only separates runs, so no token spans two runs.
* A query is split on white space into words (`words`: at most `MAX_WORDS`, duplicates dropped); a
  row matches when its text contains every word (AND).
* A word of two or more CJK characters and nothing else (`split` → indexed) is the phrase of its
  bigrams (adjacent, in order), which is exactly "contains the word". Any other word (one
  character, digits, Latin letters, punctuation, a mixed word such as a case number) is checked
  with LIKE / ILIKE (`contains`) on the text of the candidates the index leaves.
* SQLite: an FTS5 table (tokenizer unicode61) whose rowid is the row's key and whose column `body`
  holds the tokens; AND of phrases in one MATCH expression, ranked by bm25 (`rank`, smaller first).
* PostgreSQL: a table (judgment_id primary key → the indexed table, ON DELETE CASCADE; body
  tsvector under GIN; overflow) kept compressed in the row (STORAGE MAIN: with the vectors in TOAST
  the planner chose sequential scans, docs/performance.md); words are `phraseto_tsquery('simple',
  bigrams)` joined with `&&`, ranked by `-ts_rank`; the unranked `keys` may match a phrase
  through its rarest bigram and check the phrase with `ts_match_vq` (`rarest_bigrams`: the
  planner multiplies a phrase's bigram frequencies). A tsvector keeps at most 256 positions per
  lexeme and none past 16,383 (PostgreSQL documentation, "Text Search Types"): a text beyond
  either is marked `overflow` and checked with ILIKE on its text instead.

`BigramTable(plain=True)` also keeps the text itself, lower-cased, in a column `plain` (short texts
such as the judgment list's case number, cause and names), so LIKE words and overflow rows read it
there (on PostgreSQL through a pg_trgm index for words of three or more characters).
Writers flush, never commit: they run on the caller's connection, in its transaction.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from sqlalchemy import (Boolean, ColumnElement, String, and_, bindparam, cast, column, func, literal, literal_column,
                        or_, select, table, text, union_all)
from sqlalchemy.dialects.postgresql import TSQUERY

MAX_WORDS = 5
# PostgreSQL's tsvector limits: positions per lexeme, largest position.
MAX_POSITIONS, MAX_POSITION = 256, 16383
_RUNS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[0-9A-Za-z]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SIMPLE = literal_column("'simple'::regconfig")
# SQLite's filler token between runs (`gapped`): a private-use character, a token for FTS5's
# unicode61 (category Co) that no text yields (`_RUNS` never takes it).
GAP = "\ue000"


def _runs(value: str) -> list[list[str]]:
    """The tokens of each run of the text (see the module's rule)."""
    return [[run[i:i + 2] for i in range(len(run) - 1)] if _CJK.match(run) and len(run) > 1 else [run]
            for run in _RUNS.findall(value)]


def bigrams(value: str) -> str:
    """The text as index tokens: "借款合同 2021年" → "借款 款合 合同 2021 年"."""
    return " ".join(token for run in _runs(value) for token in run)


def gapped(value: str) -> list[tuple[str, int]]:
    """The text as (token, position) pairs, positions from 1 with one left free between two runs:
    a phrase (adjacent positions) then never joins the end of one run and the start of the next
    ("借款，款合" holds no 借款合). For long texts such as a judgment's whole text (`gaps=True`)."""
    pairs, position = [], 0
    for run in _runs(value):
        for token in run:
            position += 1
            pairs.append((token, position))
        position += 1
    return pairs


def words(query: str) -> list[str]:
    """The query's words (split on white space), at most MAX_WORDS, duplicates dropped."""
    return list(dict.fromkeys(query.split()))[:MAX_WORDS]


def is_indexed(word: str) -> bool:
    """Words the bigram index answers exactly: two or more CJK characters and nothing else."""
    return len(word) > 1 and all(_CJK.match(ch) for ch in word)


def split(found: list[str]) -> tuple[list[str], list[str]]:
    """(words for the index, words to check with LIKE), the latter longest first."""
    indexed = [w for w in found if is_indexed(w)]
    checked = sorted((w for w in found if w not in indexed), key=len, reverse=True)
    return indexed, checked


def clues(word: str) -> tuple[list[str], list[tuple[str, bool]]]:
    """What the index knows of a word it cannot answer exactly (a case number, "民初123号"): every
    text containing the word holds (Chinese runs of two or more characters, [(run of letters or
    digits, prefix?)]). A run of letters or digits with a character before it in the word starts
    a token of the text: a whole token when a character also follows it ("123" of "初123号"), a
    token's prefix when the word ends with it ("民初123"); at the word's start it may be the end of
    a longer token ("123号" in "1123号") and tells nothing. Necessary, not sufficient: the word is
    still checked with LIKE."""
    phrases, tokens = [], []
    for run in _RUNS.finditer(word):
        if is_indexed(run.group()):
            phrases.append(run.group())
        elif not _CJK.match(run.group()) and run.start() > 0:
            tokens.append((run.group(), run.end() == len(word)))
    return phrases, tokens


def contains(text_column, word: str, dialect: str, folded: bool = False, inline: bool = False
             ) -> ColumnElement[bool]:
    """`text_column` contains `word` literally (% and _ match themselves), ignoring letter case:
    ILIKE on PostgreSQL, LIKE on SQLite; LIKE of the lower-cased word when the column holds
    lower-cased text (`folded`: PostgreSQL's ILIKE folds every row's case, 5 µs a row for Chinese).
    `inline`: see `constant`."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    if folded:
        return text_column.like(constant(f"%{escaped.lower()}%", dialect, inline), escape="\\")
    operator = text_column.ilike if dialect == "postgresql" else text_column.like
    return operator(constant(f"%{escaped}%", dialect, inline), escape="\\")


def constant(value: str, dialect: str, inline: bool):
    """A search value, bound; `inline`: on PostgreSQL written into the statement (escaped by
    SQLAlchemy) instead. psycopg prepares a statement run five times, and PostgreSQL's generic plan for it
    cannot see the value: it estimated 25 matches for any word and chose a nested loop over the
    judgments (449 ms for 借款 at one year instead of 21 ms)."""
    return bindparam(None, value, type_=String, literal_execute=inline and dialect == "postgresql")


def fts_row(key: int, value: str, gaps: bool = False, dialect: str = "sqlite") -> dict:
    """The index row of a text: its tokens, the text lower-cased, and whether a tsvector would lose
    positions of it (`overflow`). `gaps`: positions as `gapped` gives them — on SQLite the free
    position holds the filler token GAP, on PostgreSQL `body` is a tsvector literal with them."""
    if not gaps:
        tokens = bigrams(value).split()
        counts: dict[str, int] = {}
        for token in tokens:
            counts[token] = counts.get(token, 0) + 1
        overflow = len(tokens) > MAX_POSITION or max(counts.values(), default=0) > MAX_POSITIONS
        return {"id": key, "body": " ".join(tokens), "plain": value.lower(), "overflow": overflow}
    pairs = gapped(value)
    positions: dict[str, list[int]] = {}
    for token, position in pairs:
        positions.setdefault(token.lower(), []).append(position)
    overflow = (pairs[-1][1] if pairs else 0) > MAX_POSITION or max(map(len, positions.values()), default=0) > MAX_POSITIONS
    if dialect == "sqlite":
        body = f" {GAP} ".join(" ".join(run) for run in _runs(value))
    else:   # letters, digits and CJK only: nothing to quote
        body = " ".join(f"'{token}':" + ",".join(str(p) for p in sorted({min(p, MAX_POSITION) for p in found})[:MAX_POSITIONS])
                        for token, found in positions.items())
    return {"id": key, "body": body, "plain": value.lower(), "overflow": overflow}


@dataclass(frozen=True)
class BigramTable:
    """One bigram index table: `name`, the PostgreSQL foreign key target `references`
    ("judgments (id)"), whether it keeps the text in a column `plain`, whether its queries write
    the search values into the statement on PostgreSQL (`inline`, see `constant`), whether a
    position is left free between runs (`gaps`, see `gapped`: exact phrases in long texts)."""
    name: str
    references: str
    plain: bool = False
    inline: bool = False
    gaps: bool = False

    @property
    def plain_name(self) -> str:
        """SQLite keeps `plain` in a table of its own: a LIKE over an FTS5 table's column reads
        each row through the virtual table (31 ms for 50,000 short texts, 12 ms in a plain table)."""
        return f"{self.name}_plain"

    def sqlite_ddl(self) -> tuple[str, ...]:
        plain = (f"CREATE TABLE IF NOT EXISTS {self.plain_name} (judgment_id INTEGER PRIMARY KEY, "
                 "plain TEXT NOT NULL)",) if self.plain else ()
        return (f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.name} USING fts5(body, tokenize='unicode61')", *plain)

    def sqlite_drop(self) -> tuple[str, ...]:
        return (f"DROP TABLE IF EXISTS {self.name}", *((f"DROP TABLE IF EXISTS {self.plain_name}",) if self.plain
                                                      else ()))

    def postgres_ddl(self) -> tuple[str, ...]:
        """The table (then `postgres_index_ddl`: a GIN index built after a bulk fill has no pending
        list to scan, which made a fresh index cost more than a sequential scan)."""
        plain = " plain text NOT NULL DEFAULT ''," if self.plain else ""
        return (
            f"CREATE TABLE IF NOT EXISTS {self.name} (judgment_id integer PRIMARY KEY REFERENCES {self.references} "
            f"ON DELETE CASCADE, body tsvector NOT NULL,{plain} overflow boolean NOT NULL DEFAULT false) "
            "WITH (toast_tuple_target = 8160)",
            # Compressed in the row, not in TOAST: the planner costs a scan by the heap's size, and with
            # the vectors out of line it chose a sequential scan that decompressed every vector.
            f"ALTER TABLE {self.name} ALTER COLUMN body SET STORAGE MAIN",
        )

    def postgres_index_ddl(self) -> tuple[str, ...]:
        # LIKE words of three or more characters on `plain` through pg_trgm (pieces of case numbers)
        trigram = ("CREATE EXTENSION IF NOT EXISTS pg_trgm",
                   f"CREATE INDEX IF NOT EXISTS ix_{self.name}_plain_trgm ON {self.name} USING gin (plain gin_trgm_ops)"
                   ) if self.plain else ()
        return (
            f"CREATE INDEX IF NOT EXISTS ix_{self.name}_body ON {self.name} USING gin (body)",
            f"CREATE INDEX IF NOT EXISTS ix_{self.name}_overflow ON {self.name} (judgment_id) WHERE overflow",
            *trigram,
        )

    def exists(self, conn) -> bool:
        if conn.dialect.name == "sqlite":
            found = conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = :n"), {"n": self.name})
            return found.scalar() is not None
        return conn.execute(text("SELECT to_regclass(:n)"), {"n": self.name}).scalar() is not None

    def write(self, conn, pairs, replace: bool = True) -> None:
        """Index (key, text) pairs on `conn`, replacing their earlier rows unless `replace` is False."""
        dialect = conn.dialect.name
        rows = [fts_row(key, value, self.gaps, dialect) for key, value in pairs]
        if not rows:
            return
        if replace:
            self.remove(conn, [row["id"] for row in rows])
        if dialect == "sqlite":
            conn.execute(text(f"INSERT INTO {self.name}(rowid, body) VALUES (:id, :body)"), rows)
            if self.plain:
                conn.execute(text(f"INSERT INTO {self.plain_name}(judgment_id, plain) VALUES (:id, :plain)"), rows)
            return
        plain = (", plain", ", :plain") if self.plain else ("", "")
        body = "CAST(:body AS tsvector)" if self.gaps else "to_tsvector('simple', :body)"
        conn.execute(text(f"INSERT INTO {self.name}(judgment_id, body{plain[0]}, overflow) VALUES "
                          f"(:id, {body}{plain[1]}, :overflow)"), rows)

    def _tables(self, dialect: str) -> list[tuple[str, str]]:
        if dialect != "sqlite":
            return [(self.name, "judgment_id")]
        return [(self.name, "rowid")] + ([(self.plain_name, "judgment_id")] if self.plain else [])

    def remove(self, conn, keys) -> None:
        for name, key in self._tables(conn.dialect.name):
            for key_value in keys:
                conn.execute(text(f"DELETE FROM {name} WHERE {key} = :id"), {"id": key_value})

    def empty(self, conn) -> None:
        for name, _key in self._tables(conn.dialect.name):
            conn.execute(text(f"DELETE FROM {name}"))

    def texts(self, dialect: str):
        """The table holding `plain` as a selectable (judgment_id, plain)."""
        return table(self.plain_name if dialect == "sqlite" else self.name, column("judgment_id"), column("plain"))


    def matches(self, dialect: str, indexed: list[str], overflow_text, tokens=()):
        """A select (judgment_id, rank) of the rows containing every word of `indexed` and every
        token of `tokens` ((letters or digits, prefix?), from `clues`; at least one word or token),
        best first by rank. `overflow_text(fts)` gives the text of an overflow row (PostgreSQL),
        checked for the words only."""
        if dialect == "sqlite":
            return self._sqlite_match(indexed, tokens, literal_column("rank").label("rank"))
        fts, query = self._pg(), self._tsquery(indexed, tokens)
        matched = (select(fts.c.judgment_id.label("judgment_id"),
                          (-func.ts_rank(fts.c.body, query)).label("rank"))
                   .where(fts.c.body.op("@@")(query), ~fts.c.overflow))
        # The text as a scalar subquery: read only for the (few) overflow rows the partial index
        # yields; as a join the planner started from ILIKE over every text (126 ms at ten years).
        overflowed = select(fts.c.judgment_id, literal(0.0).label("rank")).where(
            self._overflowed(fts, indexed, overflow_text))
        return union_all(matched, overflowed)

    def keys(self, dialect: str, indexed: list[str], overflow_text, tokens=(), rarest=None):
        """The rows of `matches`, unranked: a select (judgment_id) that the planner can estimate
        (PostgreSQL: one scan with OR; for a UNION it assumed 200 rows whatever the word, and
        joined 7,400 matches of 借款 at ten years before sorting them).

        `rarest` ({word: one of its bigrams}, PostgreSQL, from `rarest_bigrams`): such a word is
        matched through the index by that bigram and checked as a phrase by `ts_match_vq`, a
        function call the planner does not estimate from the lexemes. PostgreSQL estimates a
        phrase as the product of its bigrams' frequencies (35 rows for 危险驾驶 at ten years,
        4,390 real: its bigrams always occur together), so it read every match and sorted them
        (52 ms); estimated by its rarest bigram it walks the list's index and stops (3 ms)."""
        if dialect == "sqlite":
            return self._sqlite_match(indexed, tokens)
        rarest = {w: b for w, b in (rarest or {}).items() if w in indexed and len(w) > 2}
        fts = self._pg()
        query = self._tsquery([rarest.get(w, w) for w in indexed], tokens)
        # a typed constant, parsed once when planned: phraseto_tsquery() in a filter parsed it for every row
        phrases = [func.ts_match_vq(fts.c.body, cast(constant(" <-> ".join(f"'{b}'" for b in bigrams(w).split()),
                                                              "postgresql", self.inline), TSQUERY))
                   for w in indexed if w in rarest]
        return select(fts.c.judgment_id).where(or_(and_(fts.c.body.op("@@")(query), *phrases, ~fts.c.overflow),
                                                   self._overflowed(fts, indexed, overflow_text)))

    def rarest_bigrams(self, conn, words: list[str]) -> dict[str, str]:
        """PostgreSQL: {word of three or more characters: its bigram that the fewest rows hold},
        by the planner's own statistics of the column (pg_stats.most_common_elems of `body`, one
        statement): a bigram not among the most common is rarer than every one that is (as the
        planner assumes); the first of equally rare bigrams. Empty on SQLite or without such a word."""
        long = [w for w in words if len(w) > 2]
        if conn.dialect.name == "sqlite" or not long:
            return {}
        pairs = {w: [w[i:i + 2] for i in range(len(w) - 1)] for w in long}
        frequency = dict(conn.execute(text(
            "SELECT e.elem, e.freq FROM pg_stats s, unnest(s.most_common_elems::text::text[], "
            "s.most_common_elem_freqs) AS e(elem, freq) WHERE s.schemaname = current_schema() "
            "AND s.tablename = :name AND s.attname = 'body' AND e.elem = ANY(:bigrams)"),
            {"name": self.name, "bigrams": sorted({b for pair in pairs.values() for b in pair})}).all())
        return {w: min(pair, key=lambda b: frequency.get(b, 0.0)) for w, pair in pairs.items()}

    def _sqlite_match(self, indexed, tokens, *columns):
        expression = " AND ".join(['"' + bigrams(w) + '"' for w in indexed]
                                  + [f'"{t}"' + (" *" if prefix else "") for t, prefix in tokens])
        return (select(literal_column("rowid").label("judgment_id"), *columns).select_from(text(self.name))
                .where(text(f"{self.name} MATCH :expression").bindparams(expression=expression)))

    def _pg(self):
        return table(self.name, column("judgment_id"), column("body"), column("plain"), column("overflow", Boolean))

    def _tsquery(self, indexed, tokens):
        return functools.reduce(lambda a, b: a.op("&&")(b), [
            *[func.phraseto_tsquery(_SIMPLE, constant(bigrams(w), "postgresql", self.inline)) for w in indexed],
            # letters and digits only (`clues`): nothing the tsquery syntax would read
            *[func.to_tsquery(_SIMPLE, constant(t + (":*" if prefix else ""), "postgresql", self.inline))
              for t, prefix in tokens]])

    def _overflowed(self, fts, indexed, overflow_text):
        return and_(fts.c.overflow, *[contains(overflow_text(fts), w, "postgresql", self.plain, self.inline)
                                      for w in indexed])
