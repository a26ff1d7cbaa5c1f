"""The judgment list's search: every word must be in the case number, cause, document type or a
person's name, answered by the bigram index `judgment_fts`, which follows every write."""
import pytest
from sqlalchemy import select, text

from models import Judgment, JudgmentStatus, Role
from reviewer.extensions import db as _db
from reviewer.judgments import search_index, services
from reviewer.judgments.queries import judgment_list_query
from reviewer.judgments.reparse import reparse_judgment
from tests.conftest import count_queries
from tests.factories import make_court, make_judgment, make_user
from tests.judgment_helpers import SIMPLE, docx_bytes, jiefang, liaison, upload  # noqa: F401  (fixtures)


def _found(user, q):
    return {j.id for j in _db.session.scalars(judgment_list_query(user, {"q": q})).unique()}


def _indexed_rows(judgment_id):
    dialect = _db.engine.dialect.name
    key = "rowid" if dialect == "sqlite" else "judgment_id"
    return _db.session.execute(text(f"SELECT count(*) FROM judgment_fts WHERE {key} = :id"),
                               {"id": judgment_id}).scalar()


def _judgment(parties=None, signatories=None, **fields):
    judgment = make_judgment(**fields)
    judgment.parties = parties if parties is not None else judgment.parties
    judgment.signatories = signatories if signatories is not None else judgment.signatories
    _db.session.flush()
    return judgment


@pytest.fixture
def made(db):
    court = make_court("豫0802")
    judge = make_user(roles=(Role.JUDGE,), court=court, display_name="欧阳明")
    loan = _judgment(court=court, cause="民间借贷纠纷", case_number="（2024）豫0802民初123号", judge=judge,
                         parties=[{"role": "原告", "name": "孙七"}, {"role": "被告", "name": "ACME公司"}])
    interest = _judgment(court=court, cause="利息纠纷", case_number="（2024）豫0802民初1234号",
                             doc_type="民事裁定书",
                             signatories=[{"role": "审判长", "name": "钱八"}, {"role": "书记员", "name": "周九"}])
    driving = _judgment(court=court, cause="危险驾驶罪", case_number="（2023）豫0802刑初7号",
                            doc_type="刑事判决书", parties=[{"role": "被告人", "name": "李四"}])
    percent = make_judgment(court=court, cause="100%股权转让纠纷", case_number="（2022）豫0802民初9号")
    return {"loan": loan, "interest": interest, "driving": driving, "percent": percent,
            "admin": make_user(roles=(Role.ADMIN,))}


@pytest.mark.parametrize("query, expected", [
    ("借贷", {"loan"}),
    ("借贷 纠纷", {"loan"}),                  # every word (AND)
    ("借贷 利息", set()),                     # the two words are in two different judgments
    ("纠纷 利息", {"interest"}),
    ("借贷纠纷", {"loan"}),                   # a phrase of bigrams: adjacent, in order
    ("纠纷借贷", set()),
    ("贷纠", {"loan"}),                       # any two adjacent characters of a run
    ("危险驾驶罪", {"driving"}),
    ("（2024）豫0802民初123号", {"loan"}),     # a whole case number (LIKE)
    ("民初123号", {"loan"}),                  # pieces of one
    ("123", {"loan", "interest"}),            # digits are a substring, not a token
    ("2024 民初", {"loan", "interest"}),
    ("刑", {"driving"}),                      # one character
    ("acme", {"loan"}),                       # Latin letters, any case
    ("孙七", {"loan"}),                        # a party
    ("钱八", {"interest"}),                    # a signatory (judge)
    ("欧阳明", {"loan"}),                      # the judge in charge (a user)
    ("民事裁定书", {"interest"}),               # the document type
    ("七孙", set()),
    ("孙七 钱八", set()),                      # names of two judgments
    ("%", {"percent"}),                       # literal
    ("_", set()),
    ("借", {"loan"}),
    ("  ", {"loan", "interest", "driving", "percent"}),   # no word: no search
])
def test_every_word_must_be_contained(made, query, expected):
    assert _found(made["admin"], query) == {made[k].id for k in expected}


def test_names_do_not_join_across_people(made):
    """Each name is its own run: a query spanning two names (七 of 孙七, A of ACME) finds nothing."""
    assert _found(made["admin"], "七ACME") == set()
    assert _found(made["admin"], "八周") == set()


def test_liaison_searches_only_their_own_court(db):
    own, other = make_court("豫0802"), make_court("豫0803")
    mine = make_judgment(court=own, cause="民间借贷纠纷")
    make_judgment(court=other, cause="民间借贷纠纷")
    liaison_user = make_user(roles=(Role.LIAISON,), court=own)
    assert _found(liaison_user, "借贷") == {mine.id}


def test_index_follows_metadata_edits_and_deletion(db):
    court = make_court("豫0802")
    admin = make_user(roles=(Role.ADMIN,), court=court)
    judgment = make_judgment(court=court, cause="民间借贷纠纷", status=JudgmentStatus.DRAFT)
    assert _found(admin, "借贷") == {judgment.id}
    data = services.snapshot(judgment) | {"cause": "房屋租赁合同纠纷", "parties": [{"role": "原告", "name": "孙七"}],
                                          "purpose": judgment.purpose.value}
    services.update_metadata(admin, judgment, data)
    assert _found(admin, "借贷") == set()
    assert _found(admin, "租赁 孙七") == {judgment.id}
    assert _indexed_rows(judgment.id) == 1
    services.delete_draft(admin, judgment)
    assert _indexed_rows(judgment.id) == 0
    assert _found(admin, "租赁") == set()


def test_index_follows_intake_and_reparse(app, client, db, login, liaison, jiefang):  # noqa: F811
    login(liaison)
    upload(client, jiefang, [("a.docx", docx_bytes(SIMPLE))])
    judgment = db.session.scalar(select(Judgment))
    assert _found(liaison, "借贷 张三 王法官") == {judgment.id}
    judgment.cause = None
    judgment.parties = []
    db.session.flush()
    assert _found(liaison, "张三") == set()
    reparse_judgment(judgment)          # fills the missing cause and parties from the file again
    assert _found(liaison, "借贷 张三") == {judgment.id}


def test_search_page_statements_do_not_grow_with_matches(client, login, db):
    court = make_court("豫0802")
    admin = make_user(roles=(Role.ADMIN,), court=court)
    make_judgment(court=court, cause="民间借贷纠纷", judge=make_user(roles=(Role.JUDGE,), court=court))
    db.session.commit()
    login(admin)
    client.get("/judgments/?q=借贷 民初")
    with count_queries() as one:
        page = client.get("/judgments/?q=借贷 民初").get_data(as_text=True)
    assert "民间借贷纠纷" in page
    for _ in range(25):
        make_judgment(court=court, cause="民间借贷纠纷", judge=make_user(roles=(Role.JUDGE,), court=court))
    db.session.commit()
    with count_queries() as many:
        page = client.get("/judgments/?q=借贷 民初").get_data(as_text=True)
    assert "下一页" in page
    assert many[0] == one[0]


def test_a_query_longer_than_searched_is_cut_not_refused(client, login, db):
    admin = make_user(roles=(Role.ADMIN,), court=make_court("豫0802"))
    db.session.commit()
    login(admin)
    assert client.get("/judgments/?q=" + "借款 " * 200 + "'\\").status_code == 200
    assert client.get("/judgments/?q=借款%00").status_code < 500


def test_a_phrase_is_found_through_its_rarest_bigram_and_stays_exact(db):
    """PostgreSQL: the planner estimates a phrase as the product of its bigrams' frequencies; the
    search matches it through its rarest bigram (by the column's statistics) and checks the phrase
    as a filter. The answer is the same on both databases: the words adjacent and in order."""
    court = make_court("豫0802")
    admin = make_user(roles=(Role.ADMIN,), court=court)
    phrase = _judgment(court=court, cause="危险驾驶罪")
    apart = _judgment(court=court, cause="驾驶危险物品")        # every bigram of 危险驾驶 but 险驾
    for _ in range(6):
        _judgment(court=court, cause="危险作业罪")                # 危险 common, 驾驶 rarer
    assert _found(admin, "危险驾驶") == {phrase.id}
    assert _found(admin, "驾驶危险") == {apart.id}
    index = search_index.INDEX
    connection = db.session.connection()
    if db.engine.dialect.name == "sqlite":
        assert index.rarest_bigrams(connection, ["危险驾驶"]) == {}
        return
    connection.exec_driver_sql(f"ANALYZE {index.name}")
    assert index.rarest_bigrams(connection, ["危险驾驶", "借贷"]) == {"危险驾驶": "险驾"}
    sql = str(judgment_list_query(admin, {"q": "危险驾驶"}).compile(db.engine))
    assert "@@ phraseto_tsquery" in sql and "ts_match_vq(judgment_fts.body, CAST(" in sql
    assert _found(admin, "危险驾驶") == {phrase.id}


def test_renaming_the_judge_in_charge_reindexes_their_judgments(db):
    """The judge in charge (承办法官) is searchable by the user's name, so the admin's rename of the
    user (`admin.services.update_user`) reindexes that judge's judgments in the same flush."""
    from reviewer.admin import services as admin_services

    court = make_court("豫0802")
    admin = make_user(roles=(Role.ADMIN,), court=court)
    judge = make_user(roles=(Role.JUDGE,), court=court, display_name="钱多多")
    other = make_user(roles=(Role.JUDGE,), court=court, display_name="孙少少")
    mine = [make_judgment(court=court, judge=judge) for _ in range(3)]
    theirs = make_judgment(court=court, judge=other)
    for judgment in [*mine, theirs]:
        judgment.presiding_judge_name = "王五"      # the document's 审判长, as written: not the user
    db.session.flush()
    assert _found(admin, "钱多多") == {j.id for j in mine}
    data = admin_services.user_snapshot(judge) | {"display_name": "钱满满", "lock_version": judge.lock_version}
    admin_services.update_user(admin, judge, data)
    db.session.flush()
    assert _found(admin, "钱多多") == set()
    assert _found(admin, "钱满满") == {j.id for j in mine}
    assert _found(admin, "孙少少") == {theirs.id}
