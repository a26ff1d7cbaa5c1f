"""Exports as background jobs: above EXPORT_JOB_ROWS the export is queued (POST), runs through the
app's huey (immediate in tests), shows its progress to other sessions while it runs, stores a
valid .xlsx with the same rows as a download made in the request, fails with a Chinese message and
no file, expires with its file, and only the requester or an admin downloads it."""
from __future__ import annotations

import glob
import io
import os
import tempfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import AuditLog, ExportRequest, ExportStatus, Judgment, Role, StoredFile, utcnow
from reviewer import jobs, progress, storage
from reviewer.exports import kinds, requests, tasks, workbooks
from reviewer.exports.requests import JobTracker
from reviewer.extensions import db as _db
from tests.evaluation_factories import evaluate, make_reviewer
from tests.factories import make_court, make_judgment, make_user


def _rows(data) -> list[list]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


@pytest.fixture
def office(app, db):
    """Two months of reviewed judgments, the admin who exports, and a court's liaison."""
    court = make_court("豫0802")
    judge = make_user(court=court, display_name="王法官")
    first, second = make_reviewer(), make_reviewer()
    for n, month in enumerate(("2021-03", "2021-03", "2021-04")):
        judgment = make_judgment(court=court, month=month, case_number=f"（2021）豫0802民初{n + 1}号", judge=judge)
        evaluate(judgment, 90 - n, "优秀", reviewers=[first, second], deductions=[8, 12], reason="说理略简")
    admin = make_user(roles=(Role.ADMIN,), court=make_court("豫08"))
    liaison = make_user(roles=(Role.LIAISON,), court=court)
    db.session.commit()
    app.config.update(EXPORT_JOB_ROWS=1, EXPORT_PROGRESS_SECONDS=0)
    return {"admin": admin, "liaison": liaison, "court": court}


def _ask(client, url="/exports/reviews.xlsx", **data) -> ExportRequest:
    response = client.post(url, data=data or {"period": "2021-03", "scope": "year"})
    assert response.status_code == 303, response.status_code
    export_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    return _get(export_id)


def _get(export_id):
    _db.session.expire_all()
    return _db.session.get(ExportRequest, export_id)


def test_a_large_export_runs_as_a_job_and_downloads_the_same_rows(app, db, client, login, office):
    login(office["admin"])
    export = _ask(client)
    assert export.status == ExportStatus.DONE and export.kind == "reviews" and export.params == {"period": "2021"}
    assert export.total == 6 and export.done == 6      # six submitted reviews
    assert export.expires_at > export.finished_at
    page = client.get(f"/exports/requests/{export.id}").get_data(as_text=True)
    assert "2021评查明细" in page and f"/exports/requests/{export.id}/download" in page
    state = client.get(f"/exports/requests/{export.id}/progress").get_json()
    assert state["status"] == "done" and state["label"] == "已完成" and state["download"].endswith("/download")
    response = client.get(f"/exports/requests/{export.id}/download")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    assert "2021%E8%AF%84" in response.headers["Content-Disposition"]   # 2021评查明细.xlsx
    rows = _rows(response.data)
    assert rows == _rows(workbooks.reviews_workbook("2021").read())
    assert rows[0] == workbooks.REVIEW_COLUMNS and len(rows) == 1 + 6 * 3
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.target_id == export.id,
                                                               AuditLog.target_type == "export_requests")).all()
    assert sorted(actions) == ["exports.download", "exports.request"]
    mine = client.get("/exports/mine").get_data(as_text=True)
    assert "2021评查明细" in mine and "已完成" in mine


def test_a_small_export_is_still_sent_in_the_request(app, db, client, login, office):
    app.config["EXPORT_JOB_ROWS"] = 10_000
    login(office["admin"])
    response = client.post("/exports/reviews.xlsx", data={"period": "2021-04", "scope": "month"})
    assert response.status_code == 200 and len(_rows(response.data)) == 1 + 2 * 3
    assert db.session.scalar(select(func.count()).select_from(ExportRequest)) == 0


def test_a_link_to_a_large_export_offers_the_job_without_starting_it(app, db, client, login, office):
    login(office["admin"])
    page = client.get("/exports/reviews.xlsx?period=2021-03&scope=year")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "在后台生成" in text and 'name="period" value="2021"' in text
    assert db.session.scalar(select(func.count()).select_from(ExportRequest)) == 0


def test_progress_is_visible_to_another_session_while_the_job_runs(app, db, client, login, office, monkeypatch):
    """Each progress write is committed on its own: a second connection sees 生成中 and the count."""
    seen = []
    advance = JobTracker.advance

    def watched(self, n=1):
        advance(self, n)
        with Session(db.engine) as other:
            status = other.scalar(select(ExportRequest.status).where(ExportRequest.id == int(self.key.split(":")[1])))
        seen.append((status, progress.read(self.key).done, progress.read(self.key).total))

    monkeypatch.setattr(JobTracker, "advance", watched)
    login(office["admin"])
    export = _ask(client)
    assert seen == [(ExportStatus.RUNNING, n, 6) for n in range(1, 7)]
    assert progress.read(requests.progress_key(export.id)).stage == "done"


def test_a_list_export_job_keeps_the_filters_and_the_liaisons_court(app, db, client, login, office):
    make_judgment(court=make_court("豫0883"), month="2021-03")
    db.session.commit()
    login(office["liaison"])
    export = _ask(client, "/exports/lists/judgments.xlsx", month="2021-03")
    assert export.status == ExportStatus.DONE and export.params == {"month": "2021-03"}
    rows = _rows(client.get(f"/exports/requests/{export.id}/download").data)
    assert len(rows) == 3 and {r[1] for r in rows[1:]} == {office["court"].name}
    assert {r[0] for r in rows[1:]} == {"2021-03"}


def _export_files(app) -> int:
    """Stored export files: rows, checked against the files on disk (the local storage backend)."""
    rows = _db.session.scalar(select(func.count()).select_from(StoredFile).where(StoredFile.kind == "exports"))
    on_disk = [p for p in Path(app.config["UPLOAD_ROOT"], "exports").rglob("*") if p.is_file()]
    assert len(on_disk) == rows
    return rows


def _temp_files(export_id: int) -> list[str]:
    return glob.glob(os.path.join(tempfile.gettempdir(), requests.temp_prefix(export_id) + "*"))


def test_a_failing_export_says_why_in_chinese_and_leaves_no_file(app, db, client, login, office, monkeypatch):
    def broken(user, params, tracker):
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(kinds.KINDS, "reviews", kinds.KINDS["reviews"].__class__(
        **{**kinds.KINDS["reviews"].__dict__, "build": broken}))
    login(office["admin"])
    export = _ask(client)
    assert export.status == ExportStatus.FAILED and export.error == requests.FAILED and export.file is None
    assert _export_files(app) == 0
    assert _temp_files(export.id) == []
    state = client.get(f"/exports/requests/{export.id}/progress").get_json()
    assert state["status"] == "failed" and state["error"].startswith("导出生成失败")
    assert client.get(f"/exports/requests/{export.id}/download").status_code == 404
    assert "导出生成失败" in client.get("/exports/mine").get_data(as_text=True)


def test_an_export_whose_requester_lost_the_right_fails_without_a_file(app, db, office):
    export = requests.ask(office["liaison"], kinds.get("judgments"), {}, 5)
    db.session.commit()
    office["liaison"].set_roles([Role.JUDGE])
    db.session.commit()
    assert jobs.enqueue("exports.build", export.id)() == "failed"
    export = _get(export.id)
    assert export.status == ExportStatus.FAILED and export.error == requests.NOT_ALLOWED
    assert _export_files(app) == 0


def test_expired_exports_go_with_their_files(app, db, client, login, office):
    login(office["admin"])
    old, fresh = _ask(client), _ask(client)
    path = storage.path_of(old.file)
    assert path.exists()
    old.expires_at = utcnow().replace(year=2020)
    db.session.commit()
    assert tasks.cleanup_exports_job() == 1
    assert not path.exists() and _get(old.id) is None and _get(fresh.id) is not None
    assert _export_files(app) == 1
    assert progress.read(requests.progress_key(old.id)).stage == ""


def test_only_the_requester_or_an_admin_sees_and_downloads(app, db, client, login, office):
    other_liaison = make_user(roles=(Role.LIAISON,), court=make_court("豫0883"))
    judge = make_user(roles=(Role.JUDGE,), court=office["court"])
    db.session.commit()
    login(office["liaison"])
    export = _ask(client, "/exports/lists/judgments.xlsx", month="2021-03")
    urls = [f"/exports/requests/{export.id}", f"/exports/requests/{export.id}/progress",
            f"/exports/requests/{export.id}/download"]
    for user, expected in ((other_liaison, 403), (judge, 403), (office["admin"], 200), (office["liaison"], 200)):
        login(user)
        assert [client.get(url).status_code for url in urls] == [expected] * 3, user.username
    login(office["admin"])
    assert export.title not in client.get("/exports/mine").get_data(as_text=True)  # only one's own


def test_progress_commits_apart_from_the_callers_open_transaction(app, db, office):
    """Another connection sees the progress while the writer's own transaction is still open (on
    PostgreSQL); SQLite skips the write instead of waiting for the writer's own lock."""
    db.session.add(make_court("豫0811"))
    db.session.flush()                          # the session now holds a write transaction
    written = progress.write("register:1", "applying", 5000, 20000)
    state = progress.read("register:1")
    if db.engine.dialect.name == "sqlite":
        assert written is False and state.stage == ""
    else:
        assert written is True and (state.stage, state.done, state.total, state.percent) == ("applying", 5000, 20000, 25)
    db.session.rollback()
    assert progress.write("register:1", "applied", 20000, 20000) is True
    assert progress.read("register:1").percent == 100


def test_a_real_worker_builds_the_export(app, db, client, login, office, tmp_path):
    """Not immediate: a huey consumer thread (its own session) runs the job queued with a lease."""
    from huey import SqliteHuey

    from tests.job_helpers import consumer_for

    export = requests.ask(office["admin"], kinds.get("reviews"), {"period": "2021"}, 18)
    db.session.commit()
    with consumer_for(app, SqliteHuey("t-exports", filename=str(tmp_path / "queue.sqlite"))):
        assert jobs.enqueue("exports.build", export.id).get(blocking=True, timeout=120) == "done"
    export = _get(export.id)
    assert export.status == ExportStatus.DONE and export.total == 6
    login(office["admin"])
    assert len(_rows(client.get(f"/exports/requests/{export.id}/download").data)) == 1 + 6 * 3


def test_an_export_job_reads_one_snapshot_on_postgresql(app, db, client, login, office, monkeypatch):
    """A change committed while the job runs (here between its two months' chunks) does not reach
    the file: PostgreSQL builds it in one REPEATABLE READ snapshot. (SQLite cannot hold a snapshot
    without blocking every writer; there each chunk is consistent in itself — requests.begin_snapshot.)"""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("one snapshot per export is a PostgreSQL guarantee (requests.begin_snapshot)")
    april = db.session.scalar(select(Judgment).where(Judgment.month == "2021-04"))
    before = april.case_number
    pause, changed = JobTracker.pause, []

    def change_between_chunks(self):
        if not changed:
            with Session(db.engine) as other:
                other.get(Judgment, april.id).case_number = "（2021）豫0802民初999号"
                other.commit()
            changed.append(True)
        pause(self)

    monkeypatch.setattr(JobTracker, "pause", change_between_chunks)
    login(office["admin"])
    export = _ask(client)
    assert changed and export.status == ExportStatus.DONE
    rows = _rows(client.get(f"/exports/requests/{export.id}/download").data)
    numbers = {row[3] for row in rows[1:] if row[1] == "2021-04"}
    assert numbers == {before}
    db.session.expire_all()
    assert db.session.get(Judgment, april.id).case_number == "（2021）豫0802民初999号"
