"""List pages as spreadsheets: judgments, hearings, objections and evaluations, with the filters
the page was showing (the same query the page uses), newest first, at most MAX_ROWS rows.

Every cell goes through `cells.append_row`, so text a user typed that looks like a formula stays
text. Each export runs a fixed number of queries (the rows' relations are loaded with the list).
"""
from __future__ import annotations

import tempfile

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from models import Evaluation, Judgment, Objection, ObjectionStatus
from reviewer import subjects
from reviewer.exports.cells import append_row, text_cell
from reviewer.extensions import db
from reviewer.judgments.queries import judgment_list_query
from reviewer.recordings.services import hearing_list_query
from reviewer.templating import CHINA

MAX_ROWS = 20000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _when(moment) -> str:
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if moment else ""


def _label(value) -> str:
    return value.label if value is not None else ""


def workbook(title: str, header: list[str], rows) -> tempfile.SpooledTemporaryFile:
    """A one-sheet .xlsx (write-only) with a bold header; at most MAX_ROWS rows, then a note."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    bold = Font(bold=True)
    heading = []
    for name in header:
        cell = text_cell(sheet, name)
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for n, row in enumerate(rows):
        if n == MAX_ROWS:
            append_row(sheet, [f"仅导出前 {MAX_ROWS} 行，请缩小筛选范围。"])
            break
        append_row(sheet, row)
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    book.save(out)
    out.seek(0)
    return out


def judgments(user, filters: dict):
    query = judgment_list_query(user, filters).limit(MAX_ROWS + 1)
    rows = ([j.month, j.court.name, j.case_number or "", j.cause or "", j.doc_type or "",
             j.judge.display_name if j.judge else (j.presiding_judge_name or ""), _label(j.purpose),
             _label(j.status), _when(j.submitted_at)] for j in db.session.scalars(query).unique())
    return workbook("裁判文书", ["月份", "法院", "案号", "案由", "文书类型", "承办法官", "报送类型", "状态", "报送时间"], rows)


def hearings(user, filters: dict):
    query = hearing_list_query(user, filters).limit(MAX_ROWS + 1)
    rows = ([h.month, h.court.name, h.case_number or "", h.cause or "", h.presiding_judge_name or "",
             _label(h.nomination), _label(h.status), h.hearing_date, _when(h.submitted_at)]
            for h in db.session.scalars(query))
    return workbook("庭审录像", ["月份", "法院", "案号", "案由", "审判长", "报送类型", "状态", "开庭日期", "报送时间"], rows)


def objections(status: str):
    query = (select(Objection).options(joinedload(Objection.judgment).joinedload(Judgment.court),
                                       joinedload(Objection.raised_by), joinedload(Objection.answered_by))
             .order_by(Objection.created_at.desc()).limit(MAX_ROWS + 1))
    if status in {s.value for s in ObjectionStatus}:
        query = query.where(Objection.status == ObjectionStatus(status))
    rows = ([o.judgment.month, o.judgment.court.name, o.judgment.case_number or "", o.raised_by.display_name,
             _when(o.created_at), o.text, _label(o.status), o.answer or "",
             o.answered_by.display_name if o.answered_by else "", _when(o.answered_at)]
            for o in db.session.scalars(query))
    return workbook("异议", ["月份", "法院", "案号", "提出人", "提出时间", "异议内容", "状态", "答复", "答复人",
                           "答复时间"], rows)


def evaluations(kind: str, month: str):
    """The assignment board's subjects of `kind` and `month` with their combined results."""
    spec = subjects.get(kind)
    query = (select(spec.model).where(spec.on_board(month)).options(*spec.load_options)
             .order_by(spec.model.court_id, spec.model.id).limit(MAX_ROWS + 1))
    items = db.session.scalars(query).all()
    results = {e.subject_id: e for e in db.session.scalars(select(Evaluation).where(
        Evaluation.subject_kind == kind, Evaluation.subject_id.in_([o.id for o in items])))} if items else {}
    rows = []
    for obj in items:
        e = results.get(obj.id)
        rows.append([spec.label, spec.month(obj), spec.court_name(obj), spec.title(obj),
                     e.review_count if e else 0, e.computed_score if e else None, _label(e.computed_grade) if e else "",
                     "是" if e and e.vetoed else "", e.spread if e else None, _label(e.final_grade) if e else "",
                     (e.override_reason or "") if e else "", _when(e.confirmed_at) if e else ""])
    return workbook("评查结果", ["类别", "月份", "法院", "对象", "已提交评查表", "综合得分", "汇总等级", "一票否决",
                              "分差", "确认等级", "调整理由", "确认时间"], rows)
