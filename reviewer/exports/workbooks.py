"""Spreadsheet exports (.xlsx, openpyxl write-only): reviews item by item, court and reviewer statistics.

Each export runs a fixed number of queries whatever the number of rows: reviews are streamed
(`yield_per`), their item scores and the subjects' evaluations are loaded once per export.
A *period* is a month (YYYY-MM) or a year (YYYY) of the subjects' evaluation month.
Every review listed is a submitted one; for each review there is one row per item of the score
sheet it used (deduction 0 and no reason when the reviewer deducted nothing on that item).
"""
from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from models import (Court, Evaluation, Grade, Hearing, Judgment, JudgmentStatus, Review, ReviewItemScore,
                    ReviewStatus, ScoreItem, ScoreSection, ScoreSheet, User)
from reviewer.agreement.export import write_agreement_sheets
from reviewer.errors import DomainError
from reviewer.exports.cells import append_row, text_cell
from reviewer.extensions import db
from reviewer.templating import CHINA

_PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
SUBJECTS = (("judgment", Judgment, "裁判文书"), ("hearing", Hearing, "庭审"))
REVIEW_COLUMNS = ["评查对象", "月份", "法院", "案号", "案由", "承办法官", "评查员", "评查表", "提交时间",
                  "评查部分", "评查项目", "分值", "扣分", "扣分理由", "一票否决", "本表合计扣分",
                  "综合得分", "等级"]


def check_period(period: str) -> str:
    if not period or not _PERIOD.match(period):
        raise DomainError("期间应为月份（YYYY-MM）或年度（YYYY）。")
    return period


def _in_period(column, period: str):
    return column == period if len(period) == 7 else column.like(f"{period}-%")


def _num(value) -> float | None:
    return None if value is None else float(Decimal(value))


def _header(sheet, columns):
    cells = []
    for title in columns:
        cell = text_cell(sheet, title)
        cell.font = Font(bold=True)
        cells.append(cell)
    append_row(sheet, cells)


def _sheet_items() -> dict[int, list[tuple]]:
    """Every sheet's items in order: {sheet id: [(item id, section title, description, points)]}."""
    items = defaultdict(list)
    for row in db.session.execute(
            select(ScoreItem.sheet_id, ScoreItem.id, ScoreSection.title, ScoreItem.description,
                   ScoreItem.points)
            .join(ScoreSection, ScoreSection.id == ScoreItem.section_id)
            .order_by(ScoreItem.sheet_id, ScoreSection.order, ScoreItem.order, ScoreItem.id)):
        items[row.sheet_id].append((row.id, row.title, row.description, row.points))
    return items


def _write_reviews(sheet, kind: str, model, label: str, period: str, items, sheet_names) -> int:
    judge = aliased(User)
    reviewer = aliased(User)
    base = (select(Review.id).join(model, model.id == Review.subject_id)
            .where(Review.subject_kind == kind, Review.status == ReviewStatus.SUBMITTED,
                   _in_period(model.month, period)))
    scores = defaultdict(dict)
    for row in db.session.execute(
            select(ReviewItemScore.review_id, ReviewItemScore.item_id, ReviewItemScore.deduction,
                   ReviewItemScore.reason, ReviewItemScore.veto_hit)
            .where(ReviewItemScore.review_id.in_(base))):
        scores[row.review_id][row.item_id] = row
    evaluations = {row.subject_id: row for row in db.session.execute(
        select(Evaluation.subject_id, Evaluation.computed_score, Evaluation.computed_grade,
               Evaluation.final_grade)
        .where(Evaluation.subject_kind == kind,
               Evaluation.subject_id.in_(select(model.id).where(_in_period(model.month, period)))))}
    query = (select(Review.id, Review.subject_id, Review.sheet_id, Review.submitted_at,
                    model.month, model.case_number, model.cause, Court.name.label("court"),
                    judge.display_name.label("judge"), reviewer.display_name.label("reviewer"))
             .join(model, model.id == Review.subject_id)
             .join(Court, Court.id == model.court_id)
             .outerjoin(judge, judge.id == model.judge_id)
             .join(reviewer, reviewer.id == Review.reviewer_id)
             .where(Review.subject_kind == kind, Review.status == ReviewStatus.SUBMITTED,
                    _in_period(model.month, period))
             .order_by(model.month, Court.sort_order, Court.id, model.case_number, Review.id)
             .execution_options(yield_per=500))
    count = 0
    for row in db.session.execute(query):
        count += 1
        own = scores.get(row.id, {})
        total = sum((s.deduction for s in own.values()), Decimal("0"))
        evaluation = evaluations.get(row.subject_id)
        grade = (evaluation.final_grade or evaluation.computed_grade) if evaluation else None
        submitted = row.submitted_at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if row.submitted_at else ""
        for item_id, section, description, points in items.get(row.sheet_id, []):
            score = own.get(item_id)
            append_row(sheet, [
                label, row.month, row.court, row.case_number, row.cause or "", row.judge or "",
                row.reviewer, sheet_names.get(row.sheet_id, ""), submitted, section, description,
                _num(points), _num(score.deduction) if score else 0.0,
                (score.reason or "") if score else "", "是" if score and score.veto_hit else "",
                _num(total), _num(evaluation.computed_score) if evaluation else None,
                grade.label if grade else "",
            ])
    return count


def reviews_workbook(period: str):
    """Every submitted review of the period with per-item deductions and reasons (a temp file)."""
    check_period(period)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("评查明细")
    _header(sheet, REVIEW_COLUMNS)
    items = _sheet_items()
    sheet_names = {row.id: f"{row.name}（第{row.version}版）" for row in db.session.execute(
        select(ScoreSheet.id, ScoreSheet.name, ScoreSheet.version))}
    for kind, model, label in SUBJECTS:
        _write_reviews(sheet, kind, model, label, period, items, sheet_names)
    return _save(workbook)


def statistics_workbook(period: str):
    """Per court: submitted, evaluated, mean score, grades; per reviewer: sheets, mean deduction —
    for judgments (sheets 法院统计, 评查员统计) and for hearing recordings (庭审法院统计, 庭审评查员统计).

    As on the statistics page, a subject counts as evaluated (已评定) once the office confirmed its
    grade; a computed but unconfirmed result is not yet a grade.
    """
    check_period(period)
    workbook = Workbook(write_only=True)
    courts = db.session.scalars(select(Court).order_by(Court.sort_order, Court.id)).all()
    for kind, model, submitted, prefix, noun in STATISTICS:
        _court_statistics(workbook.create_sheet(f"{prefix}法院统计"), kind, model, submitted(model),
                          noun, courts, period)
        _reviewer_statistics(workbook.create_sheet(f"{prefix}评查员统计"), kind, model, period)
        write_agreement_sheets(workbook, kind, period, prefix, append_row=append_row)
    return _save(workbook)


# (subject kind, model, what counts as submitted, sheet name prefix, noun in the header)
STATISTICS = (
    ("judgment", Judgment, lambda m: m.status != JudgmentStatus.DRAFT, "", "报送文书"),
    ("hearing", Hearing, lambda m: m.submitted_at.is_not(None), "庭审", "报送录像"),
)


def _court_statistics(sheet, kind, model, submitted_clause, noun, courts, period) -> None:
    grades = list(Grade)
    _header(sheet, ["法院", noun, "已评定", "平均分"] + [g.label for g in grades])
    grade_col = Evaluation.final_grade
    evaluated = (select(model.court_id, grade_col, func.count(Evaluation.id), func.sum(Evaluation.computed_score),
                        func.count(Evaluation.computed_score))
                 .join(model, model.id == Evaluation.subject_id)
                 .where(Evaluation.subject_kind == kind, _in_period(model.month, period), grade_col.is_not(None))
                 .group_by(model.court_id, grade_col))
    counts, score_sum, scored = defaultdict(dict), defaultdict(Decimal), defaultdict(int)
    for court_id, grade, count, total, n_scored in db.session.execute(evaluated):
        counts[court_id][grade] = count
        score_sum[court_id] += Decimal(total or 0)
        scored[court_id] += n_scored
    submitted = dict(db.session.execute(
        select(model.court_id, func.count(model.id))
        .where(_in_period(model.month, period), submitted_clause)
        .group_by(model.court_id)).all())
    for court in courts:
        by_grade = counts.get(court.id, {})
        mean = round(float(score_sum[court.id] / scored[court.id]), 2) if scored.get(court.id) else None
        append_row(sheet, [court.name, submitted.get(court.id, 0), sum(by_grade.values()), mean]
                     + [by_grade.get(g, 0) for g in grades])


def _reviewer_statistics(sheet, kind, model, period) -> None:
    _header(sheet, ["评查员", "所属法院", "提交评查表", "平均每表扣分", "与全体平均相比"])
    totals = (select(Review.id.label("review_id"), Review.reviewer_id,
                     func.coalesce(func.sum(ReviewItemScore.deduction), 0).label("total"))
              .outerjoin(ReviewItemScore, ReviewItemScore.review_id == Review.id)
              .join(model, model.id == Review.subject_id)
              .where(Review.subject_kind == kind, Review.status == ReviewStatus.SUBMITTED,
                     _in_period(model.month, period))
              .group_by(Review.id, Review.reviewer_id).subquery())
    rows = db.session.execute(
        select(User.display_name, Court.name, func.count(totals.c.review_id), func.avg(totals.c.total))
        .join(totals, totals.c.reviewer_id == User.id)
        .outerjoin(Court, Court.id == User.court_id)
        .group_by(User.id, User.display_name, Court.name)
        .order_by(User.display_name)).all()
    reviews = sum(r[2] for r in rows)
    overall = (sum(float(r[3]) * r[2] for r in rows) / reviews) if reviews else 0.0
    for name, court_name, count, mean in rows:
        append_row(sheet, [name, court_name or "", count, round(float(mean), 2), round(float(mean) - overall, 2)])


def _save(workbook):
    """Write the workbook to an anonymous temp file (removed when closed) and rewind it."""
    out = tempfile.TemporaryFile()
    workbook.save(out)
    out.seek(0)
    return out
