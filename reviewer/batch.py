"""Batch actions as one unit: every item or none, with a report line per item.

`run_all(items, action, title, done)` runs `action(item)` for each item and goes on after a
refusal, so one refusal does not hide the others' verdicts; if any item is refused, `BatchRefused`
(a `DomainError`) carries the whole report and the request's unit of work rolls everything back.
No savepoints: pysqlite opens no transaction before a SAVEPOINT, so on SQLite releasing the first
savepoint would commit it; the services refuse before they change anything, and the one rollback
of the unit of work undoes whatever the accepted items did.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reviewer.errors import DomainError


@dataclass(frozen=True)
class ItemReport:
    title: str
    ok: bool
    message: str


class BatchRefused(DomainError):
    def __init__(self, reports: list[ItemReport]):
        refused = sum(1 for r in reports if not r.ok)
        super().__init__(f"批量操作未执行：{len(reports)} 项中有 {refused} 项不能办理（原因见下表），全部未生效。")
        self.reports = reports


def run_all(items: Iterable, action: Callable, title: Callable, done: str) -> list[ItemReport]:
    """Apply `action` to every item; `done` is the report line of an item that went through."""
    reports, refused = [], False
    items = list(items)
    if not items:
        raise DomainError("没有选择任何项目。")
    for item in items:
        name = title(item)
        try:
            action(item)
        except DomainError as error:
            refused = True
            reports.append(ItemReport(name, False, error.message))
        else:
            reports.append(ItemReport(name, True, done))
    if refused:
        raise BatchRefused(reports)
    return reports
