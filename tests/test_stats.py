"""Statistics: per month and court, per reviewer (volume, mean deduction, severity), permissions,
and a query count that does not grow with the data."""
import pytest

from models import Grade, Role
from reviewer.stats import queries
from tests.conftest import count_queries
from tests.evaluation_factories import evaluate, make_reviewer, month_of
from tests.factories import make_court, make_judgment, make_user


def test_court_month_counts_mean_and_grades(db):
    a, b = make_court("豫0802"), make_court("豫0883")
    month_of([(95, "优秀"), (80, "合格"), (65, "瑕疵")], "2021-04", court=a)
    month_of([(91, "优秀")], "2021-04", court=b)
    month_of([(50, "不合格"), (70, "合格")], "2021-03", court=a)
    unconfirmed = make_judgment(court=a, month="2021-04")
    evaluate(unconfirmed, 99, "优秀").final_grade = None
    db.session.flush()
    rows = {(r.month, r.court): r for r in queries.court_month()}
    april_a = rows[("2021-04", a.name)]
    assert april_a.evaluated == 3 and april_a.mean_score == pytest.approx(80.0)
    assert april_a.grades == {Grade.EXCELLENT: 1, Grade.PASS: 1, Grade.FLAWED: 1, Grade.FAIL: 0}
    assert rows[("2021-03", a.name)].grades[Grade.FAIL] == 1
    assert [r.court for r in queries.court_month("2021-04", court_id=b.id)] == [b.name]


def test_reviewer_volume_mean_deduction_and_severity(db):
    strict, lenient, solo = make_reviewer(), make_reviewer(), make_reviewer()
    court = make_court()
    # two judgments scored by both: strict deducts 20 and 10, lenient 10 and 4
    for deductions in ((20, 10), (10, 4)):
        evaluate(make_judgment(court=court), 85, "合格", reviewers=[strict, lenient], deductions=list(deductions))
    evaluate(make_judgment(court=court), 90, "优秀", reviewers=[solo], deductions=[10])
    rows = {r.reviewer_id: r for r in queries.reviewers()}
    assert rows[strict.id].reviews == 2 and rows[strict.id].mean_deduction == pytest.approx(15.0)
    # strict: (20-10) and (10-4) → mean 8; lenient: −8
    assert rows[strict.id].severity == pytest.approx(8.0)
    assert rows[lenient.id].severity == pytest.approx(-8.0)
    assert rows[solo.id].severity is None and rows[solo.id].compared == 0
    assert list(rows)[0] == strict.id  # strictest first


def test_severity_against_the_mean_of_several_co_reviewers(db):
    r1, r2, r3 = make_reviewer(), make_reviewer(), make_reviewer()
    evaluate(make_judgment(), 80, "合格", reviewers=[r1, r2, r3], deductions=[30, 10, 5])
    rows = {r.reviewer_id: r for r in queries.reviewers()}
    assert rows[r1.id].severity == pytest.approx(30 - 7.5)
    assert rows[r3.id].severity == pytest.approx(5 - 20)


def test_month_filter_applies_to_reviewers(db):
    reviewer = make_reviewer()
    evaluate(make_judgment(month="2021-03"), 90, "优秀", reviewers=[reviewer])
    evaluate(make_judgment(month="2021-04"), 80, "合格", reviewers=[reviewer])
    assert queries.reviewers("2021-04")[0].reviews == 1
    assert queries.reviewers()[0].reviews == 2


def test_page_shows_tables_and_vendored_chart(client, login, db):
    month_of([(95, "优秀"), (62, "瑕疵")], "2021-04")
    login(make_user(roles=(Role.ADMIN,), court=make_court("豫08")))
    page = client.get("/stats/?month=2021-04").get_data(as_text=True)
    assert "解放区法院" in page and "78.5" in page
    assert "/static/vendor/chart.umd.js" in page and "cdn" not in page.lower()
    assert client.get("/static/vendor/chart.umd.js").status_code == 200


@pytest.mark.parametrize("role", [Role.JUDGE, Role.LIAISON, Role.REVIEWER])
def test_statistics_are_for_the_office(client, login, role):
    login(make_user(roles=(role,), court=make_court()))
    assert client.get("/stats/").status_code == 403


def test_query_count_does_not_grow_with_rows(client, login, db):
    login(make_user(roles=(Role.ADMIN,), court=make_court("豫08")))
    reviewers = [make_reviewer(), make_reviewer()]

    def queries_for(n, month):
        for i in range(n):
            evaluate(make_judgment(month=month, court=make_court(["豫0802", "豫0883", "豫0811"][i % 3])),
                     60 + i, "瑕疵", reviewers=reviewers, deductions=[40 - i, 38 - i])
        db.session.commit()
        with count_queries() as counter:
            assert client.get("/stats/").status_code == 200
        return counter[0]

    assert queries_for(1, "2021-03") == queries_for(9, "2021-04")


def test_hearings_have_their_own_statistics(client, login, db):
    from tests.evaluation_factories import make_evaluated_hearing

    court = make_court("豫0802")
    month_of([(95, "优秀")], "2021-04", court=court)
    reviewer = make_reviewer()
    make_evaluated_hearing(court, 88, "合格", reviewers=[reviewer], deductions=[12])
    make_evaluated_hearing(court, 62, "瑕疵", reviewers=[reviewer], deductions=[38])
    rows = queries.court_month(kind="hearing")
    assert [(r.court, r.evaluated, r.mean_score) for r in rows] == [(court.name, 2, 75.0)]
    assert rows[0].grades[Grade.PASS] == 1 and rows[0].grades[Grade.FLAWED] == 1
    assert [r.evaluated for r in queries.court_month()] == [1]  # judgments apart
    assert [(r.reviewer_id, r.reviews, r.mean_deduction) for r in queries.reviewers(kind="hearing")] == \
        [(reviewer.id, 2, 25.0)]
    assert queries.months("hearing") == ["2021-04"]
    admin = make_user(roles=(Role.ADMIN,), court=make_court("豫08"))
    db.session.commit()
    login(admin)
    page = client.get("/stats/?kind=hearing").get_data(as_text=True)
    assert "各院各月庭审录像评查情况" in page and 'aria-current="page"' in page
    assert "75.0" in page
    assert "各院各月裁判文书评查情况" in client.get("/stats/?kind=nonsense").get_data(as_text=True)


def test_nightly_planner_statistics_job(app, db):
    """The worker refreshes SQLite's planner statistics (sqlite_stat1); PostgreSQL keeps its own."""
    from sqlalchemy import text

    from reviewer.jobs import get_huey
    from reviewer.stats.tasks import analyze

    assert "stats.analyze" in {task.__name__ for task in get_huey(app)._registry._periodic_tasks}
    month_of([(95, "优秀")], "2021-04")
    db.session.commit()
    if db.engine.dialect.name == "sqlite":
        assert analyze() is True
        assert db.session.execute(text("SELECT COUNT(*) FROM sqlite_stat1")).scalar() > 0
    else:
        assert analyze() is False
