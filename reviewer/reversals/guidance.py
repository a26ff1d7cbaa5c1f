"""The guidance library (measure 8): intermediate-court divisions publish 审判业务指引, 类案裁判指引
or record a quarterly face-to-face analysis meeting with the basic courts; each earns the
division the rule in force on its date (+2 by default). Every judge reads and searches it."""
from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select

from models import CourtLevel, Division
from models.reversal import GuidanceDocument, GuidanceKind
from reviewer import audit, clock
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.reversals import ledger, points
from reviewer.reversals.workflow import store_docx

MAX_BODY = 50_000
PAGE = 30
_CODES = {GuidanceKind.BUSINESS: points.GUIDANCE, GuidanceKind.CLASS_CASE: points.GUIDANCE,
          GuidanceKind.QUARTERLY_MEETING: points.QUARTERLY_MEETING}


def publish(actor, division: Division, kind: GuidanceKind, title: str, body: str, published_on: date,
            upload=None) -> GuidanceDocument:
    if division.court.level != CourtLevel.INTERMEDIATE:
        raise DomainError("审判业务指引由中院业务庭发布。")
    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body:
        raise DomainError("请填写标题和正文。")
    if len(title) > 200 or len(body) > MAX_BODY:
        raise DomainError(f"标题不超过 200 字，正文不超过 {MAX_BODY} 字。")
    if published_on > clock.today():
        raise DomainError("发布日期不能晚于今天。")
    stored = store_docx(actor, upload, "guidance")
    doc = GuidanceDocument(division_id=division.id, kind=kind, title=title, body=body,
                           published_on=published_on, file_id=stored.id if stored else None,
                           created_by_id=actor.id)
    db.session.add(doc)
    db.session.flush()
    ledger.post(actor, code=_CODES[kind], on=published_on, source=doc, division_id=division.id,
                note=f"{division.name} {kind.label}：{title}")
    audit.record(actor, "guidance.publish", doc, summary=f"{division.name} 发布{kind.label}：{title}")
    return doc


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search(q: str = "", kind: GuidanceKind | None = None, before_id: int | None = None):
    """Newest first, PAGE at a time (keyset on id); `q` matches title or body."""
    query = select(GuidanceDocument).order_by(GuidanceDocument.id.desc()).limit(PAGE + 1)
    q = (q or "").strip()[:100]
    if q:
        pattern = f"%{_escape_like(q)}%"
        query = query.where(or_(GuidanceDocument.title.like(pattern, escape="\\"),
                                GuidanceDocument.body.like(pattern, escape="\\")))
    if kind is not None:
        query = query.where(GuidanceDocument.kind == kind)
    if before_id:
        query = query.where(GuidanceDocument.id < before_id)
    rows = list(db.session.scalars(query))
    return rows[:PAGE], (rows[PAGE - 1].id if len(rows) > PAGE else None)
