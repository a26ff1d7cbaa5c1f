"""Loading a period's submitted sheets for the agreement statistics, in a constant number of SQL statements.

A scope is (kind of subject, months, one score-sheet version): every review of one subject uses the
same version, and items are compared within a version. The statements, whatever the data size:

1. the versions used in the scope with their sheet counts (to pick the most used by default);
2. the version's items (ordered as on the sheet);
3. the submitted reviews (id, subject, reviewer), in submission order;
4. their non-zero item deductions and veto hits (an absent row means no deduction);
5. the reviewers' names.

The severity model needs only each sheet's total deduction: `sheet_totals` reads one row per sheet
(`reviews.deduction_total`, kept on write) in two statements, without the item rows.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlalchemy import Float, and_, cast, func, or_, select

from models import Hearing, Judgment, Review, ReviewItemScore, ReviewStatus, ScoreItem, ScoreSection, ScoreSheet, User
from models.reversal import ReversalCase
from reviewer.agreement.report import ItemInfo, SheetData
from reviewer.extensions import db

SUBJECT_MODELS = {"judgment": Judgment, "hearing": Hearing, "reversal": ReversalCase}
SUBJECT_LABELS = {"judgment": "裁判文书", "hearing": "庭审录像", "reversal": "发改案件"}


@dataclass(frozen=True)
class SheetVersion:
    id: int
    label: str
    sheets: int


def _in_scope(kind: str, months, sheet_id: int | None = None):
    """The scope's submitted reviews as one condition on `reviews`.

    The months' subject ids drive the plan (`subject_id IN (SELECT id … WHERE month IN …)`,
    answered from `ix_<subjects>_month` and `ix_reviews_subject`): with a join on the month instead,
    SQLite walked every submitted review of every year through `ix_reviews_status` (0.8 s for a
    quarter at ten years' data, docs/performance.md). PostgreSQL gets `subject_id = ANY(ARRAY(…))`:
    for `IN (SELECT …)` its planner chose a hash join over a parallel scan of every review (58 ms
    at ten years), for the array an index scan of `ix_reviews_subject` (3 ms)."""
    model = SUBJECT_MODELS[kind]
    subjects = select(model.id).where(model.month.in_(list(months))).scalar_subquery()
    if db.session.get_bind().dialect.name == "postgresql":
        in_subjects = Review.subject_id == func.any(func.array(subjects))
    else:
        in_subjects = Review.subject_id.in_(subjects)
    conditions = [Review.subject_kind == kind, Review.status == ReviewStatus.SUBMITTED, in_subjects]
    if sheet_id is not None:
        conditions.append(Review.sheet_id == sheet_id)
    return and_(*conditions)


def _fetch(statement) -> list[tuple]:
    """All rows of `statement` as the driver's plain tuples.

    Only for columns that need no SQLAlchemy type processing (integers, a float cast, booleans):
    building a `Row` per row costs about ten times the fetch itself at 10⁵–10⁶ rows (measured with
    scripts/bench_agreement.py), and a year holds that many item deductions.
    """
    result = db.session.connection().execute(statement)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def sheet_versions(kind: str, months) -> list[SheetVersion]:
    """Score-sheet versions of the scope's submitted sheets, most used first (one statement)."""
    rows = db.session.execute(
        select(ScoreSheet.id, ScoreSheet.name, ScoreSheet.version, func.count(Review.id))
        .join(Review, Review.sheet_id == ScoreSheet.id)
        .where(_in_scope(kind, months))
        .group_by(ScoreSheet.id, ScoreSheet.name, ScoreSheet.version)
        .order_by(func.count(Review.id).desc(), ScoreSheet.id.desc())
    ).all()
    return [SheetVersion(r[0], f"{r[1]}（第 {r[2]} 版）", r[3]) for r in rows]


def signature(kind: str, months, sheet_id: int) -> tuple[int, int, int]:
    """(sheets, Σ review id, Σ lock_version) of the scope's submitted sheets on `sheet_id`, one
    statement. Any submission, withdrawal or change of a sheet changes it: a sheet entering or
    leaving the scope changes the count or the id sum, and every update of a review row (its
    item rows' changes update `deduction_total`) increments its `lock_version`."""
    count, ids, versions = db.session.execute(
        select(func.count(Review.id), func.coalesce(func.sum(Review.id), 0),
               func.coalesce(func.sum(Review.lock_version), 0)).where(_in_scope(kind, months, sheet_id))).one()
    return int(count), int(ids), int(versions)


def load(kind: str, months, sheet: ScoreSheet) -> SheetData:
    """The scope's submitted sheets on `sheet` as `SheetData` (three statements)."""
    items = db.session.execute(
        select(ScoreItem.id, ScoreItem.key, ScoreItem.description, ScoreItem.points, ScoreItem.veto)
        .join(ScoreSection, ScoreSection.id == ScoreItem.section_id)
        .where(ScoreItem.sheet_id == sheet.id)
        .order_by(ScoreSection.order, ScoreSection.id, ScoreItem.order, ScoreItem.id)
    ).all()
    infos = [ItemInfo(r.key, r.description, float(r.points), bool(r.veto)) for r in items]
    total_points = sum(info.points for info in infos)
    bands = dict(sheet.grade_bands or {})
    threshold = float(sheet.spread_threshold)
    where = _in_scope(kind, months, sheet.id)
    reviews = _fetch(
        select(Review.id, Review.subject_id, Review.reviewer_id).where(where)
        .order_by(Review.submitted_at, Review.id))
    if not reviews:
        return SheetData.empty(infos, total_points, bands, threshold)
    review_ids, subjects, reviewers = np.array(reviews, dtype=np.int64).T
    deductions = np.zeros((review_ids.size, len(infos)))
    scores = _fetch(
        select(ReviewItemScore.review_id, ReviewItemScore.item_id,
               cast(ReviewItemScore.deduction, Float), ReviewItemScore.veto_hit)
        .join(Review, Review.id == ReviewItemScore.review_id)
        .where(where, or_(ReviewItemScore.deduction > 0, ReviewItemScore.veto_hit.is_(True))))
    if scores:
        table = np.array(scores, dtype=np.float64)
        score_reviews, score_items = table[:, 0].astype(np.int64), table[:, 1].astype(np.int64)
        values, vetoes = table[:, 2], table[:, 3]
        by_id = np.argsort(review_ids)
        rows = by_id[np.searchsorted(review_ids, score_reviews, sorter=by_id)]
        item_ids = np.array([row.id for row in items], dtype=np.int64)
        by_item = np.argsort(item_ids)
        columns = by_item[np.minimum(np.searchsorted(item_ids, score_items, sorter=by_item), item_ids.size - 1)]
        known = item_ids[columns] == score_items
        veto_columns = np.array([info.veto for info in infos], dtype=bool)
        values = np.where(veto_columns[columns], vetoes.astype(float), values.astype(float))
        deductions[rows[known], columns[known]] = values[known]
    return SheetData(subjects, reviewers, np.arange(review_ids.size, dtype=float), deductions, infos,
                     total_points, bands, threshold)


@dataclass(frozen=True)
class SheetTotals:
    """The scope's submitted sheets on one version, parallel arrays (one entry per sheet, any order)."""

    sheet_id: int
    subjects: np.ndarray          # subject id per sheet
    reviewers: np.ndarray         # reviewer id per sheet
    totals: np.ndarray            # total deduction per sheet (points)
    total_points: float           # the version's full marks

    @classmethod
    def empty(cls) -> "SheetTotals":
        none = np.zeros(0, dtype=np.int64)
        return cls(0, none, none, np.zeros(0), 100.0)


def sheet_totals(kind: str, months) -> SheetTotals:
    """The scope's submitted sheets on its most used version (most sheets, then the highest id, as
    `sheet_versions` orders them), one row per sheet: two statements, the scope's reviews and the
    version's full marks. A sheet's total is `reviews.deduction_total`, the sum of its item rows'
    deductions (veto items carry no points, so it equals the non-veto sum `SheetData.totals`)."""
    rows = _fetch(
        select(Review.sheet_id, Review.subject_id, Review.reviewer_id, cast(Review.deduction_total, Float))
        .where(_in_scope(kind, months)))   # unordered: the model's sums do not depend on the order
    if not rows:
        return SheetTotals.empty()
    table = np.array(rows, dtype=np.float64)
    versions, counts = np.unique(table[:, 0].astype(np.int64), return_counts=True)
    chosen = max(zip(counts.tolist(), versions.tolist()))[1]
    mine = table[table[:, 0] == chosen]
    points = db.session.scalar(select(func.sum(ScoreItem.points)).where(ScoreItem.sheet_id == chosen))
    return SheetTotals(chosen, mine[:, 1].astype(np.int64), mine[:, 2].astype(np.int64), mine[:, 3],
                       float(points or 0))


def reviewer_names(ids) -> dict[int, str]:
    ids = [int(i) for i in ids]
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all())


def latest_month(kind: str) -> str | None:
    """The latest month with a submitted sheet of `kind` (the page's default period): the subjects
    newest month first (`ix_<subjects>_month`), stopping at the first with a submitted review
    (`ix_reviews_subject`) — a MAX over the join read every submitted review of every year."""
    model = SUBJECT_MODELS[kind]
    submitted = select(Review.id).where(Review.subject_kind == kind, Review.subject_id == model.id,
                                        Review.status == ReviewStatus.SUBMITTED).exists()
    return db.session.scalar(select(model.month).where(submitted).order_by(model.month.desc()).limit(1))
