"""Notifications: notify(), the unread badge, mark read, due reminders (idempotent), real SMTP delivery."""
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from models import Assignment, Review, ReviewStatus, Role, utcnow
from models.notification import Notification, NotificationKind
from reviewer import clock
from reviewer.extensions import db as _db
from reviewer.notifications import services
from tests.conftest import count_queries
from tests.evaluation_factories import make_sheet
from tests.factories import make_court, make_judgment, make_user
from tests.smtp_server import running_smtp_server


@pytest.fixture
def smtp(app):
    with running_smtp_server(app) as inbox:
        yield inbox


def test_badge_shows_unread_count_and_reading_clears_it(client, login, db):
    user = make_user(roles=(Role.JUDGE,), court=make_court())
    services.notify(user, NotificationKind.GENERAL, "第一条", url="/exemplars/")
    note = services.notify(user, NotificationKind.GENERAL, "第二条")
    db.session.commit()
    login(user)
    page = client.get("/notifications/").get_data(as_text=True)
    assert 'id="unread-badge">2<' in page and "第一条" in page
    response = client.post(f"/notifications/{note.id}/read")
    assert response.status_code == 302
    assert 'id="unread-badge">1<' in client.get("/notifications/").get_data(as_text=True)
    client.post("/notifications/read-all")
    assert "unread-badge" not in client.get("/notifications/").get_data(as_text=True)


def test_reading_redirects_to_the_local_target_only(client, login, db):
    user = make_user(roles=(Role.JUDGE,), court=make_court())
    local = services.notify(user, NotificationKind.GENERAL, "a", url="/exemplars/")
    remote = services.notify(user, NotificationKind.GENERAL, "b", url="https://evil.example/")
    relative = services.notify(user, NotificationKind.GENERAL, "c", url="//evil.example/")
    backslash = services.notify(user, NotificationKind.GENERAL, "d", url="/\\evil.example/")
    db.session.commit()
    login(user)
    assert client.post(f"/notifications/{local.id}/read").location.endswith("/exemplars/")
    for note in (remote, relative, backslash):
        assert client.post(f"/notifications/{note.id}/read").location.endswith("/notifications/")


def test_nobody_reads_another_users_notification(client, login, db):
    owner = make_user(roles=(Role.JUDGE,), court=make_court())
    note = services.notify(owner, NotificationKind.GENERAL, "私人通知")
    db.session.commit()
    login(make_user(roles=(Role.ADMIN,), court=make_court()))
    assert client.post(f"/notifications/{note.id}/read").status_code == 403
    assert "私人通知" not in client.get("/notifications/").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Notification, note.id).read_at is None


def test_anonymous_visitor_is_sent_to_login(client):
    assert client.get("/notifications/").status_code == 302
    assert client.post("/notifications/read-all").status_code == 302


def test_badge_costs_one_query_whatever_the_count(client, login, db):
    user = make_user(roles=(Role.JUDGE,), court=make_court())
    login(user)

    def queries(n):
        for i in range(n):
            services.notify(user, NotificationKind.GENERAL, f"通知{i}")
        db.session.commit()
        with count_queries() as counter:
            client.get("/notifications/")
        return counter[0]

    assert queries(1) == queries(30)


def _assignment(reviewer, due, submitted=False):
    judgment = make_judgment()
    assignment = Assignment(subject_kind="judgment", subject_id=judgment.id, reviewer_id=reviewer.id, due_date=due)
    _db.session.add(assignment)
    _db.session.flush()
    if submitted:
        _db.session.add(Review(assignment=assignment, subject_kind="judgment", subject_id=judgment.id,
                               sheet_id=make_sheet().id, reviewer_id=reviewer.id, status=ReviewStatus.SUBMITTED))
        _db.session.flush()
    return assignment


def test_due_reminders_are_created_once(app, db):
    reviewer = make_user(roles=(Role.REVIEWER,), court=make_court("豫08"))
    today = date(2021, 4, 20)
    overdue = _assignment(reviewer, date(2021, 4, 18))
    soon = _assignment(reviewer, date(2021, 4, 22))
    _assignment(reviewer, date(2021, 4, 30))                 # not yet due
    _assignment(reviewer, date(2021, 4, 10), submitted=True)  # done
    assert services.send_due_reminders(today) == {"overdue": 1, "due_soon": 1}
    assert services.send_due_reminders(today) == {"overdue": 0, "due_soon": 0}
    notes = db.session.scalars(select(Notification).order_by(Notification.id)).all()
    assert [(n.kind, n.dedupe_key) for n in notes] == [
        (NotificationKind.OVERDUE, f"overdue:assignment:{overdue.id}"),
        (NotificationKind.DUE_SOON, f"due_soon:assignment:{soon.id}"),
    ]
    # two days later the due-soon one is overdue: one more reminder, still none repeated
    assert services.send_due_reminders(date(2021, 4, 23)) == {"overdue": 1, "due_soon": 0}


def test_cli_sends_due_reminders_idempotently(app, db):
    reviewer = make_user(roles=(Role.REVIEWER,), court=make_court("豫08"))
    _assignment(reviewer, date(2021, 4, 18))
    db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["send-due-reminders", "--today", "2021-04-20"])
    second = runner.invoke(args=["send-due-reminders", "--today", "2021-04-20"])
    assert first.exit_code == 0 and "逾期提醒 1 条" in first.output
    assert "逾期提醒 0 条" in second.output
    assert len(db.session.scalars(select(Notification)).all()) == 1


def test_mail_is_sent_over_smtp_after_commit(app, db, smtp):
    user = make_user(roles=(Role.REVIEWER,), court=make_court("豫08"))
    user.email = "reviewer@court.local"
    note = services.notify(user, NotificationKind.ASSIGNMENT, "您有新的评查任务：（2021）豫0802民初1号", url="/reviews/")
    assert smtp.messages == []  # nothing leaves before the commit
    db.session.commit()
    assert len(smtp.messages) == 1
    envelope = smtp.messages[0]
    assert envelope.rcpt_tos == ["reviewer@court.local"] and envelope.mail_from == "pingcha@court.local"
    from email import message_from_bytes, policy
    message = message_from_bytes(envelope.content, policy=policy.default)
    assert "新的评查任务" in str(message["Subject"])
    assert "（2021）豫0802民初1号" in message.get_content()
    db.session.expire_all()
    assert db.session.get(Notification, note.id).emailed_at is not None


def test_rolled_back_notification_sends_no_mail(app, db, smtp):
    user = make_user(roles=(Role.REVIEWER,), court=make_court("豫08"))
    user.email = "reviewer@court.local"
    db.session.commit()
    services.notify(user, NotificationKind.GENERAL, "不会发送")
    db.session.rollback()
    db.session.commit()
    assert smtp.messages == []


def test_no_mail_without_smtp_settings_or_address(app, db, smtp):
    no_address = make_user(roles=(Role.REVIEWER,), court=make_court("豫08"))
    services.notify(no_address, NotificationKind.GENERAL, "无邮箱")
    db.session.commit()
    assert smtp.messages == []
    app.config["MAIL_SERVER"] = None
    no_address.email = "x@court.local"
    services.notify(no_address, NotificationKind.GENERAL, "未配置")
    db.session.commit()
    assert smtp.messages == []


def test_unreachable_smtp_server_does_not_break_the_action(app, db):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)
    try:
        user = make_user(roles=(Role.REVIEWER,), court=make_court("豫08"))
        user.email = "r@court.local"
        note = services.notify(user, NotificationKind.GENERAL, "照常保存")
        db.session.commit()
        db.session.expire_all()
        saved = db.session.get(Notification, note.id)
        assert saved is not None and saved.emailed_at is None
    finally:
        app.config.update(MAIL_SERVER=None, MAIL_PORT=25)


def test_the_worker_sends_due_reminders_every_morning(app, db):
    """Due-soon and overdue reminders do not depend on someone running the CLI: the worker's
    periodic job runs them daily (at 07:00) and commits."""
    from datetime import datetime

    from reviewer import jobs

    reviewer = make_user(roles=(Role.REVIEWER,), court=make_court("豫08"))
    _assignment(reviewer, clock.today() - timedelta(days=1))
    db.session.commit()
    huey = jobs.get_huey(app)
    morning = datetime.combine(clock.today(), datetime.min.time())
    due = {t.name: t for t in huey.read_periodic(morning.replace(hour=7))}
    assert "notifications.due_reminders" not in {t.name for t in huey.read_periodic(morning.replace(hour=12))}
    assert due["notifications.due_reminders"].execute() == {"overdue": 1, "due_soon": 0}
    db.session.rollback()  # what the job committed stays
    assert [n.kind for n in db.session.scalars(select(Notification))] == [NotificationKind.OVERDUE]


def test_mail_waits_for_the_worker_not_the_request(app, db, smtp, tmp_path):
    """With a real queue the request only enqueues; the SMTP conversation happens in the worker."""
    from huey import SqliteHuey

    from reviewer import jobs

    user = make_user(roles=(Role.REVIEWER,), court=make_court("豫08"))
    user.email = "reviewer@court.local"
    db.session.commit()
    saved = app.extensions.get("huey"), app.extensions.get("huey_tasks")
    queue = SqliteHuey("mail-test", filename=str(tmp_path / "q.sqlite"))
    jobs.use_huey(app, queue)
    try:
        note = services.notify(user, NotificationKind.GENERAL, "排队发送")
        db.session.commit()
        assert smtp.messages == [] and len(queue) == 1  # queued, not sent
        assert queue.execute(queue.dequeue()) == 1  # what the worker does
    finally:
        app.extensions["huey"], app.extensions["huey_tasks"] = saved
    assert [e.rcpt_tos for e in smtp.messages] == [["reviewer@court.local"]]
    db.session.expire_all()
    assert db.session.get(Notification, note.id).emailed_at is not None


def test_the_outbox_sweep_sends_what_failed_before_and_only_recent_ones(app, db, smtp):
    from reviewer.notifications.services import MAIL_RETRY_HOURS, deliver_mail

    user = make_user(roles=(Role.REVIEWER,), court=make_court("豫08"))
    user.email = "reviewer@court.local"
    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = 1  # the SMTP server is unreachable when the notes are made
    fresh = services.notify(user, NotificationKind.GENERAL, "稍后补发")
    stale = services.notify(user, NotificationKind.GENERAL, "太旧了")
    stale.created_at = utcnow() - timedelta(hours=MAIL_RETRY_HOURS + 1)
    db.session.commit()
    app.config["MAIL_PORT"] = port
    assert smtp.messages == []
    assert deliver_mail() == 0  # just made: left to its own job for a couple of minutes
    later = utcnow() + timedelta(minutes=5)
    assert deliver_mail(now=later) == 1  # the ten-minute sweep of the worker
    assert deliver_mail(now=later) == 0  # and never twice
    db.session.expire_all()
    assert db.session.get(Notification, fresh.id).emailed_at is not None
    assert db.session.get(Notification, stale.id).emailed_at is None
    assert len(smtp.messages) == 1


def test_the_list_is_newest_first_page_by_page_with_a_bounded_total(client, login, db):
    user = make_user(roles=(Role.JUDGE,), court=make_court())
    notes = [services.notify(user, NotificationKind.GENERAL, f"第{i:02d}条") for i in range(25)]
    db.session.commit()
    login(user)
    first = client.get("/notifications/").get_data(as_text=True)
    assert "第24条" in first and "第05条" in first and "第04条" not in first and "共 25 条" in first
    assert first.index("第24条") < first.index("第23条")
    cursor = re.search(r'href="/notifications/\?after=([^"]+)"', first).group(1)
    second = client.get(f"/notifications/?after={cursor}").get_data(as_text=True)
    assert "第04条" in second and "第00条" in second and "第05条" not in second and "上一页" in second
    assert cursor == str(notes[5].id)


def test_a_deep_page_costs_the_same_statements_as_the_first(client, login, db):
    user = make_user(roles=(Role.JUDGE,), court=make_court())
    notes = [services.notify(user, NotificationKind.GENERAL, f"通知{i}") for i in range(45)]
    db.session.commit()
    login(user)

    def queries(path):
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        return counter[0]

    assert queries("/notifications/") == queries(f"/notifications/?after={notes[3].id}")
