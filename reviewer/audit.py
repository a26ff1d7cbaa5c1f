"""Recording state changes in the audit log (who, what, when, before/after)."""
from __future__ import annotations

from flask import g, has_request_context, request

from models import AuditLog
from reviewer.extensions import db


def record(actor, action: str, target=None, before: dict | None = None,
           after: dict | None = None, summary: str | None = None) -> AuditLog:
    """Add one audit row in the current transaction (flushes, never commits). A change made through
    the JSON API names the token it came with (`[API 令牌“name”]` before the summary)."""
    token = g.get("api_token") if has_request_context() else None
    if token is not None:
        summary = f"[API 令牌“{token.name}”] {summary or action}"
    entry = AuditLog(
        actor_id=getattr(actor, "id", None),
        action=action,
        target_type=getattr(target, "__tablename__", None) if target is not None else None,
        target_id=getattr(target, "id", None) if target is not None else None,
        before=_jsonable(before),
        after=_jsonable(after),
        summary=summary[:500] if summary else None,
        ip=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def _jsonable(data):
    if data is None:
        return None
    if isinstance(data, dict):
        return {str(k): _jsonable(v) for k, v in data.items()}
    if isinstance(data, (list, tuple, set)):
        return [_jsonable(v) for v in data]
    if isinstance(data, (str, int, float, bool)) or data is None:
        return data
    if hasattr(data, "value"):
        return data.value
    return str(data)


def diff(before: dict, after: dict) -> tuple[dict, dict]:
    """Keep only the keys whose values changed."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
