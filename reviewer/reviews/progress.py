"""Progress of the month where the office plans (本月已评 12/15 · 待确认 3 · 已公布 8), per court and
per programme (kind of subject), counted in SQL: one grouped query per kind, whatever the data.

Counts, for the subjects on a month's board (`SubjectKind.board_filter`, published ones included):
- `total`: the subjects; `assigned`: with at least one reviewer;
- `reviewed`: every sheet submitted and combined (the evaluation has a computed score);
- `to_confirm`: reviewed but the final grade not yet confirmed; `confirmed`: a final grade;
- `published`: the evaluation is locked by a published list.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, select

from models import Assignment, Court, Evaluation
from models.ranking import MonthlyRanking
from reviewer import subjects
from reviewer.extensions import db


@dataclass
class Counts:
    total: int = 0
    assigned: int = 0
    reviewed: int = 0
    to_confirm: int = 0
    confirmed: int = 0
    published: int = 0

    def add(self, other: "Counts") -> None:
        for name in ("total", "assigned", "reviewed", "to_confirm", "confirmed", "published"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class KindProgress:
    kind: str
    label: str
    totals: Counts = field(default_factory=Counts)
    courts: list[tuple[str, Counts]] = field(default_factory=list)  # (court name, counts) by court order


def _one(count) -> object:
    return func.coalesce(func.sum(case((count, 1), else_=0)), 0)


def kind_progress(spec, month: str) -> list[tuple[int, Counts]]:
    """(court id, counts) for one kind's month, in one query."""
    model = spec.model
    assigned = select(Assignment.id).where(Assignment.subject_kind == spec.kind,
                                           Assignment.subject_id == model.id).exists()
    reviewed = Evaluation.computed_score.is_not(None)
    rows = db.session.execute(
        select(model.court_id, func.count(model.id), _one(assigned), _one(reviewed),
               _one(and_(reviewed, Evaluation.final_grade.is_(None))),
               _one(Evaluation.final_grade.is_not(None)), _one(Evaluation.locked.is_(True)))
        .outerjoin(Evaluation, and_(Evaluation.subject_kind == spec.kind, Evaluation.subject_id == model.id))
        .where(spec.on_board(month))
        .group_by(model.court_id)).all()
    return [(row[0], Counts(*(int(v) for v in row[1:]))) for row in rows]


def month_progress(month: str) -> list[KindProgress]:
    """Every programme's progress for `month` (kinds without a month are left out)."""
    result, per_kind = [], []
    for spec in subjects.kinds():
        if spec.month_filter is None:
            continue
        per_kind.append((spec, kind_progress(spec, month)))
    court_ids = {court_id for _spec, rows in per_kind for court_id, _c in rows}
    courts = {c.id: c for c in db.session.scalars(select(Court).where(Court.id.in_(court_ids)))} if court_ids else {}
    for spec, rows in per_kind:
        progress = KindProgress(spec.kind, spec.label)
        for court_id, counts in sorted(rows, key=lambda r: (courts[r[0]].code if r[0] in courts else "", r[0])):
            progress.totals.add(counts)
            progress.courts.append((courts[court_id].name if court_id in courts else "—", counts))
        result.append(progress)
    return result


def ranking_status(month: str):
    """The month's excellent/flawed list: its status, or None when not compiled."""
    return db.session.scalar(select(MonthlyRanking.status).where(MonthlyRanking.month == month))
