"""The judgment list's whole-text search (检索全文) as a condition on the judgments: words of two
or more Chinese characters through the index `judgment_text_fts` (kept by
`reviewer.judgments.search_index`; exact: `bigram.gapped`), other words narrowed by the index
where they hold Chinese runs or whole tokens (`bigram.clues`) and checked on the judgment's own
paragraphs. `text_match` takes a query apart (`TextMatch`, which `reviewer.judgments.text_window`
bounds by months on SQLite); `matching_text` is its plain condition.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import (ColumnElement, Select, Text, and_, cast, func, literal, literal_column, select,
                        type_coerce)

from models import Judgment
from reviewer.extensions import db
from reviewer.judgments.search_index import MAX_QUERY, TEXT_INDEX, TEXT_TABLE, clues_of
from reviewer.search import bigram

# Words JSON writes as they are (printable ASCII but the quote and the backslash): `paragraph_contains`
RAW_JSON_SAFE = re.compile(r'[\x20-\x21\x23-\x5b\x5d-\x7e]+')


def paragraph_contains(word: str, dialect: str) -> ColumnElement[bool]:
    """The judgment (of the enclosing query) has a paragraph containing `word` literally, ignoring
    letter case: its stored paragraphs decoded by the database (json_each / json_array_elements_text;
    the JSON escapes Chinese, so LIKE on the column itself would not see it). A word holds no white
    space, so within one paragraph is within the whole text.

    A word of printable ASCII other than `"` and `\\` is written as it is in the stored JSON, so the
    column's raw text must contain it: that LIKE comes first and spares decoding the JSON of the
    judgments without it (3-6x faster on ten years' texts; the decoded check keeps it exact, as
    the raw text also holds escapes such as \\u4e2d)."""
    elements = (func.json_each if dialect == "sqlite" else func.json_array_elements_text)(Judgment.paragraphs)
    value = elements.table_valued("value")
    decoded = select(literal(1)).select_from(value).where(
        bigram.contains(value.c.value, word, dialect, inline=True)).exists()
    if not RAW_JSON_SAFE.fullmatch(word):
        return decoded
    raw = type_coerce(Judgment.paragraphs, Text) if dialect == "sqlite" else cast(Judgment.paragraphs, Text)
    return and_(bigram.contains(raw, word, dialect, inline=True), decoded)


def _text_overflow(fts):
    """The whole text of an overflow row (PostgreSQL), from the judgment's paragraphs."""
    return literal_column(f"(SELECT string_agg(p, E'\\n') FROM judgments j, json_array_elements_text(j.paragraphs) "
                          f"AS p WHERE j.id = {TEXT_TABLE}.judgment_id)")


@dataclass(frozen=True)
class TextMatch:
    """A whole-text query taken apart (`text_match`): `keys` a select of the ids of the judgments
    the index finds (None when no word goes through it), `checked` the conditions on the judgment's
    own paragraphs for the words the index cannot answer."""
    keys: Select | None
    checked: tuple[ColumnElement[bool], ...]
    dialect: str

    def condition(self, first_id=None, last_id=None, driving: bool = False) -> ColumnElement[bool]:
        """The condition on `Judgment`; on SQLite with the index's ids bounded to
        [`first_id`, `last_id`] (SQL expressions or numbers; FTS5 then reads only that part of
        each word's list: `reviewer.judgments.text_window`). SQLite keeps the list's order index
        for the plan (`+ 0`, as in `matching`) unless `driving`: then the matches drive the
        statement (looked up by id and sorted), right when they are known to be few."""
        conditions = list(self.checked)
        if self.keys is not None:
            keys = self.keys
            if first_id is not None and self.dialect == "sqlite":
                keys = keys.where(literal_column("rowid").between(first_id, last_id))
            listed = Judgment.id + 0 if self.dialect == "sqlite" and not driving else Judgment.id
            conditions.insert(0, listed.in_(keys))
        return and_(*conditions)


def text_match(query: str, dialect: str) -> TextMatch | None:
    """The judgments whose whole text contains every word of `query` (its first MAX_QUERY
    characters), as `matching` does for the list's fields: words of two or more Chinese characters
    through `judgment_text_fts` (exact: `bigram.gapped`), other words narrowed by the index where
    they hold Chinese runs or whole tokens (`bigram.clues`) and checked on the paragraphs. None
    when the query has no word."""
    found = bigram.words((query or "")[:MAX_QUERY])
    if not found:
        return None
    indexed, checked = bigram.split(found)
    phrases, tokens = clues_of(indexed, checked)
    keys = None
    if phrases or tokens:
        rarest = TEXT_INDEX.rarest_bigrams(db.session.connection(), phrases)
        keys = TEXT_INDEX.keys(dialect, phrases, _text_overflow, tokens, rarest)
    return TextMatch(keys, tuple(paragraph_contains(w, dialect) for w in checked), dialect)


def matching_text(query: str, dialect: str) -> ColumnElement[bool] | None:
    """`text_match`'s condition on `Judgment`; None when the query has no word."""
    match = text_match(query, dialect)
    return None if match is None else match.condition()
