"""The scale dataset script builds rows the application accepts: a small run (one year, 24
judgments a month) into a fresh SQLite file, then every page the page benchmark measures answers
200 for its role, with the rows the dataset promises."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

import bench_pages  # noqa: E402


@pytest.fixture(scope="module")
def dataset(tmp_path_factory, judgments_dir):
    folder = tmp_path_factory.mktemp("scale")
    url = f"sqlite:///{folder / 'scale.sqlite'}"
    subprocess.run([sys.executable, str(REPO / "scripts" / "make_scale_data.py"), "--years", "1",
                    "--per-month", "24", "--register-per-year", "1500", "--database", url, "--uploads", str(folder / "uploads"),
                    "--samples", str(judgments_dir / "docx")], check=True, capture_output=True, cwd=REPO)
    return url, folder / "uploads"


def test_the_dataset_has_every_kind_of_row(dataset):
    url, uploads = dataset
    engine = create_engine(url)
    with engine.connect() as conn:
        count = lambda sql: conn.execute(text(sql)).scalar()  # noqa: E731
        assert count("SELECT COUNT(*) FROM courts") == 11
        assert count("SELECT COUNT(*) FROM users") > 700
        judgments = count("SELECT COUNT(*) FROM judgments")
        assert 12 * 18 <= judgments <= 12 * 30
        # every judgment of a finished month has three submitted reviews and a confirmed grade
        assert count("SELECT COUNT(*) FROM judgments j WHERE j.month < (SELECT MAX(month) FROM judgments) "
                     "AND (SELECT COUNT(*) FROM reviews r WHERE r.subject_kind = 'judgment' "
                     "AND r.subject_id = j.id AND r.status = 'SUBMITTED') != 3") == 0
        assert count("SELECT COUNT(*) FROM evaluations WHERE subject_kind = 'judgment' "
                     "AND final_grade IS NULL AND subject_id IN (SELECT id FROM judgments "
                     "WHERE month < (SELECT MAX(month) FROM judgments))") == 0
        assert count("SELECT COUNT(*) FROM review_item_scores") > judgments * 3
        assert count("SELECT COUNT(*) FROM review_remarks") > 0
        assert count("SELECT COUNT(*) FROM monthly_rankings WHERE status = 'DRAFT'") == 1
        assert count("SELECT COUNT(*) FROM monthly_rankings WHERE status = 'PUBLISHED'") == 10
        assert count("SELECT COUNT(*) FROM monthly_filings") == 10 * 11
        assert count("SELECT COUNT(*) FROM monthly_draws") == 10 * 11
        assert count("SELECT COUNT(*) FROM hearings") > 0
        assert count("SELECT COUNT(*) FROM exemplar_texts") == count(
            "SELECT COUNT(*) FROM ranking_entries e JOIN monthly_rankings r ON r.id = e.ranking_id "
            "WHERE r.status = 'PUBLISHED'")
        # the other programmes: the case register (with its tallies) and 发改 with meetings
        assert count("SELECT COUNT(*) FROM case_records") > 1000
        assert count("SELECT COUNT(*) FROM case_tallies") > 0
        assert count("SELECT COUNT(*) FROM reversal_cases") >= 12 * 10
        assert count("SELECT COUNT(*) FROM reversal_cases WHERE status = 'CLOSED'") > 0
        assert count("SELECT COUNT(*) FROM quality_meetings") > 0
        # the judgment list's search index holds every judgment (built after the bulk load)
        assert count("SELECT COUNT(*) FROM judgment_fts") == judgments
        assert count("SELECT COUNT(*) FROM judgment_text_fts") == judgments    # and the whole-text one
        stored = conn.execute(text("SELECT storage_path FROM stored_files ORDER BY id DESC LIMIT 1")).scalar()
        # texts differ: the same sample gives different parties' names
        assert count("SELECT COUNT(DISTINCT parties) FROM judgments") > judgments // 2
    engine.dispose()
    assert (uploads / stored).is_file()


def test_every_benchmarked_page_renders_for_its_role(dataset):
    from reviewer import create_app

    url, uploads = dataset
    ids = bench_pages.discover(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False, "UPLOAD_ROOT": str(uploads),
                      "TESTING": True})
    users = dict(bench_pages.ROLES, judge=ids["judge"])
    clients = {}
    token = bench_pages.api_secrets(url)[0]
    for name, role, path in bench_pages.pages(ids):
        client = clients.get(role)
        if client is None:
            client = clients[role] = app.test_client()
            if role != "api":
                response = client.post("/auth/login", data={"username": users[role], "password": bench_pages.PASSWORD})
                assert response.status_code == 302, role
        response = client.get(path, headers={"Authorization": f"Bearer {token}"} if role == "api" else {})
        assert response.status_code == 200, (name, path, response.status_code)
