"""`BigramTable`: one bigram index table (`reviewer.search.bigram`'s rule) on SQLite (FTS5) and
PostgreSQL (tsvector + GIN): its DDL, writers (on the caller's connection, in its transaction) and
the selects that match, rank and probe it. Used by the exemplar library (`exemplar_fts`) and the
judgment list (`judgment_fts`, `judgment_text_fts`)."""
from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import Boolean, and_, cast, column, func, literal, literal_column, or_, select, table, text, union_all
from sqlalchemy.dialects.postgresql import TSQUERY

from reviewer.search.bigram import SIMPLE, bigrams, constant, contains, fts_row


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
        return (select(literal_column("rowid").label("judgment_id"), *columns).select_from(table(self.name))
                .where(text(f"{self.name} MATCH :expression").bindparams(expression=expression)))

    def _pg(self):
        return table(self.name, column("judgment_id"), column("body"), column("plain"), column("overflow", Boolean))

    def _tsquery(self, indexed, tokens):
        return functools.reduce(lambda a, b: a.op("&&")(b), [
            *[func.phraseto_tsquery(SIMPLE, constant(bigrams(w), "postgresql", self.inline)) for w in indexed],
            # letters and digits only (`clues`): nothing the tsquery syntax would read
            *[func.to_tsquery(SIMPLE, constant(t + (":*" if prefix else ""), "postgresql", self.inline))
              for t, prefix in tokens]])

    def _overflowed(self, fts, indexed, overflow_text):
        return and_(fts.c.overflow, *[contains(overflow_text(fts), w, "postgresql", self.plain, self.inline)
                                      for w in indexed])
