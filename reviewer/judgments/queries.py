"""Read-side queries for judgments: the filtered, permission-scoped list (keyset-paged, see
`reviewer/keyset.py`, on ix_judgments_month / ix_judgments_court_month), searched through the
bigram index `judgment_fts` or, with `fulltext`, `judgment_text_fts` (`reviewer/judgments/search_index.py`)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import defer, joinedload

from models import Judgment, JudgmentStatus, Purpose
from reviewer import keyset
from reviewer import permissions as p
from reviewer.extensions import db
from reviewer.judgments import search_index, text_search, text_window

# The list never shows a judgment's text: its paragraphs and people stay in the database.
TEXT_DEFERRED = (defer(Judgment.paragraphs), defer(Judgment.parties), defer(Judgment.signatories),
                  defer(Judgment.section_ranges))
# The list's order, newest first (the keyset).
LIST_ORDER = (Judgment.month, Judgment.id)


def judgment_list_page(user, filters: dict, args, per_page: int = 20, cap: int = 1000):
    """A keyset page (`reviewer.keyset.KeysetPage`) of `judgment_list_query`; a whole-text search
    on SQLite is read in windows of months (`reviewer.judgments.text_window`)."""
    dialect = db.engine.dialect.name
    if filters.get("q") and filters.get("fulltext") == "1" and dialect == "sqlite":
        match = text_search.text_match(filters["q"], dialect)
        base = _scoped(user, filters)
        if match is not None and match.keys is not None:
            windows = text_window.TextWindows(base, match, per_page + 1, month=filters.get("month"), cap=cap)
            if windows.usable:
                return keyset.paginate(base.where(match.condition()), LIST_ORDER, args, per_page=per_page, cap=cap,
                                       narrowed=windows.narrowed, counted=windows.count())
    return keyset.paginate(judgment_list_query(user, filters), LIST_ORDER, args, per_page=per_page, cap=cap)


def judgment_list_query(user, filters: dict):
    """Judgments the user may list (admin: all; liaison: own court), filtered, searched, newest first."""
    query = _scoped(user, filters)
    if filters.get("q"):   # every word in the case number, cause, document type or a person's name
        # or, with 检索全文 (`fulltext`), in the judgment's whole text
        search = text_search.matching_text if filters.get("fulltext") == "1" else search_index.matching
        matching = search(filters["q"], db.engine.dialect.name)
        if matching is not None:
            query = query.where(matching)
    return query


def _scoped(user, filters: dict):
    """The list before its search: the judgments the user may list, filtered, newest first."""
    query = select(Judgment).options(joinedload(Judgment.court), joinedload(Judgment.file),
                                     joinedload(Judgment.judge), *TEXT_DEFERRED)
    if not p.is_admin(user):
        query = query.where(Judgment.court_id == user.court_id)
    if filters.get("court"):
        query = query.where(Judgment.court_id == filters["court"])
    if filters.get("month"):
        query = query.where(Judgment.month == filters["month"])
    if filters.get("doc_type"):
        query = query.where(Judgment.doc_type == filters["doc_type"])
    if filters.get("status") in {s.value for s in JudgmentStatus}:
        query = query.where(Judgment.status == JudgmentStatus(filters["status"]))
    if filters.get("purpose") in {s.value for s in Purpose}:
        query = query.where(Judgment.purpose == Purpose(filters["purpose"]))
    return query.order_by(Judgment.month.desc(), Judgment.id.desc())
