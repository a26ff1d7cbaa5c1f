"""List pages as spreadsheets: judgments, hearings, objections and evaluations, with the filters
the page was showing (the same query the page uses), newest first, at most MAX_ROWS rows.

Every cell goes through `cells.append_row`, so text a user typed that looks like a formula stays
text. Long lists are read in keyset chunks of CHUNK rows (reviewer.keyset.chunks; each chunk's
relations loaded with it and turned into plain rows before `tracker.pause()`), so memory holds one
chunk and the number of queries grows with the chunks, never with the rows of one.
`*_rows(user, filters)` counts a list's rows in SQL (up to MAX_ROWS + 1) to choose between a
download made in the request and a background export.
"""
from __future__ import annotations

from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from models import Evaluation, Hearing, HearingNomination, HearingStatus, Judgment, Objection, ObjectionStatus
from reviewer import keyset, subjects
from reviewer.exports.cells import append_row
from reviewer.exports.sheets import XLSX, header, save_to_temp  # noqa: F401  (XLSX re-exported)
from reviewer.exports.tracking import Tracker
from reviewer.extensions import db
from reviewer.judgments.queries import LIST_ORDER, judgment_list_query
from reviewer.recordings.services import hearing_list_query
from reviewer.templating import CHINA

MAX_ROWS = 100_000
CHUNK = 1000
TOO_MANY = f"仅导出前 {MAX_ROWS} 行，请缩小筛选范围。"
JUDGMENT_COLUMNS = ["月份", "法院", "案号", "案由", "文书类型", "承办法官", "报送类型", "状态", "报送时间"]
HEARING_COLUMNS = ["月份", "法院", "案号", "案由", "审判长", "报送类型", "状态", "开庭日期", "报送时间"]
OBJECTION_COLUMNS = ["月份", "法院", "案号", "提出人", "提出时间", "异议内容", "状态", "答复", "答复人", "答复时间"]
HEARING_ORDER = (Hearing.created_at, Hearing.id)
OBJECTION_ORDER = (Objection.created_at, Objection.id)


def _when(moment) -> str:
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") if moment else ""


def _label(value) -> str:
    return value.label if value is not None else ""


def count_upto(query, column, cap: int = MAX_ROWS + 1) -> int:
    """Rows of `query`, counted in SQL up to `cap` (`keyset.count_upto`)."""
    return keyset.count_upto(query, column, cap)


def book(title: str, columns: list[str], chunks, row_of, tracker: Tracker, total: int) -> Workbook:
    """A one-sheet write-only workbook with a bold header: `row_of(entity)` for every entity of
    `chunks` (lists), at most MAX_ROWS rows, then a note if there were more."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    header(sheet, columns)
    tracker.start(min(total, MAX_ROWS))
    for chunk in chunks:
        rows = [row_of(entity) for entity in chunk]
        tracker.pause()
        for row in rows:
            append_row(sheet, row)
        tracker.advance(len(rows))
    if total > MAX_ROWS:
        append_row(sheet, [TOO_MANY])
    return workbook


def judgment_filters(values) -> dict:
    """The judgment list's filters from a request's values (the page's own query parameters)."""
    filters = {k: v for k, v in values.items() if v and k not in ("after", "before", "page", "csrf_token")}
    if "court" in filters:
        filters["court"] = _int(filters["court"])
    return filters


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def hearing_filters(values) -> dict:
    """As `judgment_filters`; an unknown status or nomination (a hand-made address) raises ValueError."""
    filters = judgment_filters(values)
    if filters.get("status"):
        HearingStatus(filters["status"])
    if filters.get("nomination"):
        HearingNomination(filters["nomination"])
    return filters


def judgment_rows(user, filters: dict) -> int:
    return count_upto(judgment_list_query(user, filters), Judgment.id)


def judgments_book(user, filters: dict, tracker: Tracker | None = None) -> Workbook:
    query = judgment_list_query(user, filters)
    return book("裁判文书", JUDGMENT_COLUMNS, keyset.chunks(query, LIST_ORDER, CHUNK, MAX_ROWS), lambda j: [
        j.month, j.court.name, j.case_number or "", j.cause or "", j.doc_type or "",
        j.judge.display_name if j.judge else (j.presiding_judge_name or ""), _label(j.purpose),
        _label(j.status), _when(j.submitted_at)], tracker or Tracker(), judgment_rows(user, filters))


def hearing_rows(user, filters: dict) -> int:
    return count_upto(hearing_list_query(user, filters), Hearing.id)


def hearings_book(user, filters: dict, tracker: Tracker | None = None) -> Workbook:
    query = hearing_list_query(user, filters)
    return book("庭审录像", HEARING_COLUMNS, keyset.chunks(query, HEARING_ORDER, CHUNK, MAX_ROWS), lambda h: [
        h.month, h.court.name, h.case_number or "", h.cause or "", h.presiding_judge_name or "",
        _label(h.nomination), _label(h.status), h.hearing_date, _when(h.submitted_at)],
        tracker or Tracker(), hearing_rows(user, filters))


def _objection_query(status: str):
    query = select(Objection).options(joinedload(Objection.judgment).joinedload(Judgment.court),
                                      joinedload(Objection.raised_by), joinedload(Objection.answered_by))
    if status in {s.value for s in ObjectionStatus}:
        query = query.where(Objection.status == ObjectionStatus(status))
    return query


def objection_rows(status: str) -> int:
    return count_upto(_objection_query(status), Objection.id)


def objections_book(status: str, tracker: Tracker | None = None) -> Workbook:
    chunks = keyset.chunks(_objection_query(status), OBJECTION_ORDER, CHUNK, MAX_ROWS)
    return book("异议", OBJECTION_COLUMNS, chunks, lambda o: [
        o.judgment.month, o.judgment.court.name, o.judgment.case_number or "", o.raised_by.display_name,
        _when(o.created_at), o.text, _label(o.status), o.answer or "",
        o.answered_by.display_name if o.answered_by else "", _when(o.answered_at)],
        tracker or Tracker(), objection_rows(status))


def judgments(user, filters: dict):
    return save_to_temp(judgments_book(user, filters))


def hearings(user, filters: dict):
    return save_to_temp(hearings_book(user, filters))


def objections(status: str):
    return save_to_temp(objections_book(status))


def evaluations(kind: str, month: str):
    """The assignment board's subjects of `kind` and `month` with their combined results: one
    month of one kind, always small enough for a download made in the request."""
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
    return save_to_temp(book("评查结果", ["类别", "月份", "法院", "对象", "已提交评查表", "综合得分", "汇总等级", "一票否决",
                                      "分差", "确认等级", "调整理由", "确认时间"], [rows], lambda row: row,
                             Tracker(), len(rows)))
