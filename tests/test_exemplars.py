"""The exemplar library: who sees what, filters, full-text search on SQLite and PostgreSQL,
the anonymised rendering, remarks and deductions, and a query count that does not grow."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from models import Role
from models.exemplar import ExemplarText
from models.ranking import ListKind, MonthlyRanking, RankingEntry, RankingStatus
from reviewer.exemplars import search, services
from reviewer.extensions import db as _db
from tests.conftest import count_queries
from tests.evaluation_factories import evaluate, publish_exemplars as publish
from tests.factories import make_court, make_judgment, make_user

PARAGRAPHS = [
    "河南省焦作市解放区人民法院", "民事判决书", "（2021）豫0802民初100号",
    "原告：陈清立，男，1974年12月11日出生，住焦作市解放区民主南路100号，电话13912345678。",
    "被告：李红军，男，汉族。",
    "本院认为，本案系机动车交通事故责任纠纷，肇事车辆豫H12345投保了交强险。",
    "判决如下：被告李红军赔偿原告陈清立医疗费5000元。",
]
PARTIES = [{"role": "原告", "name": "陈清立"}, {"role": "被告", "name": "李红军"}]


@pytest.fixture
def exemplar(db):
    court = make_court("豫0802")
    judgment = make_judgment(court=court, paragraphs=PARAGRAPHS, cause="机动车交通事故责任纠纷",
                             case_number="（2021）豫0802民初100号")
    judgment.parties = PARTIES
    evaluate(judgment, 92, "优秀", remark="陈清立的出生日期书写规范", reason="未回应陈清立的误工费主张")
    publish([(judgment, ListKind.EXCELLENT)])
    return judgment


@pytest.mark.parametrize("role", [Role.JUDGE, Role.REVIEWER, Role.LIAISON, Role.ADMIN])
def test_every_role_browses_published_exemplars(client, login, exemplar, role):
    login(make_user(roles=(role,), court=make_court("豫0883")))
    assert exemplar.case_number in client.get("/exemplars/").get_data(as_text=True)
    assert client.get(f"/exemplars/{exemplar.id}").status_code == 200


def test_anonymous_visitor_is_sent_to_login(client, exemplar):
    assert client.get("/exemplars/").status_code == 302
    assert client.get(f"/exemplars/{exemplar.id}").status_code == 302


def test_unpublished_judgment_is_not_an_exemplar(client, login, db):
    judgment = make_judgment()
    evaluate(judgment, 95, "优秀")
    draft = MonthlyRanking(month="2021-04", status=RankingStatus.DRAFT)
    draft.entries.append(RankingEntry(kind=ListKind.EXCELLENT, position=1, judgment_id=judgment.id, reason="x"))
    db.session.add(draft)
    db.session.flush()
    login(make_user(roles=(Role.LIAISON,), court=judgment.court))
    assert judgment.case_number not in client.get("/exemplars/").get_data(as_text=True)
    assert client.get(f"/exemplars/{judgment.id}").status_code == 404


def test_other_courts_see_only_the_anonymised_rendering(client, login, exemplar):
    login(make_user(roles=(Role.JUDGE,), court=make_court("豫0883")))
    page = client.get(f"/exemplars/{exemplar.id}").get_data(as_text=True)
    for secret in ("陈清立", "李红军", "13912345678", "民主南路", "豫H12345"):
        assert secret not in page
    assert "陈某某" in page and "住焦作市解放区" in page
    assert "陈某某的出生日期书写规范" in page and "未回应陈某某的误工费主张" in page
    assert "查看原文" not in page


def test_own_court_sees_the_original_and_may_switch(client, login, exemplar):
    login(make_user(roles=(Role.JUDGE,), court=exemplar.court))
    page = client.get(f"/exemplars/{exemplar.id}").get_data(as_text=True)
    assert "陈清立" in page and "查看隐名版本" in page
    anonymised = client.get(f"/exemplars/{exemplar.id}?view=anonymised").get_data(as_text=True)
    assert "陈清立" not in anonymised


def test_detail_shows_remarks_by_paragraph_deductions_and_date(client, login, exemplar):
    login(make_user(roles=(Role.JUDGE,), court=exemplar.court))
    page = client.get(f"/exemplars/{exemplar.id}").get_data(as_text=True)
    assert 'data-paragraph="3"' in page and 'id="p3"' in page
    assert "释法说理充分" in page and "未回应陈清立的误工费主张" in page
    assert "公布于 2021-05-10" in page and "公布理由1" in page


def test_filters_by_month_court_type_cause_and_kind(client, login, db):
    a = make_judgment(court=make_court("豫0802"), month="2021-03", cause="民间借贷纠纷")
    b = make_judgment(court=make_court("豫0883"), month="2021-04", cause="离婚后财产纠纷")
    b.case_type_code = "民终"
    publish([(a, ListKind.EXCELLENT)], month="2021-03")
    publish([(b, ListKind.FLAWED)], month="2021-04")
    login(make_user(roles=(Role.JUDGE,), court=a.court))

    def listed(query):
        page = client.get("/exemplars/?" + query).get_data(as_text=True)
        return {j.case_number for j in (a, b) if j.case_number in page}

    assert listed("month=2021-03") == {a.case_number}
    assert listed(f"court_id={b.court_id}") == {b.case_number}
    assert listed("case_type=民终") == {b.case_number}
    assert listed("cause=借贷") == {a.case_number}
    assert listed("kind=flawed") == {b.case_number}


def test_filter_choices_do_not_grow_with_the_months(client, login, db):
    """The month is a month input (not one option per published month: 118 at ten years) and the
    case types come from a skip scan of the judgments' type index: the filter form is the same size
    however many months the library holds."""
    court = make_court("豫0802")
    login(make_user(roles=(Role.JUDGE,), court=court))

    def form(months):
        for month in months:
            publish([(make_judgment(court=court, month=month), ListKind.EXCELLENT)], month=month)
        db.session.commit()
        page = client.get("/exemplars/?month=2021-03").get_data(as_text=True)
        start = page.index('<form class="row g-2 mb-3"')
        return page[start:page.index("</form>", start)]

    small = form(["2021-03"])
    large = form([f"2020-{m:02d}" for m in range(1, 13)])
    assert '<input class="form-control form-control-sm" type="month" name="month" value="2021-03"' in small
    assert large == small
    assert '<option value="民初"' in small


@pytest.mark.parametrize("query, found", [
    ("交通事故", True),          # 4 characters: trigram index
    ("交强险", True),            # exactly 3
    ("本院", True),              # 2 characters: LIKE fallback
    ("赔", True),                # 1 character
    ("陈清立", False),           # real names are not indexed; only the anonymised text is
    ("陈某某", True),
    ("不存在的词语", False),
    ("100%", False),             # LIKE wildcards are escaped
    ('"交通 OR 事故"', False),   # FTS syntax is quoted, not interpreted (and does not error)
])
def test_full_text_substring_search(client, login, exemplar, query, found):
    login(make_user(roles=(Role.JUDGE,), court=make_court("豫0883")))
    response = client.get("/exemplars/", query_string={"q": query})
    assert response.status_code == 200
    assert (exemplar.case_number in response.get_data(as_text=True)) is found


def test_search_uses_the_backend_index(app, exemplar, db):
    dialect = db.engine.dialect.name
    if dialect == "sqlite":
        sql = str(search.matching_judgments("交通事故").compile(db.engine))
        assert "MATCH" in sql
    else:
        indexes = db.session.execute(db.text(
            "SELECT indexdef FROM pg_indexes WHERE indexname = :n"), {"n": search.TRIGRAM_INDEX}).scalar()
        assert "gin_trgm_ops" in indexes
        sql = str(search.matching_judgments("交通事故").compile(db.engine))
        assert "ILIKE" in sql.upper()
    assert db.session.scalars(select(ExemplarText.judgment_id)).all() == [exemplar.id]


def test_search_is_answered_by_the_index_not_a_scan(app, exemplar, db):
    """The planner really uses the FTS5 bigram table (SQLite) / the GIN index of the bigram tsvectors
    (PostgreSQL)."""
    from models import Judgment

    statement = select(Judgment.id).where(search.matching_judgments("交通事故"))
    compiled = statement.compile(db.engine)
    connection = db.session.connection()
    if db.engine.dialect.name == "sqlite":
        plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), tuple(
            compiled.params[name] for name in compiled.positiontup)).all()
        assert any(f"VIRTUAL TABLE INDEX" in row[-1] and search.FTS_TABLE in row[-1] for row in plan), plan
    else:
        # A tiny table is cheaper to scan whole: rule out full scans (of the table or of its primary
        # key) so the plan shows whether the GIN index can answer the phrase at all.
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        connection.exec_driver_sql("SET LOCAL enable_indexscan = off")
        plan = "\n".join(row[0] for row in connection.exec_driver_sql(
            "EXPLAIN " + str(compiled), compiled.params).all())
        assert f"Bitmap Index Scan on ix_{search.FTS_TABLE}_body" in plan, plan


def test_unindexing_removes_from_search(client, login, exemplar, db):
    search.unindex_judgment(exemplar.id)
    ids = db.session.scalars(select(RankingEntry.judgment_id).join(RankingEntry.judgment).where(
        search.matching_judgments("交通事故"))).all()
    assert ids == []


def test_library_query_count_does_not_grow_with_rows(client, login, db):
    login(make_user(roles=(Role.JUDGE,), court=make_court("豫0883")))

    def run(n, month):
        court = make_court("豫0802")
        publish([(make_judgment(court=court, month=month), ListKind.EXCELLENT) for _ in range(n)], month=month)
        db.session.commit()
        with count_queries() as counter:
            assert client.get("/exemplars/?q=借贷").status_code == 200
        return counter[0]

    small = run(2, "2021-03")
    large = run(12, "2021-04")
    assert large == small
