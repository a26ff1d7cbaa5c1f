"""Search at scale: the exemplar index answers two-character words and several words (AND) from
the bigram FTS5 table on SQLite, ranks matches in SQL, and an old trigram table is rebuilt; the
audit log filters an exact action from its index and pages by keyset."""
import pytest
from sqlalchemy import select, text

from models import AuditLog, Judgment, Role
from models.ranking import ListKind
from reviewer.exemplars import search, services
from tests.factories import make_court, make_judgment, make_user
from tests.evaluation_factories import publish_exemplars as publish


def _exemplar(paragraphs, month="2021-04"):
    judgment = make_judgment(court=make_court("豫0802"), month=month, paragraphs=paragraphs)
    publish([(judgment, ListKind.EXCELLENT)], month=month)
    return judgment


def test_bigrams():
    assert search.bigrams("借款合同 2021年，本院") == "借款 款合 合同 2021 年 本院"
    assert search.words("借款  利息 借款") == ["借款", "利息"]


@pytest.mark.parametrize("query, expected", [
    ("借款", {"a", "b"}),
    ("借款 利息", {"a"}),           # every word (AND)
    ("利息 借款", {"a"}),
    ("借款合同", {"b"}),            # a phrase of bigrams: adjacent, in order
    ("合同借款", set()),
    ("息", {"a"}),                  # one character: LIKE on what is left
    ("借款 10000", {"a"}),          # digits: LIKE on the index's candidates
    ("借款 100%", set()),
])
def test_every_word_must_be_contained(db, query, expected):
    made = {"a": _exemplar(["原告主张借款本金10000元及利息。"], "2021-03"),
            "b": _exemplar(["双方签订借款合同一份。"], "2021-04")}
    found = set(db.session.scalars(select(Judgment.id).where(search.matching_judgments(query))))
    assert found == {made[k].id for k in expected}


def test_two_character_words_use_the_index_on_sqlite(db):
    _exemplar(["原告主张借款本金及利息。"])
    statement = select(Judgment.id).where(search.matching_judgments("借款 利息"))
    compiled = statement.compile(db.engine)
    if db.engine.dialect.name != "sqlite":
        assert "ILIKE" in str(compiled).upper()
        return
    plan = db.session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), tuple(
        compiled.params[name] for name in compiled.positiontup)).all()
    assert any("VIRTUAL TABLE INDEX" in row[-1] and search.FTS_TABLE in row[-1] for row in plan), plan


def test_an_old_trigram_table_is_rebuilt_from_the_texts(db):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the FTS5 table exists on SQLite only")
    judgment = _exemplar(["原告主张借款本金及利息。"])
    db.session.commit()
    with db.engine.begin() as conn:
        conn.execute(text(f"DROP TABLE {search.FTS_TABLE}"))
        conn.execute(text(f"CREATE VIRTUAL TABLE {search.FTS_TABLE} USING fts5(body, tokenize='trigram')"))
    search.install()
    assert db.session.scalars(select(Judgment.id).where(search.matching_judgments("借款"))).all() == [judgment.id]


def test_library_lists_better_matches_first(client, login, db):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("bm25 ranking is SQLite's; PostgreSQL keeps the library's order")
    weak = _exemplar(["借款一次。"] + ["其他内容。"] * 30, "2021-04")
    strong = _exemplar(["借款借款借款，借款利息。"], "2021-03")
    login(make_user(roles=(Role.JUDGE,), court=make_court("豫0883")))
    page = client.get("/exemplars/?q=借款").get_data(as_text=True)
    assert page.index(strong.case_number) < page.index(weak.case_number)


def test_library_orders_entry_ids_without_reading_the_judgments(db):
    """Every match of a common word is ordered; the sort reads ids and ranks, not judgment rows
    (the judgments are joined only for a judgment filter, then loaded for the page shown)."""
    sql = str(services.library_query(services.Filters(q="借款")).compile(db.engine)).lower()
    assert "join judgments" not in sql and "judgments.paragraphs" not in sql
    filtered = str(services.library_query(services.Filters(q="借款", cause="借贷")).compile(db.engine)).lower()
    assert "join judgments" in filtered


def test_library_pages_keep_the_order_and_load_each_entry_once(client, login, db):
    made = [_exemplar([f"借款合同第{n}份。"], f"2021-{n + 1:02d}") for n in range(3)]
    ordered = services.library_entries(services.Filters(), limit=2)
    assert [e.judgment_id for e in ordered] == [made[2].id, made[1].id]       # newest month first
    assert [e.judgment_id for e in services.library_entries(services.Filters(), 2, offset=2)] == [made[0].id]
    assert all(e.judgment.court is not None for e in ordered)
    assert services.load_entries([]) == []


def test_audit_log_exact_action_prefix_and_keyset(client, login, db):
    admin = make_user(roles=(Role.ADMIN,), court=make_court("豫08"))
    for n in range(60):
        db.session.add(AuditLog(action="review.submit" if n % 2 else "review.start", summary=f"第{n}条"))
    db.session.add(AuditLog(action="judgment.submitted", summary="文书报送"))
    db.session.commit()
    login(admin)
    exact = client.get("/admin/audit?action=review.submit").get_data(as_text=True)
    assert "共 30 条" in exact and "第0条" not in exact and "第59条" in exact   # even rows are review.start
    family = client.get("/admin/audit?action=review.").get_data(as_text=True)
    assert "共 60 条" in family and "下一页" in family and "文书报送" not in family
    assert "第59条" in client.get("/admin/audit?action=review.sub").get_data(as_text=True)


def test_audit_people_filter_names_the_person_in_the_same_statements(client, login, db):
    admin = make_user(roles=(Role.ADMIN,), court=make_court("豫08"))
    db.session.commit()
    login(admin)
    client.get(f"/admin/audit/logins?actor={admin.id}")
    from tests.conftest import count_queries
    with count_queries() as few:
        client.get(f"/admin/audit/logins?actor={admin.id}")
    court = make_court("豫0802")
    people = [make_user(roles=(Role.JUDGE,), court=court) for _ in range(20)]
    db.session.commit()
    with count_queries() as more:
        page = client.get(f"/admin/audit/logins?actor={people[3].id}").get_data(as_text=True)
    assert more[0] == few[0]
    assert f'name="person" value="{people[3].username}"' in page
