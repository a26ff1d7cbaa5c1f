"""Creating and reading notifications. `notify(user, kind, text, url)` is what other features call.

Mail is a courtesy copy, sent only when MAIL_SERVER is configured and the user has an e-mail
address, and never inside the request: once the transaction commits (a rolled-back action mails
nobody) the new notifications' ids go to the job queue (`notifications.mail`), and the worker
talks to the SMTP server. Whatever is still unsent — the queue was down, the SMTP server refused —
is picked up by the outbox sweep every ten minutes for a day (`notifications.mail_outbox`).
"""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app, has_request_context, url_for
from werkzeug.routing import BuildError
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from models import Assignment, User, utcnow
from models.notification import Notification, NotificationKind
from reviewer import clock
from reviewer.extensions import db
from reviewer.notifications import mail

PENDING_KEY = "pending_mail"
DUE_SOON_DAYS = 2


def notify(user: User, kind: NotificationKind, text: str, url: str | None = None,
           dedupe_key: str | None = None) -> Notification | None:
    """Add a notification for `user`; with `dedupe_key`, at most one per user and key (returns None
    when it already exists). Flushes, never commits."""
    if dedupe_key is not None:
        exists = db.session.scalar(select(Notification.id).where(
            Notification.user_id == user.id, Notification.dedupe_key == dedupe_key))
        if exists is not None:
            return None
    note = Notification(user_id=user.id, kind=kind, text=text, url=url, dedupe_key=dedupe_key)
    db.session.add(note)
    db.session.flush()
    _queue_mail(user, note)
    return note


MAIL_RETRY_HOURS = 24  # the outbox sweep gives up on a notification's mail after this
MAIL_SWEEP_GRACE = timedelta(minutes=2)  # younger ones are left to their own job (no double mail)


def _queue_mail(user: User, note: Notification) -> None:
    if mail.MailSettings.from_config(current_app.config) is None or not user.email:
        return
    db.session.info.setdefault(PENDING_KEY, []).append(note.id)


def _absolute(url: str) -> str:
    base = current_app.config.get("SITE_URL")
    return (base.rstrip("/") + url) if base and url.startswith("/") else url


@event.listens_for(Session, "after_commit")
def _mail_after_commit(session: Session) -> None:
    note_ids = session.info.pop(PENDING_KEY, None)
    if not note_ids:
        return
    from reviewer.jobs import enqueue

    try:
        enqueue("notifications.mail", note_ids)
    except Exception:  # noqa: BLE001 - the outbox sweep sends them later
        current_app.logger.exception("could not queue mail for notifications %s", note_ids)


@event.listens_for(Session, "after_rollback")
def _drop_after_rollback(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)


def deliver_mail(note_ids: list[int] | None = None, now=None) -> int:
    """Mail the given notifications — or, with None, every one of the last MAIL_RETRY_HOURS not
    mailed yet (but older than MAIL_SWEEP_GRACE) — to users with an address; marks those the
    server accepted. Returns how many.

    Runs in the worker (or right after the commit in immediate mode, where the request's session
    may not be used): it works in a session of its own and commits it.
    """
    settings = mail.MailSettings.from_config(current_app.config)
    if settings is None:
        return 0
    now = now or utcnow()
    with Session(db.engine) as session:
        query = (select(Notification, User.email).join(User, User.id == Notification.user_id)
                 .where(Notification.emailed_at.is_(None), User.email.is_not(None), User.email != "")
                 .order_by(Notification.id))
        query = (query.where(Notification.id.in_(note_ids)) if note_ids is not None
                 else query.where(Notification.created_at >= now - timedelta(hours=MAIL_RETRY_HOURS),
                                  Notification.created_at <= now - MAIL_SWEEP_GRACE))
        rows = session.execute(query).all()
        mails = {note.id: mail.Mail(address, f"【案件评查】{note.kind.label}", _mail_body(note))
                 for note, address in rows}
        accepted = {id(m) for m in mail.send(settings, list(mails.values()))}
        sent_ids = [note_id for note_id, m in mails.items() if id(m) in accepted]
        if sent_ids:
            session.execute(update(Notification).where(Notification.id.in_(sent_ids))
                            .values(emailed_at=utcnow()))
            session.commit()
    return len(sent_ids)


def _mail_body(note: Notification) -> str:
    link = f"\n\n{_absolute(note.url)}" if note.url else ""
    return f"{note.text}{link}\n\n（焦作法院案件评查平台自动发送）"


def unread_count(user) -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def mark_read(user, note: Notification) -> None:
    if note.read_at is None:
        note.read_at = utcnow()
        db.session.flush()


def mark_all_read(user) -> int:
    result = db.session.execute(update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)).values(read_at=utcnow()))
    return result.rowcount


def send_due_reminders(today: date | None = None, due_soon_days: int = DUE_SOON_DAYS) -> dict[str, int]:
    """Remind reviewers of unsubmitted assignments: overdue (due date passed) or due soon (within
    `due_soon_days`). Idempotent: each assignment gets each kind of reminder once."""
    today = today or clock.today()
    horizon = today + timedelta(days=due_soon_days)
    rows = db.session.execute(
        select(Assignment, User).join(User, User.id == Assignment.reviewer_id)
        .where(Assignment.submitted_at.is_(None),   # the open ones only: ix_assignments_open
               Assignment.due_date.is_not(None), Assignment.due_date <= horizon, User.active.is_(True))
        .order_by(Assignment.due_date, Assignment.id)   # most overdue first, the same order every run
    ).all()
    keys = {(a.reviewer_id, _key(a, today)) for a, _ in rows}
    existing = set(db.session.execute(
        select(Notification.user_id, Notification.dedupe_key)
        .where(Notification.user_id.in_({u for u, _ in keys} or {0}),
               Notification.dedupe_key.in_({k for _, k in keys} or {""}))
    ).all())
    counts = {"overdue": 0, "due_soon": 0}
    for assignment, user in rows:
        key = _key(assignment, today)
        if (user.id, key) in existing:
            continue
        overdue = assignment.due_date < today
        kind = NotificationKind.OVERDUE if overdue else NotificationKind.DUE_SOON
        due = assignment.due_date.isoformat()
        text = (f"您的评查任务（{_subject(assignment)}）已于 {due} 到期，尚未提交，请尽快完成。" if overdue
                else f"您的评查任务（{_subject(assignment)}）将于 {due} 到期，请按时提交。")
        notify(user, kind, text, url=_assignment_url(assignment), dedupe_key=key)
        existing.add((user.id, key))
        counts["overdue" if overdue else "due_soon"] += 1
    return counts


def _key(assignment, today: date) -> str:
    return f"{'overdue' if assignment.due_date < today else 'due_soon'}:assignment:{assignment.id}"


def _subject(assignment) -> str:
    return {"judgment": "裁判文书", "hearing": "庭审"}.get(assignment.subject_kind, "评查对象") + f" #{assignment.subject_id}"


def _assignment_url(assignment) -> str | None:
    try:
        return local_url("reviews.review", kind=assignment.subject_kind, subject_id=assignment.subject_id)
    except BuildError:
        return None


def local_url(endpoint: str, **values) -> str:
    """A site-relative URL, also from the CLI (no request context, no SERVER_NAME needed)."""
    if has_request_context():
        return url_for(endpoint, **values)
    adapter = current_app.url_map.bind("localhost", script_name=current_app.config.get("APPLICATION_ROOT") or "/")
    return adapter.build(endpoint, values)
