"""Read-side queries for judgments: the filtered, permission-scoped list."""
from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from models import Judgment, JudgmentStatus, Purpose
from reviewer import permissions as p


def judgment_list_query(user, filters: dict):
    """Judgments the user may list (admin: all; liaison: own court), filtered, newest first."""
    query = select(Judgment).options(joinedload(Judgment.court), joinedload(Judgment.file),
                                     joinedload(Judgment.judge))
    if not p.is_admin(user):
        query = query.where(Judgment.court_id == user.court_id)
    if filters.get("court"):
        query = query.where(Judgment.court_id == filters["court"])
    if filters.get("month"):
        query = query.where(Judgment.month == filters["month"])
    if filters.get("doc_type"):
        query = query.where(Judgment.doc_type == filters["doc_type"])
    if filters.get("status") in {s.value for s in JudgmentStatus}:
        query = query.where(Judgment.status == JudgmentStatus(filters["status"]))
    if filters.get("purpose") in {s.value for s in Purpose}:
        query = query.where(Judgment.purpose == Purpose(filters["purpose"]))
    if filters.get("q"):
        needle = filters["q"].strip()
        query = query.where(or_(Judgment.case_number.contains(needle, autoescape=True),
                                Judgment.cause.contains(needle, autoescape=True)))
    return query.order_by(Judgment.month.desc(), Judgment.id.desc())
