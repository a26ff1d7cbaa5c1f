"""The demo makes case lists, draws and filings whose 公示 pages and `verify-draw` show real records.

The demo (`run_steps`, like `flask --app app seed-demo`) is built once per session (tests/conftest.py).
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from models.caselist import ClosedCase, ImportStatus, CaseListImport
from models.draw import DrawEntry, DrawStatus, EntryStatus, MonthlyDraw
from models.filing import MonthlyFiling
from reviewer.demo.steps import run_steps


@pytest.fixture
def app(demo_app):
    """The session's demo dataset (tests/conftest.py), built once and shared: read, do not change."""
    return demo_app


def _count(db, model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_demo_draws_verify_and_show_the_drawn_judgment_beside_the_record(app, db, client):
    assert _count(db, CaseListImport, CaseListImport.status == ImportStatus.APPLIED) >= 3
    assert _count(db, ClosedCase) > 0
    draws = db.session.scalars(select(MonthlyDraw).order_by(MonthlyDraw.id)).all()
    assert len({d.month for d in draws}) >= 2 and len({d.court_id for d in draws}) >= 2
    assert {d.status for d in draws} == {DrawStatus.DRAWN, DrawStatus.ANNOUNCED}
    assert _count(db, DrawEntry, DrawEntry.status == EntryStatus.NO_CASES) > 0

    runner = app.test_cli_runner()
    for draw in draws:
        result = runner.invoke(args=["verify-draw", str(draw.id)])
        assert result.exit_code == 0, result.output
        assert ("核验通过" if draw.status == DrawStatus.DRAWN else "尚未抽取") in result.output

    linked = db.session.scalars(select(DrawEntry).where(DrawEntry.judgment_id.is_not(None))).all()
    assert linked, "the demo uploads some drawn judgments"
    entry = linked[0]
    client.post("/auth/login", data={"username": "reviewer1", "password": "demo1234"})
    html = client.get(f"/draws/entries/{entry.id}").get_data(as_text=True)
    assert entry.seed in html and entry.list_hash in html and "与记录一致" in html
    assert "法院尚未上传" not in html and "<p class=\"mb-2\">" in html   # the judgment's text

    assert _count(db, MonthlyFiling, MonthlyFiling.late.is_(True)) >= 1
    assert _count(db, MonthlyFiling, MonthlyFiling.late.is_(False)) >= 1

    before = (_count(db, MonthlyDraw), _count(db, ClosedCase), _count(db, MonthlyFiling))
    run_steps()
    db.session.commit()
    assert (_count(db, MonthlyDraw), _count(db, ClosedCase), _count(db, MonthlyFiling)) == before
