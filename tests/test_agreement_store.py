"""The agreement page reads reports a background job stored (issue 19 item 4): equal to a fresh
computation, computed again when a sheet is submitted or withdrawn, a "计算中" note while the job
runs, and no statistics library in the web process."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models import AgreementReportRow, Review, Role
from reviewer import jobs, progress
from reviewer.agreement import report_store, services, stored
from reviewer.reviews.services import reopen_review
from tests.agreement_helpers import month_with_a_strict_reviewer
from tests.factories import make_user

ROOT = Path(__file__).resolve().parent.parent
PAGE = "/agreement/?period=2021-04&kind=judgment"


def _row():
    return db_session().scalar(select(AgreementReportRow))


def db_session():
    from reviewer.extensions import db
    return db.session


def test_stored_report_equals_a_fresh_computation(client, login, db):
    month_with_a_strict_reviewer()
    login(make_user(roles=(Role.ADMIN,)))
    assert client.get(PAGE).status_code == 200
    row = _row()
    fresh = services.compute("judgment", "2021-04")
    assert (row.kind, row.period, row.sheet_id) == ("judgment", "2021-04", fresh.sheet.id)
    assert stored.load(row.payload).as_dict(fresh.names) == fresh.report.as_dict(fresh.names)
    assert json.loads(json.dumps(row.payload)) == row.payload


def test_report_is_computed_again_after_a_sheet_is_withdrawn_or_submitted(client, login, db):
    month_with_a_strict_reviewer()
    admin = make_user(roles=(Role.ADMIN,))
    login(admin)
    client.get(PAGE)
    before = _row().payload["sheets"]
    review = db.session.scalar(select(Review).order_by(Review.id.desc()).limit(1))
    reopen_review(review, "请补充扣分理由", admin)
    db.session.commit()
    html = client.get(PAGE).get_data(as_text=True)
    assert _row().payload["sheets"] == before - 1 and f"评查表 {before - 1} 份" in html
    db.session.refresh(review)
    review.status, review.submitted_at = type(review.status).SUBMITTED, review.updated_at
    db.session.commit()
    client.get(PAGE)
    assert _row().payload["sheets"] == before
    assert db.session.scalar(select(func.count(AgreementReportRow.id))) == 1


def test_a_current_report_is_not_computed_again(app, client, login, db, monkeypatch):
    month_with_a_strict_reviewer()
    login(make_user(roles=(Role.ADMIN,)))
    client.get(PAGE)
    computed = []
    monkeypatch.setattr(services, "build", lambda data: computed.append(data))
    assert client.get(PAGE).status_code == 200 and computed == []


@pytest.fixture
def queue_only(app, tmp_path):
    """A real (not immediate) queue with no consumer: jobs wait, as behind a busy worker."""
    from huey import SqliteHuey

    jobs.use_huey(app, SqliteHuey("t-agreement", filename=str(tmp_path / "queue.sqlite")))
    return app.extensions["huey"]


def test_page_says_computing_until_the_job_has_run(client, login, db, queue_only):
    month_with_a_strict_reviewer()
    login(make_user(roles=(Role.ADMIN,)))
    html = client.get(PAGE).get_data(as_text=True)
    assert "评查一致性正在计算" in html and 'http-equiv="refresh"' in html and "ICC(2,1)" not in html
    sheet_id = services.scope("judgment", "2021-04").sheet.id
    key = report_store.key_of("judgment", "2021-04", sheet_id)
    assert progress.read(key).stage == "queued"
    client.get(PAGE)
    assert queue_only.pending_count() == 1                # queued once, not at every view
    report_store.report_job("judgment", "2021-04", sheet_id)
    html = client.get(PAGE).get_data(as_text=True)
    assert "评查一致性正在计算" not in html and "ICC(2,1)" in html and "偏严" in html
    assert progress.read(key).stage == "done"


def test_an_out_of_date_report_is_shown_with_the_note(client, login, db, queue_only):
    month_with_a_strict_reviewer()
    admin = make_user(roles=(Role.ADMIN,))
    login(admin)
    client.get(PAGE)
    report_store.report_job("judgment", "2021-04", services.scope("judgment", "2021-04").sheet.id)
    review = db.session.scalar(select(Review).order_by(Review.id.desc()).limit(1))
    reopen_review(review, "请补充扣分理由", admin)
    db.session.commit()
    html = client.get(PAGE).get_data(as_text=True)
    assert "评查一致性正在计算" in html and "上次计算的结果" in html and "ICC(2,1)" in html


def test_period_without_sheets_needs_no_job(client, login, db, queue_only):
    login(make_user(roles=(Role.ADMIN,)))
    html = client.get("/agreement/?period=2030-01").get_data(as_text=True)
    assert "没有已提交的评查表" in html and "正在计算" not in html and queue_only.pending_count() == 0


# Serves the agreement page and the severity model in a web request of a real app (queue not immediate),
# then prints the statistics libraries loaded in this process.
PROBE = """
import json, sys
from reviewer import create_app
from reviewer.extensions import db
from models import Role
from tests.factories import make_user
from tests.agreement_helpers import month_with_a_strict_reviewer
app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[1], "HUEY_SQLITE_PATH": sys.argv[2], "HUEY_IMMEDIATE": False,
                  "WTF_CSRF_ENABLED": False, "TESTING": False, "RATELIMIT_ENABLED": False})
with app.app_context():
    db.create_all()
    from reviewer.extensions_setup import after_create_all
    after_create_all(app)   # the search indexes, as init-db and the test fixtures make them
    month_with_a_strict_reviewer()
    admin = make_user(roles=(Role.ADMIN,))
    db.session.commit()
    name = admin.username
client = app.test_client()
assert client.post("/auth/login", data={"username": name, "password": "secret-pass"}).status_code == 302
page = client.get("/agreement/?period=2021-04").get_data(as_text=True)
with app.test_request_context():
    from reviewer.agreement import services
    model = services.severity_for_month("judgment", "2021-04").model
heavy = ("pandas", "pingouin", "krippendorff", "scipy.stats", "statsmodels", "matplotlib")
print(json.dumps({"computing": "评查一致性正在计算" in page, "severities": len(model.severities),
                  "loaded": sorted(m for m in sys.modules if m.split(".")[0] in heavy or m.startswith("scipy.stats"))}))
"""


def test_web_request_loads_no_statistics_library(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    done = subprocess.run([sys.executable, "-c", PROBE, f"sqlite:///{tmp_path / 'probe.sqlite'}",
                           str(tmp_path / "queue.sqlite")], cwd=ROOT, env=dict(env, PYTHONPATH=str(ROOT)),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["computing"] and result["severities"] == 4
    assert result["loaded"] == []


def test_severity_model_reads_one_row_per_sheet_in_constant_statements(db):
    """The pages' severity model reads `reviews.deduction_total`, never the item rows."""
    from sqlalchemy import event

    month_with_a_strict_reviewer(count=4)
    db.session.commit()
    seen = []
    listener = lambda *args: seen.append(args[2])  # noqa: E731  (conn, cursor, statement, …)
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        services.severity_for_month("judgment", "2021-04")
        small = len(seen)
        month_with_a_strict_reviewer(count=12)
        db.session.commit()
        seen.clear()
        model = services.severity_for_month("judgment", "2021-04").model
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(seen) == small == 2 and not any("review_item_scores" in s for s in seen)
    assert len(model.severities) == 8
