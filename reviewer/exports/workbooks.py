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
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from models import (Court, Evaluation, Grade, Hearing, Judgment, JudgmentStatus, Review, ReviewItemScore,
                    ReviewStatus, ScoreItem, ScoreSection, ScoreSheet, User)
from reviewer.errors import DomainError
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
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)


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
            sheet.append([
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
    """Per court: evaluated judgments, mean score, grades; per reviewer: reviews, mean deduction.

    As on the statistics page, a judgment counts as evaluated (已评定) once the office confirmed its
    grade; a computed but unconfirmed result is not yet a grade.
    """
    check_period(period)
    workbook = Workbook(write_only=True)
    courts = workbook.create_sheet("法院统计")
    grades = list(Grade)
    _header(courts, ["法院", "报送文书", "已评定", "平均分"] + [g.label for g in grades])
    grade_col = Evaluation.final_grade
    counts = defaultdict(lambda: defaultdict(int))
    for row in db.session.execute(
            select(Judgment.court_id, grade_col.label("grade"), func.count(Evaluation.id))
            .join(Judgment, Judgment.id == Evaluation.subject_id)
            .where(Evaluation.subject_kind == "judgment", _in_period(Judgment.month, period),
                   grade_col.is_not(None))
            .group_by(Judgment.court_id, grade_col)):
        counts[row[0]][row[1]] = row[2]
    means = dict(db.session.execute(
        select(Judgment.court_id, func.avg(Evaluation.computed_score))
        .join(Judgment, Judgment.id == Evaluation.subject_id)
        .where(Evaluation.subject_kind == "judgment", _in_period(Judgment.month, period),
               Evaluation.computed_score.is_not(None), grade_col.is_not(None))
        .group_by(Judgment.court_id)).all())
    submitted = dict(db.session.execute(
        select(Judgment.court_id, func.count(Judgment.id))
        .where(_in_period(Judgment.month, period), Judgment.status != JudgmentStatus.DRAFT)
        .group_by(Judgment.court_id)).all())
    for court in db.session.scalars(select(Court).order_by(Court.sort_order, Court.id)):
        by_grade = counts.get(court.id, {})
        mean = means.get(court.id)
        courts.append([court.name, submitted.get(court.id, 0), sum(by_grade.values()),
                       round(float(mean), 2) if mean is not None else None]
                      + [by_grade.get(g, 0) for g in grades])

    people = workbook.create_sheet("评查员统计")
    _header(people, ["评查员", "所属法院", "提交评查表", "平均每表扣分", "与全体平均相比"])
    totals = (select(Review.id.label("review_id"), Review.reviewer_id,
                     func.coalesce(func.sum(ReviewItemScore.deduction), 0).label("total"))
              .outerjoin(ReviewItemScore, ReviewItemScore.review_id == Review.id)
              .join(Judgment, Judgment.id == Review.subject_id)
              .where(Review.subject_kind == "judgment", Review.status == ReviewStatus.SUBMITTED,
                     _in_period(Judgment.month, period))
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
        people.append([name, court_name or "", count, round(float(mean), 2),
                       round(float(mean) - overall, 2)])
    return _save(workbook)


def _save(workbook):
    """Write the workbook to an anonymous temp file (removed when closed) and rewind it."""
    out = tempfile.TemporaryFile()
    workbook.save(out)
    out.seek(0)
    return out
