"""To-do items and their urgency: a pure rule, no Flask, no database.

The rule (issue: the office's month): a to-do with a deadline is **逾期** (overdue) from the day
after the deadline, **即将到期** (due soon) from `soon_days` days before it up to and including the
deadline day, otherwise not yet pressing; a to-do without a deadline is never overdue. The list is
shown overdue first (oldest deadline first), then due soon (nearest first), then the other dated
items (nearest first), then undated ones; ties keep the order in which the programmes gave them.

Reminders (site notification + mail) come from the same items at three milestones, each sent once
per item: **soon** (from `soon_days` days before the deadline until the day before), **today** (the
deadline day) and **overdue** (from the day after). A reminder left unsent at one milestone (the job
did not run) is not sent late: only the current milestone counts. Undated items and items whose
programme reminds by its own means (`remind=False`) get none.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

DEFAULT_SOON_DAYS = 3


class Urgency(enum.Enum):
    OVERDUE = ("overdue", "逾期", "text-bg-danger")
    SOON = ("soon", "即将到期", "text-bg-warning")
    LATER = ("later", "", "")
    UNDATED = ("undated", "", "")

    def __init__(self, code: str, label: str, badge: str):
        self.code, self.label, self.badge = code, label, badge


@dataclass(frozen=True)
class Todo:
    """One line of the list: `label` (Chinese), `url` (where it is done), `programme` (裁判文书评查,
    庭审, 报备 …), `due` (the deadline, a date in China's calendar, or None) and `count` (how many
    things the line stands for, e.g. 3 courts that have not filed). `remind=False`: no reminder
    from this list (the programme sends its own, e.g. review assignments)."""

    label: str
    url: str
    programme: str
    due: date | None = None
    count: int = 1
    remind: bool = True


def urgency(todo: Todo, today: date, soon_days: int = DEFAULT_SOON_DAYS) -> Urgency:
    if todo.due is None:
        return Urgency.UNDATED
    days_left = (todo.due - today).days
    if days_left < 0:
        return Urgency.OVERDUE
    if days_left <= soon_days:
        return Urgency.SOON
    return Urgency.LATER


def arrange(todos: list[Todo], today: date, soon_days: int = DEFAULT_SOON_DAYS) -> list[tuple[Todo, Urgency]]:
    """The list in display order (see the module's rule), each with its urgency."""
    rank = {Urgency.OVERDUE: 0, Urgency.SOON: 1, Urgency.LATER: 2, Urgency.UNDATED: 3}
    marked = [(i, todo, urgency(todo, today, soon_days)) for i, todo in enumerate(todos)]
    marked.sort(key=lambda row: (rank[row[2]], row[1].due or date.max, row[0]))
    return [(todo, level) for _i, todo, level in marked]


class Milestone(enum.Enum):
    SOON = ("soon", "即将到期")
    TODAY = ("today", "今天到期")
    OVERDUE = ("overdue", "已逾期")

    def __init__(self, code: str, label: str):
        self.code, self.label = code, label


def milestone(todo: Todo, today: date, soon_days: int = DEFAULT_SOON_DAYS) -> Milestone | None:
    """The reminder due for `todo` today (see the module's rule), or None."""
    if todo.due is None or not todo.remind:
        return None
    days_left = (todo.due - today).days
    if days_left < 0:
        return Milestone.OVERDUE
    if days_left == 0:
        return Milestone.TODAY
    if days_left <= soon_days:
        return Milestone.SOON
    return None
