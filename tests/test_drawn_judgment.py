"""The drawn judgment: uploaded from the draw entry's own page, shown on the 公示 page only once it
is checked and submitted, and compared with the drawn case (case number, judge, closing date)."""
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from models import Judgment, JudgmentStatus, Role
from models.caselist import ClosedCase
from reviewer.demo.judgments import chinese_date
from reviewer.draws import services
from reviewer.draws.matching import DrawnCase, UploadedJudgment, judge_names, mismatches
from reviewer.judgments import services as intake
from tests.docx_builders import docx_bytes
from tests.draw_helpers import court_with_case_list
from tests.factories import make_court, make_user

DRAWN = DrawnCase("（2021）豫0802民初3号", "王五", date(2021, 3, 20))


@pytest.mark.parametrize("uploaded, expected", [
    (UploadedJudgment("（2021）豫0802民初3号", ("王五",), date(2021, 3, 12)), []),
    (UploadedJudgment("(2021)豫0802民初3号", ("赵六", "王五"), date(2021, 3, 20)), []),
    (UploadedJudgment("（2021）豫0802民初4号", ("王五",), date(2021, 3, 12)), ["案号不符"]),
    (UploadedJudgment("（2021）豫0802民初3号", ("赵六",), date(2021, 3, 12)), ["承办人不符"]),
    (UploadedJudgment("（2021）豫0802民初3号", ("王五",), date(2021, 3, 21)), ["晚于结案日期"]),
    (UploadedJudgment("（2021）豫0802民初3号", ("王五",), date(2021, 2, 1)), ["早于结案日期"]),
    (UploadedJudgment(None, (), None), ["未读到案号", "未读到审判人员", "未读到落款日期"]),
])
def test_the_judgment_is_compared_with_the_drawn_case(uploaded, expected):
    found = mismatches(DRAWN, uploaded)
    assert len(found) == len(expected) and all(e in f for e, f in zip(expected, found))


def test_judge_names_are_the_presiding_judge_and_the_signing_judges():
    signatories = [{"role": "审判长", "name": "甲"}, {"role": "人民陪审员", "name": "乙"}, {"role": "书记员", "name": "丙"}]
    assert judge_names("甲", signatories) == ("甲", "乙")


@pytest.fixture
def drawn(db):
    court, heads, liaison = court_with_case_list()
    admin = make_user(roles=(Role.ADMIN,), court=make_court("豫08"))
    draw = services.announce(admin, court, "2021-03", "2021年4月6日福彩3D开奖号码")
    services.perform(admin, draw, "3 0 9")
    entry = draw.entries[0]
    case = db.session.scalar(select(ClosedCase).where(ClosedCase.case_number == entry.result_case_number))
    case.judge.display_name = "王五"   # a name the reader recognises in the signature
    db.session.commit()
    return {"court": court, "liaison": liaison, "entry": entry, "case": case, "judge": case.judge.display_name}


def document(court, number, judge, signed: date) -> bytes:
    return docx_bytes([court.full_name, "民事判决书", number, "原告：张三，男，汉族。", "被告：李四，男，汉族。",
                       "原告张三与被告李四民间借贷纠纷一案，本院立案后依法适用简易程序公开开庭进行了审理。",
                       "本院认为，借贷关系合法有效。", "判决如下：", "被告李四偿还原告张三借款10000元。",
                       f"审判员　{judge}", chinese_date(signed.year, signed.month, signed.day), "书记员　赵六"])


def upload(client, entry, content, name="抽中文书.docx"):
    return client.post(f"/draws/entries/{entry.id}/upload", data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


def test_the_entry_page_offers_its_own_upload_to_the_courts_liaison_only(client, login, db, drawn):
    login(drawn["liaison"])
    page = client.get(f"/draws/entries/{drawn['entry'].id}").get_data(as_text=True)
    assert f"/draws/entries/{drawn['entry'].id}/upload" in page and "上传抽中文书" in page
    login(make_user(roles=(Role.REVIEWER,), court=make_court("豫0811")))
    assert "上传抽中文书" not in client.get(f"/draws/entries/{drawn['entry'].id}").get_data(as_text=True)


def test_an_uploaded_judgment_is_shown_only_after_it_is_submitted(client, login, db, drawn):
    entry, case = drawn["entry"], drawn["case"]
    login(drawn["liaison"])
    response = upload(client, entry, document(drawn["court"], entry.result_case_number, drawn["judge"], case.closed_on))
    judgment = db.session.scalar(select(Judgment).where(Judgment.case_number == entry.result_case_number))
    assert response.status_code == 302 and f"/judgments/{judgment.id}" in response.headers["Location"]
    assert judgment.status == JudgmentStatus.DRAFT and db.session.get(type(entry), entry.id).judgment_id == judgment.id
    login(make_user(roles=(Role.JUDGE,), court=make_court("豫0883")))
    page = client.get(f"/draws/entries/{entry.id}").get_data(as_text=True)
    assert "待核对信息并报送后公示" in page and "借贷关系合法有效" not in page
    intake.submit(drawn["liaison"], db.session.get(Judgment, judgment.id))
    db.session.commit()
    page = client.get(f"/draws/entries/{entry.id}").get_data(as_text=True)
    assert "借贷关系合法有效" in page and "与抽中案件一致" in page and "drawn-mismatch" not in page


def test_a_judgment_of_another_case_is_refused_and_nothing_is_kept(client, login, db, drawn):
    entry = drawn["entry"]
    login(drawn["liaison"])
    before = db.session.scalar(select(func.count(Judgment.id)))
    response = upload(client, entry, document(drawn["court"], "（2021）豫0802民初999号", drawn["judge"], date(2021, 3, 1)))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "与抽中案号" in page and "不符，未接收" in page
    assert db.session.scalar(select(func.count(Judgment.id))) == before


def test_a_different_judge_or_date_is_flagged_on_the_entry_and_the_draw(client, login, db, drawn):
    entry, case = drawn["entry"], drawn["case"]
    login(drawn["liaison"])
    upload(client, entry, document(drawn["court"], entry.result_case_number, "另一人", date(case.closed_on.year, 1, 2)))
    page = client.get(f"/draws/entries/{entry.id}").get_data(as_text=True)
    assert "drawn-mismatch" in page and "承办人不符" in page and "早于结案日期" in page
    assert "与抽中案件不符" in client.get(f"/draws/{entry.draw_id}").get_data(as_text=True)
