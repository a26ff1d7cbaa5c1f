"""The audit log pages' queries: newest first, keyset-paged (reviewer/keyset.py), filtered by
person, action and date, with a bounded total; log-ins and log-outs in their own view.

A complete action name (`review.submit`) is matched exactly: `ix_audit_logs_action` then yields
the rows in id order, so the newest 50 are read without sorting the action's 150,000 rows of ten
years. Anything else (`review.`, `review`) is a prefix, matched as a range on the same index.
Dates are days in China time (`from` inclusive, `to` inclusive).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from models import AuditLog, Court, Division, User
from models.month import CHINA
from reviewer import keyset
from reviewer.admin.audit_words import ACTIONS, FEATURES, LOGIN_ACTIONS, action_label, changes
from reviewer.extensions import db

PER_PAGE = 50
# Fields holding the id of a court, a division or a person: shown by name.
NAMED = {"court_id": Court, "division_id": Division, "leader_id": User, "judge_id": User,
         "reviewer_id": User, "user_id": User}


def action_filter(action: str):
    """Exactly `action` when some row has that action (one index probe), else the prefix range."""
    exists = db.session.scalar(select(AuditLog.id).where(AuditLog.action == action).limit(1))
    if exists is not None:
        return AuditLog.action == action
    upper = action[:-1] + chr(ord(action[-1]) + 1)
    return and_(AuditLog.action >= action, AuditLog.action < upper)


def _people_named(text: str):
    """The ids of the people whose username or name (姓名) is exactly `text` (a subquery: two
    people may share a name; none matches → no rows)."""
    return select(User.id).where(or_(User.username == text, User.display_name == text)).scalar_subquery()


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), CHINA).astimezone(timezone.utc)


def audit_page(args, logins: bool = False) -> keyset.KeysetPage:
    """The page `args` asks for (`actor`, `action`, `from`, `to`, `after` / `before`): the log
    without log-ins, or (`logins`) only log-ins and log-outs."""
    query = select(AuditLog).options(selectinload(AuditLog.actor).selectinload(User.court))
    query = query.where(AuditLog.action.in_(LOGIN_ACTIONS) if logins else AuditLog.action.not_in(LOGIN_ACTIONS))
    action = (args.get("action") or "").strip()[:60]
    if action:
        query = query.where(action_filter(action))
    actor = args.get("actor", type=int)
    if actor:
        query = query.where(AuditLog.actor_id == actor)
    person = (args.get("person") or "").strip()[:80]
    if person:
        query = query.where(AuditLog.actor_id.in_(_people_named(person)))
    first, last = _day(args.get("from")), _day(args.get("to"))
    if first:
        query = query.where(AuditLog.at >= _start_of(first))
    if last:
        query = query.where(AuditLog.at < _start_of(last + timedelta(days=1)))
    return keyset.paginate(query, (AuditLog.id,), args, per_page=PER_PAGE)


@dataclass(frozen=True)
class Row:
    entry: AuditLog
    action: str          # in Chinese
    operator: str        # 姓名（用户名 · 法院） or 系统
    changes: list


def _person(display_name: str, username: str, court: str | None) -> str:
    return f"{display_name}（{username}{f' · {court}' if court else ''}）"


def _operator(user: User | None) -> str:
    if user is None:
        return "系统"
    return _person(user.display_name, user.username, user.court.name if user.court else None)


def readable(entries: list[AuditLog]) -> list[Row]:
    """The page's rows in words; ids of courts, divisions and people named (one query a kind)."""
    wanted: dict[type, set[int]] = {}
    for entry in entries:
        for side in (entry.before, entry.after):
            for key, value in (side.items() if isinstance(side, dict) else ()):
                if key in NAMED and isinstance(value, int):
                    wanted.setdefault(NAMED[key], set()).add(value)
    names: dict[type, dict[int, str]] = {}
    for model, ids in wanted.items():
        label = model.display_name if model is User else model.name
        names[model] = dict(db.session.execute(select(model.id, label).where(model.id.in_(ids))).all())

    def named(side):
        if not isinstance(side, dict):
            return side
        return {k: (names.get(NAMED[k], {}).get(v, v) if k in NAMED and isinstance(v, int) else v)
                for k, v in side.items()}

    return [Row(e, action_label(e.action), _operator(e.actor), changes(named(e.before), named(e.after)))
            for e in entries]


def filter_choices(args, logins: bool = False) -> dict:
    """The filter form's values: `person`, the text of the 操作人 box (what was typed, or the
    username of `actor=<id>` from a link), and the actions by feature (exact names and whole
    features). People are typed, not listed: a menu of every person (800 at ten years) cost each
    page about half of its CPU to render."""
    person = (args.get("person") or "").strip()[:80]
    actor = args.get("actor", type=int)
    if not person and actor:
        person = db.session.scalar(select(User.username).where(User.id == actor)) or ""
    if logins:
        actions = [(a, ACTIONS[a]) for a in LOGIN_ACTIONS]
    else:
        actions = []
        for feature, label in sorted(FEATURES.items(), key=lambda kv: kv[0]):
            exact = [(a, l) for a, l in ACTIONS.items() if a.split(".")[0] == feature and a not in LOGIN_ACTIONS]
            if exact:
                actions.append((f"{feature}.", f"{label}（全部）"))
                actions.extend(exact)
    return {"person": person, "actions": actions}
