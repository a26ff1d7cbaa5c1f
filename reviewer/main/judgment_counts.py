"""The judgments' counts per court and status (`models.judgment_counts.JudgmentStatusCount`), kept
on write for the home page's judgments panel.

Counting every judgment by status on every view of the home page read all ten years (50,047
index entries: 5.8 ms on PostgreSQL, growing with the years). The counts are adjusted by
increments in the flush that changes them (`keep_counts`, an "after_flush" hook wired in
reviewer/wiring.py): +1 for a new judgment, -1 for a deleted one, -1/+1 for one whose status or
court changed, as one upsert per (court, status) touched (`INSERT … ON CONFLICT DO UPDATE SET count
= count + delta`, on both databases), so two transactions adjusting the same row wait for each
other's row lock instead of losing an update. Bulk writes outside the ORM are not seen: `rebuild`
(the migration that made the table, the scale dataset after its bulk load). No Flask here.
"""
from __future__ import annotations

from collections import Counter

from sqlalchemy import delete, func, inspect, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from models import Judgment, JudgmentStatusCount

_TRACKED = ("status", "court_id")


def rebuild(connection: Connection) -> None:
    """Replace every count by one computed from the judgments."""
    table = JudgmentStatusCount.__table__
    connection.execute(delete(table))
    connection.execute(insert(table).from_select(
        ["court_id", "status", "count"],
        select(Judgment.court_id, Judgment.status, func.count()).group_by(Judgment.court_id, Judgment.status)))


def _before(judgment: Judgment) -> tuple[int, str] | None:
    """(court id, status name) as the database held them before this flush."""
    values = []
    for name in _TRACKED:
        history = inspect(judgment).attrs[name].history
        old = (*history.deleted, *history.unchanged)
        if not old or old[0] is None:
            return None
        values.append(old[0])
    return values[1], values[0].name


def _now(judgment: Judgment) -> tuple[int, str] | None:
    if judgment.court_id is None or judgment.status is None:
        return None
    return judgment.court_id, judgment.status.name


def deltas(session) -> Counter:
    """{(court id, status name): change} of the judgments this flush added, deleted or moved."""
    changes: Counter = Counter()
    for obj in session.new:
        if isinstance(obj, Judgment) and _now(obj):
            changes[_now(obj)] += 1
    for obj in session.deleted:
        if isinstance(obj, Judgment) and _before(obj):
            changes[_before(obj)] -= 1
    for obj in session.dirty:
        if isinstance(obj, Judgment) and obj not in session.deleted:
            state = inspect(obj)
            if any(state.attrs[name].history.has_changes() for name in _TRACKED):
                if _before(obj):
                    changes[_before(obj)] -= 1
                if _now(obj):
                    changes[_now(obj)] += 1
    return Counter({key: change for key, change in changes.items() if change})


def keep_counts(session, _flush_context) -> None:
    """Session "after_flush": apply this flush's `deltas` (module docstring)."""
    changes = deltas(session)
    if not changes:
        return
    connection = session.connection()
    make = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    table = JudgmentStatusCount.__table__
    for (court_id, status), change in sorted(changes.items()):   # sorted: the same lock order everywhere
        statement = make(table).values(court_id=court_id, status=status, count=change)
        connection.execute(statement.on_conflict_do_update(
            index_elements=["court_id", "status"], set_={"count": table.c.count + statement.excluded.count}))
