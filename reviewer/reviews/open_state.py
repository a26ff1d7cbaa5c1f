"""Which assignments are open: `Assignment.submitted_at`, kept equal to the sheet's state on every flush.

An assignment is *open* while its reviewer has not submitted the sheet: no sheet yet, a draft, or a
sheet the office sent back (退回). Counting open assignments by joining every assignment ever made
to its review grows with the years (150,000 rows at ten years, docs/performance.md); the
assignment's own `submitted_at` (NULL while open, under the partial index `ix_assignments_open`)
answers from the few hundred open rows instead.

The rule, applied by a `before_flush` hook (wired in `reviewer/wiring.py`) so that no code path —
submit, reopen after an objection, the demo, a test factory — can forget it:
- a sheet in status SUBMITTED → its assignment's `submitted_at` is the sheet's `submitted_at`
  (the flush time if the sheet carries none);
- a sheet in any other status, or a deleted sheet whose assignment stays → NULL.
Rows written with bulk inserts outside the ORM (scripts/make_scale_data.py) set the column
themselves; the migration that added it filled it from the reviews in SQL.
"""
from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from models import Assignment, Review, ReviewStatus, utcnow

__all__ = ["sync_open_assignments", "open_assignment", "submitted_time"]

open_assignment = Assignment.submitted_at.is_(None)   # the WHERE clause the partial index answers


def submitted_time(review: Review | None):
    """The value `Assignment.submitted_at` must hold for this sheet (None: the assignment is open)."""
    if review is None or review.status != ReviewStatus.SUBMITTED:
        return None
    return review.submitted_at or utcnow()


def sync_open_assignments(session: Session, _context, _instances) -> None:
    """before_flush: bring the assignments of new, changed and deleted sheets in line with them."""
    with session.no_autoflush:
        for obj in list(session.new) + list(session.dirty):
            if isinstance(obj, Review) and _state_changed(obj):
                _set(obj.assignment, submitted_time(obj))
        for obj in list(session.deleted):
            if isinstance(obj, Review):
                assignment = _assignment_of(session, obj)
                if assignment is not None and assignment not in session.deleted:
                    _set(assignment, None)


def _state_changed(review: Review) -> bool:
    state = inspect(review)
    if state.pending:
        return True
    attrs = state.attrs
    return any(attrs[name].history.has_changes() for name in ("status", "submitted_at", "assignment"))


def _assignment_of(session: Session, review: Review) -> Assignment | None:
    loaded = inspect(review).attrs.assignment.loaded_value
    if isinstance(loaded, Assignment):
        return loaded
    if review.assignment_id is None:
        return None
    return session.get(Assignment, review.assignment_id)


def _set(assignment: Assignment | None, value) -> None:
    if assignment is not None and assignment.submitted_at != value:
        assignment.submitted_at = value
