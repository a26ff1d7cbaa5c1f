"""The assignment board's rows: for each subject on the page, its assignments, its evaluation and
the reviewers it may still be given. No Flask here.

The page shows 20 subjects and, in each row's hand-assignment list, every reviewer that recusal
allows (DOMAIN.md, assignment; `reviewer.subjects.recusal`). The reviewers are read once per view
as plain rows (`choices`), not as ORM users; a row only lists the allowed reviewers' ids, and the
page carries each reviewer's <option> once (templates/reviews/board.html), from which the rows'
lists are filled in the browser.

Every read here is a column select (tuples, not entities): the board shows a few fields of each
assignment and reviewer, and loading users, courts and sheets as ORM objects cost more than the
statements themselves.
"""
from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy import JSON, Text, inspect, select
from sqlalchemy.orm import defer

from models import Assignment, Court, Evaluation, Review, ReviewStatus, Role, User, UserRole
from reviewer.agreement import calibration
from reviewer.extensions import db
from reviewer.subjects import recusal


class Choice(NamedTuple):
    """A reviewer the office may assign: the fields recusal and the option text need (the same
    names as on `User`, so `recusal.reviewer_info` takes it)."""

    id: int
    display_name: str
    court_id: int | None
    court_name: str
    active: bool


class Assigned(NamedTuple):
    """One assignment as the board shows it: its reviewer's name and court, and the sheet's status
    (None when the reviewer has not started)."""

    id: int
    subject_id: int
    reviewer_id: int
    name: str
    court_name: str
    is_leader: bool
    due_date: date | None
    status: ReviewStatus | None

    @property
    def locked(self) -> bool:
        """The sheet is submitted (it can no longer be withdrawn)."""
        return self.status == ReviewStatus.SUBMITTED


class BoardRow(NamedTuple):
    """One subject on the board: `assignments` oldest first, `evaluation` or None, and
    `eligible`: the ids of the reviewers it may still be given, in the reviewers' order."""

    subject: object
    assignments: list[Assigned]
    evaluation: Evaluation | None
    eligible: list[int]


def unread_columns(model) -> list:
    """Loader options deferring the subject's JSON and text columns, which the board never shows
    (a judgment's paragraphs are 8 KB of JSON a row, parsed for nothing on every view)."""
    return [defer(attr.class_attribute) for attr in inspect(model).column_attrs
            if isinstance(attr.columns[0].type, (JSON, Text))]


def choices() -> list[Choice]:
    """Active reviewers by court and id, with their court's name, in one statement (plus the
    calibration setting's, and the calibrated ids when the office requires calibration): the
    same people as `assigning.reviewers()`."""
    rows = db.session.execute(
        select(User.id, User.display_name, User.court_id, Court.name, User.active)
        .join(UserRole, UserRole.user_id == User.id).outerjoin(Court, Court.id == User.court_id)
        .where(UserRole.role == Role.REVIEWER, User.active.is_(True))
        .order_by(User.court_id, User.id)).all()
    return calibration.only_calibrated([Choice(r[0], r[1], r[2], r[3] or "", r[4]) for r in rows])


def assigned(kind: str, subject_ids) -> dict[int, list[Assigned]]:
    """{subject id: its assignments, oldest first} for `subject_ids` (each id present), in one
    statement joined to the reviewers, their courts and their sheets."""
    result: dict[int, list[Assigned]] = {sid: [] for sid in subject_ids}
    if not result:
        return result
    rows = db.session.execute(
        select(Assignment.id, Assignment.subject_id, Assignment.reviewer_id, User.display_name, Court.name,
               Assignment.is_leader, Assignment.due_date, Review.status)
        .join(User, User.id == Assignment.reviewer_id).outerjoin(Court, Court.id == User.court_id)
        .outerjoin(Review, Review.assignment_id == Assignment.id)
        .where(Assignment.subject_kind == kind, Assignment.subject_id.in_(list(result)))
        .order_by(Assignment.id))
    for row in rows:
        result[row[1]].append(Assigned(row[0], row[1], row[2], row[3], row[4] or "", bool(row[5]), row[6], row[7]))
    return result


def rows(spec, subjects: list, people: list) -> list[BoardRow]:
    """The board's rows for `subjects` (the page's items) and the candidate reviewers `people`
    (`choices()`): two statements (the assignments with their reviewers and sheets, the
    evaluations), then recusal checked in Python on each (subject, reviewer) pair."""
    ids = [obj.id for obj in subjects]
    assignments = assigned(spec.kind, ids)
    results = {e.subject_id: e for e in db.session.scalars(select(Evaluation).where(
        Evaluation.subject_kind == spec.kind, Evaluation.subject_id.in_(ids)))} if ids else {}
    infos = [recusal.reviewer_info(u) for u in people]
    result = []
    for obj in subjects:
        subject = recusal.subject_info(spec, obj, {a.reviewer_id for a in assignments[obj.id]})
        eligible = [info.id for info in infos if info.id not in subject.assigned
                    and recusal.recusal_reason(info, subject) is None]
        result.append(BoardRow(obj, assignments[obj.id], results.get(obj.id), eligible))
    return result
