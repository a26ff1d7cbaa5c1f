"""Progress of the month where the office plans (本月已评 12/15 · 待确认 3 · 已公布 8), per court and
per programme (kind of subject), counted in SQL: one statement for every kind, whatever the data.

Counts, for the subjects on a month's board (`SubjectKind.board_filter`, published ones included):
- `total`: the subjects; `assigned`: with at least one reviewer;
- `reviewed`: every sheet submitted and combined (the evaluation has a computed score);
- `to_confirm`: reviewed but the final grade not yet confirmed; `confirmed`: a final grade;
- `published`: the evaluation is locked by a published list.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import String, and_, bindparam, case, func, literal, select, union_all

from models import Assignment, Court, Evaluation
from models.ranking import MonthlyRanking
from reviewer import subjects
from reviewer.extensions import db

COUNTED = ("total", "assigned", "reviewed", "to_confirm", "confirmed", "published")


@dataclass
class Counts:
    total: int = 0
    assigned: int = 0
    reviewed: int = 0
    to_confirm: int = 0
    confirmed: int = 0
    published: int = 0

    def add(self, other: "Counts") -> None:
        for name in COUNTED:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class KindProgress:
    kind: str
    label: str
    totals: Counts = field(default_factory=Counts)
    courts: list[tuple[str, Counts]] = field(default_factory=list)  # (court name, counts) by court order


def _one(count) -> object:
    return func.coalesce(func.sum(case((count, 1), else_=0)), 0)


def _kind_counts(spec, month, postgresql: bool):
    """One kind's month grouped by court: (kind, court id, total, assigned, reviewed, to_confirm,
    confirmed, published), a SELECT to be combined with the other kinds'.

    On PostgreSQL the evaluations joined are also limited to `subject_id = ANY(ARRAY(the month's
    subject ids))`: with the join condition alone its planner hashed every evaluation of the kind
    (a scan of ten years' evaluations, 12 ms at 10 years) instead of looking up the month's few
    hundred by `uq_evaluations_subject_kind` (1 ms). SQLite looks them up by that index already."""
    model = spec.model
    assigned = select(Assignment.id).where(Assignment.subject_kind == spec.kind,
                                           Assignment.subject_id == model.id).exists()
    reviewed = Evaluation.computed_score.is_not(None)
    joined = [Evaluation.subject_kind == spec.kind, Evaluation.subject_id == model.id]
    if postgresql:
        month_ids = select(model.id).where(spec.on_board(month)).scalar_subquery()
        joined.append(Evaluation.subject_id == func.any(func.array(month_ids)))
    return (
        select(literal(spec.kind, String).label("kind"), model.court_id.label("court_id"),
               func.count(model.id).label("total"), _one(assigned).label("assigned"),
               _one(reviewed).label("reviewed"),
               _one(and_(reviewed, Evaluation.final_grade.is_(None))).label("to_confirm"),
               _one(Evaluation.final_grade.is_not(None)).label("confirmed"),
               _one(Evaluation.locked.is_(True)).label("published"))
        .outerjoin(Evaluation, and_(*joined))
        .where(spec.on_board(month))
        .group_by(model.court_id))


_MONTH = bindparam("progress_month", type_=String)
_statements: dict[tuple, object] = {}


def _statement(specs):
    """The kinds' grouped counts (UNION ALL) joined to their courts' names and codes, for the month
    bound to "progress_month". Built once per set of kinds and reused: building this statement
    cost more than running it (each kind's select, its EXISTS and six sums)."""
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    key = (postgresql, *((spec.kind, id(spec)) for spec in specs))
    statement = _statements.get(key)
    if statement is None:
        counts = union_all(*(_kind_counts(spec, _MONTH, postgresql) for spec in specs)).subquery()
        statement = _statements[key] = (select(counts, Court.name, Court.code)
                                        .outerjoin(Court, Court.id == counts.c.court_id))
    return statement


def month_progress(month: str) -> list[KindProgress]:
    """Every programme's progress for `month` (kinds without a month are left out), in one
    statement whatever the data. Courts are listed by code; a subject without a court shows as "—"."""
    specs = [spec for spec in subjects.kinds() if spec.month_filter is not None]
    if not specs:
        return []
    rows = db.session.execute(_statement(specs), {"progress_month": month}).all()
    per_kind: dict[str, list] = {spec.kind: [] for spec in specs}
    for row in rows:
        per_kind[row.kind].append(row)
    result = []
    for spec in specs:
        progress = KindProgress(spec.kind, spec.label)
        for row in sorted(per_kind[spec.kind], key=lambda r: (r.code or "", r.court_id or 0)):
            counts = Counts(*(int(getattr(row, name)) for name in COUNTED))
            progress.totals.add(counts)
            progress.courts.append((row.name or "—", counts))
        result.append(progress)
    return result


def ranking_status(month: str):
    """The month's excellent/flawed list: its status, or None when not compiled."""
    return db.session.scalar(select(MonthlyRanking.status).where(MonthlyRanking.month == month))
