"""The reviewers' month totals (`models.review_totals.ReviewerMonthTotal`), kept on write.

The statistics page's severity table sums, over a period, each reviewer's submitted sheets: their
count, total deductions, and each sheet's difference from the mean of the subject's other sheets
(reviewer/stats/queries.py states the rule). A difference changes whenever a co-reviewer's sheet
changes, so the rows are not adjusted by increments: a flush that changes a submitted sheet (or a
sheet that becomes or stops being submitted, or a subject's month) rebuilds the month's rows of
that kind from the sheets, in the same transaction (`keep_month_totals`, an "after_flush" hook
wired in reviewer/wiring.py). A month is ~1,300 sheets at the scale of docs/performance.md: one
DELETE and one INSERT … SELECT of a few milliseconds, on a sheet's submission or reopening.

On PostgreSQL two transactions rebuilding the same month take turns on an advisory lock held to
their commit, and each statement reads what the other committed (READ COMMITTED): the month's rows
always follow the committed sheets. SQLite runs one writer at a time anyway. No Flask here.
"""
from __future__ import annotations

import zlib
from collections import defaultdict

from sqlalchemy import case, delete, func, insert, inspect, literal, select
from sqlalchemy.engine import Connection

from models import Hearing, Judgment, Review, ReviewerMonthTotal, ReviewStatus

SUBJECT_MODELS = {"judgment": Judgment, "hearing": Hearing}
_KIND_OF_MODEL = {model: kind for kind, model in SUBJECT_MODELS.items()}


def month_rows(kind: str, months: list[str] | None = None):
    """SELECT of (kind, month, reviewer id, sheets, deduction sum, compared, difference sum) from
    the submitted sheets of `kind` on subjects of `months` (all months when None)."""
    model = SUBJECT_MODELS[kind]
    sheets = (select(Review.reviewer_id, Review.subject_id, model.month, Review.deduction_total.label("total"))
              .join(model, model.id == Review.subject_id)
              .where(Review.subject_kind == kind, Review.status == ReviewStatus.SUBMITTED))
    if months is not None:
        sheets = sheets.where(Review.subject_id.in_(select(model.id).where(model.month.in_(months))))
    sheets = sheets.cte("sheets")
    subjects = (select(sheets.c.subject_id, func.sum(sheets.c.total).label("sum_total"), func.count().label("n"))
                .group_by(sheets.c.subject_id).cte("subject_sums"))
    # "* 1.0": SQLite stores whole-number decimals as integers and would divide them as integers.
    difference = case((subjects.c.n > 1, sheets.c.total - (subjects.c.sum_total - sheets.c.total) * 1.0
                       / (subjects.c.n - 1)), else_=None)
    return (select(literal(kind), sheets.c.month, sheets.c.reviewer_id, func.count(), func.sum(sheets.c.total),
                   func.count(difference), func.sum(difference))
            .join(subjects, subjects.c.subject_id == sheets.c.subject_id)
            .group_by(sheets.c.month, sheets.c.reviewer_id))


_COLUMNS = ["subject_kind", "month", "reviewer_id", "sheets", "deduction_sum", "compared", "difference_sum"]


def rebuild(connection: Connection, kind: str, months: list[str] | None = None) -> None:
    """Replace the rows of `kind` for `months` (every month when None) by those computed from the
    sheets; on PostgreSQL, first wait for any other transaction rebuilding one of these months."""
    table = ReviewerMonthTotal.__table__
    if months is not None:
        months = sorted(set(months))
        if not months:
            return
        if connection.dialect.name == "postgresql":
            for month in months:   # sorted: two transactions lock in the same order
                connection.execute(select(func.pg_advisory_xact_lock(_lock_key(kind, month))))
    where = [table.c.subject_kind == kind] + ([table.c.month.in_(months)] if months is not None else [])
    connection.execute(delete(table).where(*where))
    connection.execute(insert(table).from_select(_COLUMNS, month_rows(kind, months)))


def _lock_key(kind: str, month: str) -> int:
    return zlib.crc32(f"reviewer_month_totals:{kind}:{month}".encode())


def _counts(review: Review, new: bool) -> bool:
    """Whether the sheet was or is submitted (and so counts in some month's totals)."""
    if new:
        return review.status == ReviewStatus.SUBMITTED
    history = inspect(review).attrs.status.history
    return ReviewStatus.SUBMITTED in (*history.added, *history.unchanged, *history.deleted)


def _changed(obj, *names) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def keep_month_totals(session, _flush_context) -> None:
    """Session "after_flush": rebuild the month totals touched by this flush (module docstring).

    Touched: the month of a subject whose submitted sheet was added, deleted, or changed in status,
    total, subject or reviewer (a sheet that becomes or stops being submitted included); both
    months of a judgment or hearing whose month changed, and the month of one deleted."""
    subject_ids: dict[str, set[int]] = defaultdict(set)
    months: dict[str, set[str]] = defaultdict(set)
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Review) and obj.subject_kind in SUBJECT_MODELS:
            new = obj in session.new
            if not _counts(obj, new) or not (new or obj in session.deleted
                                              or _changed(obj, "status", "deduction_total", "subject_id",
                                                          "reviewer_id")):
                continue
            history = inspect(obj).attrs.subject_id.history
            subject_ids[obj.subject_kind].update(i for i in (*history.added, *history.unchanged,
                                                             *history.deleted) if i is not None)
        elif type(obj) in _KIND_OF_MODEL:
            kind = _KIND_OF_MODEL[type(obj)]
            if obj in session.deleted:
                months[kind].add(obj.month)
            elif obj in session.dirty:
                history = inspect(obj).attrs.month.history
                if history.has_changes():
                    months[kind].update(m for m in (*history.added, *history.deleted) if m)
    if not subject_ids and not months:
        return
    connection = session.connection()
    for kind, ids in subject_ids.items():
        model = SUBJECT_MODELS[kind]
        months[kind].update(connection.scalars(select(model.month).where(model.id.in_(ids))))
    for kind, touched in months.items():
        rebuild(connection, kind, list(touched))
