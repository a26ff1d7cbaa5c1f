"""The audit log page's query: newest first, keyset-paged (reviewer/keyset.py), filtered by
action and actor, with a bounded total.

A complete action name (`review.submit`) is matched exactly: `ix_audit_logs_action` then yields
the rows in id order, so the newest 50 are read without sorting the action's 150,000 rows of ten
years. Anything else (`review.`, `review`) is a prefix, matched as a range on the same index.
"""
from __future__ import annotations

from sqlalchemy import and_, select
from sqlalchemy.orm import selectinload

from models import AuditLog
from reviewer import keyset
from reviewer.extensions import db

PER_PAGE = 50


def action_filter(action: str):
    """Exactly `action` when some row has that action (one index probe), else the prefix range."""
    exists = db.session.scalar(select(AuditLog.id).where(AuditLog.action == action).limit(1))
    if exists is not None:
        return AuditLog.action == action
    upper = action[:-1] + chr(ord(action[-1]) + 1)
    return and_(AuditLog.action >= action, AuditLog.action < upper)


def audit_page(args) -> keyset.KeysetPage:
    """The page `args` asks for (`action`, `actor`, `after` / `before`)."""
    query = select(AuditLog).options(selectinload(AuditLog.actor))
    action = (args.get("action") or "").strip()
    if action:
        query = query.where(action_filter(action))
    actor = args.get("actor", type=int)
    if actor:
        query = query.where(AuditLog.actor_id == actor)
    return keyset.paginate(query, (AuditLog.id,), args, per_page=PER_PAGE)
