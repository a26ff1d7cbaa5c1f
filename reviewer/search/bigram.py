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

One such table is a `reviewer.search.bigram_table.BigramTable`; with `plain=True` it also keeps
the text itself, lower-cased, in a column `plain` (short texts such as the judgment list's case
number, cause and names), so LIKE words and overflow rows read it there (on PostgreSQL through a
pg_trgm index for words of three or more characters).
Writers flush, never commit: they run on the caller's connection, in its transaction.
"""
from __future__ import annotations

import re

from sqlalchemy import ColumnElement, String, bindparam, literal_column

MAX_WORDS = 5
# PostgreSQL's tsvector limits: positions per lexeme, largest position.
MAX_POSITIONS, MAX_POSITION = 256, 16383
_RUNS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[0-9A-Za-z]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
SIMPLE = literal_column("'simple'::regconfig")
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
