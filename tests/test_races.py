"""Races, with real concurrency: two requests on their own threads, sessions and connections, held
at the same point until both got there (`meet_before`), then let go together.

On PostgreSQL the later writer waits on the row or key the earlier one holds, then is refused. On
SQLite every write takes the one database write lock: the later writer waits for the earlier one's
commit (busy_timeout 5 s), so the same statements are serialized, and it is refused the same way.
Each race ends with a clear Chinese message or a 404, and the data and files agree.
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from flask import g
from sqlalchemy import event, func, select

from models import Assignment, Judgment, JudgmentStatus, Role, StoredFile, WatchRecord
from models.audit import AuditLog
from models.bulletin import Bulletin
from reviewer import storage
from reviewer.draws import services as draws
from reviewer.extensions import db as _db
from tests.draw_helpers import court_with_case_list
from tests.factories import make_court, make_hearing, make_judgment, make_stored_file, make_user
from tests.review_helpers import make_city


@contextmanager
def meet_before(*sql_prefixes: str, parties: int = 2):
    """Hold each thread's first statement starting with one of `sql_prefixes` (its first write)
    until `parties` threads reached theirs: all have read the state they act on before any writes
    (held later, SQLite's one write lock would make the other wait for the holder: a deadlock)."""
    barrier = threading.Barrier(parties, timeout=20)
    held: set[int] = set()

    def hold(conn, cursor, statement, parameters, context, executemany):
        me = threading.get_ident()
        if me not in held and statement.lstrip().upper().startswith(sql_prefixes):
            held.add(me)
            barrier.wait()

    event.listen(_db.engine, "before_cursor_execute", hold)
    try:
        yield
    finally:
        event.remove(_db.engine, "before_cursor_execute", hold)


def _clients(app, user, count=2):
    clients = []
    for _ in range(count):
        client = app.test_client()
        g.pop("_login_user", None)
        assert client.post("/auth/login", data={"username": user.username, "password": "secret-pass"}).status_code == 302
        clients.append(client)
    return clients


def _at_once(calls):
    with ThreadPoolExecutor(len(calls)) as pool:
        return [f.result() for f in [pool.submit(call) for call in calls]]


def _flashes(client) -> str:
    g.pop("_login_user", None)
    return client.get("/notifications/").get_data(as_text=True)


def _count(model, *where):
    _db.session.expire_all()
    return _db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_the_same_bulletin_generated_twice_at_once_gets_one_number(app, db):
    court, heads, liaison = court_with_case_list("豫0883")
    admin = make_user(roles=(Role.ADMIN,))
    draw = draws.announce(admin, court, "2021-03", "福彩3D")
    draws.perform(admin, draw, "3 0 9")
    db.session.commit()
    clients = _clients(app, admin)
    with meet_before("INSERT INTO BULLETINS"):
        responses = _at_once([lambda c=c: c.post("/bulletins/draw/2021-03") for c in clients])
    assert sorted(r.status_code for r in responses) == [200, 302]
    refused = clients[[r.status_code for r in responses].index(302)]
    assert "正由他人同时生成" in _flashes(refused)
    assert _count(Bulletin) == 1
    assert _count(AuditLog, AuditLog.action == "bulletin.number_issued") == 1


def test_the_same_reviewer_assigned_twice_at_once_is_assigned_once(app, db):
    city = make_city()
    db.session.commit()
    clients = _clients(app, city.admin)
    url, data = f"/reviews/assign/judgment/{city.judgment.id}", {"reviewer_id": str(city.r1.id)}
    with meet_before("INSERT INTO ASSIGNMENTS", "UPDATE JUDGMENTS"):  # the flush's first write
        responses = _at_once([lambda c=c: c.post(url, data=data) for c in clients])
    assert all(r.status_code in (200, 302) for r in responses)
    messages = [_flashes(c) for c in clients]
    assert sum("已分配" in m and "评查" in m and "已被他人同时分配" not in m for m in messages) == 1
    assert sum("已被他人同时分配评查此项" in m for m in messages) == 1
    assert _count(Assignment, Assignment.subject_id == city.judgment.id) == 1
    assert _count(AuditLog, AuditLog.action == "review.assign") == 1


def test_two_first_watch_pings_at_once_keep_one_record(app, db, tmp_path):
    court = make_court("豫0802")
    judge = make_user(roles=(Role.JUDGE,), court=court)
    hearing = make_hearing(court, tmp_path, published=True)
    url = f"/hearings/{hearing.id}/watch"
    clients = _clients(app, judge)
    with meet_before("INSERT INTO HEARING_WATCH_RECORDS"):
        responses = _at_once([lambda c=c, s=s: c.post(url, json={"position": s}) for c, s in zip(clients, (1, 1.5))])
    assert sorted(r.status_code for r in responses) == [200, 409]
    refused = next(r for r in responses if r.status_code == 409)
    assert "冲突" in refused.get_json()["message"]
    assert _count(WatchRecord, WatchRecord.hearing_id == hearing.id) == 1


def _draft_with_file(court):
    content = b"draft judgment bytes"
    stored = make_stored_file(content=content)
    path = storage.path_of(stored)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return make_judgment(court=court, status=JudgmentStatus.DRAFT, file=stored), path


def test_a_submit_while_someone_deletes_the_draft_leaves_one_outcome(app, db):
    court = make_court("豫0802")
    liaison = make_user(roles=(Role.LIAISON,), court=court)
    judgment, path = _draft_with_file(court)
    judgment_id, file_id = judgment.id, judgment.file_id
    db.session.commit()
    submitter, deleter = _clients(app, liaison)
    with meet_before("UPDATE JUDGMENTS"):
        _at_once([lambda: submitter.post(f"/judgments/{judgment_id}/submit"),
                  lambda: deleter.post(f"/judgments/{judgment_id}/delete")])
    _db.session.expire_all()
    row = _db.session.get(Judgment, judgment_id)
    if row is None:     # the delete went first: the submit was refused, the file went with the row
        assert _db.session.get(StoredFile, file_id) is None and not path.exists()
        assert "已被他人同时报送或删除" in _flashes(submitter)
    else:               # the submit went first: the delete was refused, the file stays
        assert row.status == JudgmentStatus.SUBMITTED and path.exists()
        assert "已被他人同时报送或删除" in _flashes(deleter)
    assert _count(AuditLog, AuditLog.action.in_(["judgment.submitted", "judgment.deleted"])) == 1


def test_a_download_while_someone_deletes_is_a_404_not_a_500(app, db, monkeypatch):
    court = make_court("豫0802")
    liaison = make_user(roles=(Role.LIAISON,), court=court)
    judgment, path = _draft_with_file(court)
    judgment_id = judgment.id
    db.session.commit()
    reader, deleter = _clients(app, liaison)
    loaded, deleted = threading.Event(), threading.Event()
    mime = storage.download_mime

    def held_mime(stored):  # the download has loaded the row and is about to open the file
        loaded.set()
        assert deleted.wait(20)
        return mime(stored)

    monkeypatch.setattr(storage, "download_mime", held_mime)

    def delete():
        assert loaded.wait(20)
        response = deleter.post(f"/judgments/{judgment_id}/delete")
        deleted.set()
        return response

    download, removal = _at_once([lambda: reader.get(f"/judgments/{judgment_id}/download"), delete])
    assert removal.status_code == 302 and not path.exists()
    assert download.status_code == 404
    assert _count(Judgment, Judgment.id == judgment_id) == 0
