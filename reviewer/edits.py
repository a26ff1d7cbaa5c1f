"""Optimistic locking for edit forms: a save made from a stale page is refused, not merged silently.

An edited row carries `lock_version`; its form carries the version the editor loaded (a hidden
field). `claim_version(row, seen)` bumps the version with one conditional UPDATE
(`… SET lock_version = lock_version + 1 WHERE id = :id AND lock_version = :seen`): if no row
matched, someone saved in between and `StaleEdit` (a DomainError with the Chinese message) is
raised; the view keeps what was typed and shows the message. The UPDATE takes the row's write
lock, so two saves at the same moment cannot both pass, on SQLite or PostgreSQL. The same rule as
rankings and score sheets (`reviewer/rankings/services.check_version`), for rows where a mapper
`version_id_col` would also refuse unrelated background updates (a log-in, a format check).
"""
from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from reviewer.errors import DomainError
from reviewer.extensions import db

__all__ = ["StaleEdit", "claim_version"]


class StaleEdit(DomainError):
    def __init__(self, what: str = "该记录"):
        super().__init__(f"{what}已被他人修改（您打开页面后有新的保存），本次保存未生效，您填写的内容仍在下方。"
                         "请在新窗口打开该页面查看最新内容，合并后再保存。")


def claim_version(row, seen, what: str = "该记录") -> None:
    """Refuse (StaleEdit) unless `row` is still at version `seen`; else bump its version (flushes)."""
    try:
        seen = int(seen)
    except (TypeError, ValueError):
        raise StaleEdit(what) from None
    table = type(row).__table__
    result = db.session.execute(
        update(table).where(table.c.id == row.id, table.c.lock_version == seen)
        .values(lock_version=table.c.lock_version + 1))
    if result.rowcount != 1:
        raise StaleEdit(what)
    set_committed_value(row, "lock_version", seen + 1)
