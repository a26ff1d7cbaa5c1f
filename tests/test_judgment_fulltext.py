"""The judgment list's whole-text search (检索全文, `fulltext=1`): every word must be in the
judgment's whole text (its paragraphs), answered by the bigram index `judgment_text_fts`, which
follows every write of the paragraphs."""
from sqlalchemy import select, text

from models import Judgment, JudgmentStatus, Role, TokenScope
from reviewer.auth import tokens
from reviewer.extensions import db as _db
from reviewer.judgments import search_index, services
from reviewer.judgments.queries import judgment_list_query
from reviewer.judgments.reparse import reparse_judgment
from reviewer.search import bigram
from tests.conftest import count_queries
from tests.factories import make_court, make_judgment, make_user
from tests.judgment_helpers import SIMPLE, docx_bytes, jiefang, liaison, upload  # noqa: F401  (fixtures)


def _found(user, q, fulltext="1"):
    return {j.id for j in _db.session.scalars(judgment_list_query(user, {"q": q, "fulltext": fulltext})).unique()}


def _indexed_rows(judgment_id):
    key = "rowid" if _db.engine.dialect.name == "sqlite" else "judgment_id"
    return _db.session.execute(text(f"SELECT count(*) FROM judgment_text_fts WHERE {key} = :id"),
                               {"id": judgment_id}).scalar()


def _body(*paragraphs):
    return ["河南省焦作市解放区人民法院", "民事判决书", *paragraphs]


def test_words_of_the_body_are_found_all_of_them(db):
    court = make_court("豫0802")
    admin = make_user(roles=(Role.ADMIN,), court=court)
    loan = make_judgment(court=court, cause="合同纠纷", paragraphs=_body("原告主张借款本金及利息。", "本院认为，证据充分。"))
    drive = make_judgment(court=court, cause="合同纠纷", paragraphs=_body("被告人醉酒后危险驾驶机动车。"))
    assert _found(admin, "借款") == {loan.id}
    assert _found(admin, "借款 利息") == {loan.id}
    assert _found(admin, "借款 醉酒") == set()                # AND: words of two judgments
    assert _found(admin, "危险驾驶") == {drive.id}
    assert _found(admin, "解放区人民法院") == {loan.id, drive.id}
    assert _found(admin, "借款") == {loan.id}
    assert _found(admin, "借款", fulltext="") == set()        # the list's fields only without 检索全文
    # words the index cannot answer alone: one character, Latin, digits, checked on the paragraphs
    assert _found(admin, "醉") == {drive.id}
    assert _found(admin, "利息 证") == {loan.id}


def test_a_phrase_is_exact(db):
    court = make_court("豫0802")
    admin = make_user(roles=(Role.ADMIN,), court=court)
    phrase = make_judgment(court=court, paragraphs=_body("被告人危险驾驶一案。"))
    apart = make_judgment(court=court, paragraphs=_body("驾驶危险物品运输车辆。"))    # 危险 驾驶 in another order
    across = make_judgment(court=court, paragraphs=_body("其行为危险，驾驶证被吊销。"))  # 危险 | 驾驶: two runs
    split_paragraphs = make_judgment(court=court, paragraphs=_body("存在危险", "驾驶员未到庭"))
    assert _found(admin, "危险驾驶") == {phrase.id}
    assert _found(admin, "驾驶危险") == {apart.id}
    assert _found(admin, "险驾") == {phrase.id}
    assert {across.id, split_paragraphs.id} <= _found(admin, "危险 驾驶")


def test_gapped_positions_never_join_two_runs():
    assert bigram.gapped("借款，款合同") == [("借款", 1), ("款合", 3), ("合同", 4)]
    row = bigram.fts_row(1, "借款，款合同 AB", gaps=True, dialect="postgresql")
    assert row["body"] == "'借款':1 '款合':3 '合同':4 'ab':6" and not row["overflow"]
    assert bigram.fts_row(1, "借款，款合", gaps=True)["body"] == f"借款 {bigram.GAP} 款合"


def test_liaison_searches_only_their_own_court(db):
    own, other = make_court("豫0802"), make_court("豫0803")
    mine = make_judgment(court=own, paragraphs=_body("本院认为，借款事实清楚。"))
    make_judgment(court=other, paragraphs=_body("本院认为，借款事实清楚。"))
    liaison_user = make_user(roles=(Role.LIAISON,), court=own)
    assert _found(liaison_user, "借款 本院认为") == {mine.id}
    assert len(_found(make_user(roles=(Role.ADMIN,), court=own), "借款 本院认为")) == 2


def test_index_follows_paragraph_edits_reparse_and_deletion(app, client, db, login, liaison, jiefang):  # noqa: F811
    login(liaison)
    upload(client, jiefang, [("a.docx", docx_bytes(SIMPLE))])
    judgment = db.session.scalar(select(Judgment))
    assert _found(liaison, "民法典 受理费") == {judgment.id}
    judgment.paragraphs = ["民事判决书", "另一段文字。"]
    db.session.flush()
    assert _found(liaison, "民法典") == set()
    assert _found(liaison, "另一段") == {judgment.id}
    reparse_judgment(judgment)          # the paragraphs read from the file again
    db.session.flush()
    assert _found(liaison, "民法典 受理费") == {judgment.id}
    assert _found(liaison, "另一段") == set()
    assert _indexed_rows(judgment.id) == 1


def test_deleting_a_judgment_removes_its_row(db):
    court = make_court("豫0802")
    admin = make_user(roles=(Role.ADMIN,), court=court)
    judgment = make_judgment(court=court, status=JudgmentStatus.DRAFT, paragraphs=_body("借款合同一份。"))
    assert _indexed_rows(judgment.id) == 1
    services.delete_draft(admin, judgment)
    assert _indexed_rows(judgment.id) == 0
    assert _found(admin, "借款合同") == set()


def test_fulltext_page_statements_do_not_grow_with_matches(client, login, db):
    court = make_court("豫0802")
    admin = make_user(roles=(Role.ADMIN,), court=court)
    make_judgment(court=court, judge=make_user(roles=(Role.JUDGE,), court=court))
    db.session.commit()
    login(admin)
    url = "/judgments/?q=本院认为 借贷 1&fulltext=1"
    client.get(url)
    with count_queries() as one:
        page = client.get(url).get_data(as_text=True)
    assert "民间借贷纠纷" in page and 'name="fulltext"' in page and "检索全文" in page
    for _ in range(25):
        make_judgment(court=court, judge=make_user(roles=(Role.JUDGE,), court=court))
    db.session.commit()
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert "下一页" in page and "fulltext=1" in page      # the next page keeps searching the text
    assert many[0] == one[0]


def test_the_rarest_bigram_plan_stays_exact(db):
    court = make_court("豫0802")
    admin = make_user(roles=(Role.ADMIN,), court=court)
    phrase = make_judgment(court=court, paragraphs=_body("危险驾驶罪"))
    apart = make_judgment(court=court, paragraphs=_body("驾驶危险物品"))
    for _ in range(6):
        make_judgment(court=court, paragraphs=_body("危险作业罪"))
    if db.engine.dialect.name == "postgresql":
        db.session.connection().exec_driver_sql(f"ANALYZE {search_index.TEXT_TABLE}")
    assert _found(admin, "危险驾驶") == {phrase.id}
    assert _found(admin, "驾驶危险") == {apart.id}


def test_the_api_list_takes_fulltext(client, db):
    court = make_court("豫0802")
    admin = make_user(roles=(Role.ADMIN,), court=court)
    hit = make_judgment(court=court, paragraphs=_body("被告人醉酒后危险驾驶机动车。"))
    make_judgment(court=court)
    db.session.commit()
    _token, secret = tokens.create_token(admin, "测试对接", TokenScope.READ, 30)
    db.session.commit()
    headers = {"Authorization": f"Bearer {secret}"}
    found = client.get("/api/v1/judgments/?q=醉酒 危险驾驶&fulltext=1", headers=headers).get_json()
    assert [item["id"] for item in found["items"]] == [hit.id]
    assert client.get("/api/v1/judgments/?q=醉酒&fulltext=2", headers=headers).status_code == 422


def test_latin_and_digit_words_are_checked_on_the_decoded_text(db):
    """Such words are first looked for in the stored JSON as it is (where ASCII is written as it
    is) and then in the decoded paragraphs: what only the JSON's escapes or syntax hold is not found."""
    court = make_court("豫0802")
    admin = make_user(roles=(Role.ADMIN,), court=court)
    latin = make_judgment(court=court, paragraphs=_body("鉴定意见书编号ABC-2023-07，见附件。"))
    other = make_judgment(court=court, paragraphs=_body("中止审理，另案处理。"))   # 中 is \u4e2d in the JSON
    assert _found(admin, "abc-2023-07") == {latin.id}                # letter case ignored
    assert _found(admin, "鉴定 2023") == {latin.id}
    assert _found(admin, "u4e2d") == set()                          # only in the escapes
    assert _found(admin, "[") == set()                             # only in the JSON syntax
    assert _found(admin, "审理 %") == set() and _found(admin, "审理 ，") == {other.id}
