"""Reminders from the to-do list: the same items, as a site notification (and mail, when the user
has an address and MAIL_SERVER is set) a few days before, on and after the deadline.

Run daily by the worker (`todos.reminders`, reviewer/todos/tasks.py) and by hand with
`flask --app app send-todo-reminders`. Idempotent: the notification's dedupe key names the
milestone, the deadline and the line's link, so each item is reminded once per milestone (a
changed deadline is a new item). Review assignments remind through their own per-assignment
reminders (`notifications.services.send_due_reminders`), so their lines say `remind=False`.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date

from flask import current_app
from sqlalchemy import select

from models import User
from models.notification import Notification, NotificationKind
from reviewer import signals
from reviewer.extensions import db
from reviewer.notifications.services import notify
from reviewer.todos.items import Milestone, Todo, milestone

KINDS = {Milestone.SOON: NotificationKind.DUE_SOON, Milestone.TODAY: NotificationKind.DUE_SOON,
         Milestone.OVERDUE: NotificationKind.OVERDUE}


def collect(user, today: date) -> list[Todo]:
    """Everything that waits on `user` today, from every programme (unordered)."""
    return [todo for _receiver, items in signals.todo_items.send(user, today=today) for todo in items or ()]


def reminder_key(todo: Todo, when: Milestone) -> str:
    link = hashlib.sha1(todo.url.encode()).hexdigest()[:16]
    return f"todo:{when.code}:{todo.due.isoformat()}:{link}"


def reminder_text(todo: Todo, when: Milestone, today: date) -> str:
    due = todo.due.isoformat()
    if when is Milestone.OVERDUE:
        return f"待办已逾期：{todo.label}（截止 {due}），请尽快办理。"
    if when is Milestone.TODAY:
        return f"待办今天到期：{todo.label}（截止 {due}）。"
    return f"待办即将到期：{todo.label}（截止 {due}，还有 {(todo.due - today).days} 天）。"


def send_todo_reminders(today: date, soon_days: int | None = None) -> Counter:
    """Remind every active user of their dated to-dos at today's milestone; returns how many were
    sent per milestone code. Needs a request context for the links (the CLI and the job make one).
    Flushes; the caller commits."""
    if soon_days is None:
        soon_days = int(current_app.config.get("DUE_SOON_DAYS", 3))
    sent: Counter = Counter()
    for user in db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.id)):
        due = [(todo, when) for todo in collect(user, today)
               if (when := milestone(todo, today, soon_days)) is not None]
        if not due:
            continue
        keys = {reminder_key(todo, when) for todo, when in due}
        done = set(db.session.scalars(select(Notification.dedupe_key).where(
            Notification.user_id == user.id, Notification.dedupe_key.in_(keys))))
        for todo, when in due:
            key = reminder_key(todo, when)
            if key in done:
                continue
            notify(user, KINDS[when], reminder_text(todo, when, today), url=todo.url, dedupe_key=key)
            done.add(key)
            sent[when.code] += 1
    return sent
