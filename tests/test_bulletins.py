"""Word bulletins: generated from the data, read back with python-docx, numbers and names exact."""
import io
from datetime import date
from decimal import Decimal

import pytest
from docx import Document
from docx.oxml.ns import qn
from sqlalchemy import select

from models import ListKind, MonthlyRanking, RankingEntry, RankingStatus, Role
from models.bulletin import Bulletin
from reviewer.bulletins.layout import chinese_date
from reviewer.draws import services as draws
from reviewer.filings import services as filings
from tests.evaluation_factories import evaluate, make_reviewer
from tests.factories import make_court, make_judgment, make_user
from tests.draw_helpers import court_with_case_list


def _read(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype.endswith("wordprocessingml.document")
    return Document(io.BytesIO(response.data))


def _paragraphs(doc):
    return [p.text for p in doc.paragraphs]


def _tables(doc):
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in doc.tables]


@pytest.mark.parametrize("value, expected", [
    (date(2021, 4, 6), "二〇二一年四月六日"), (date(2021, 10, 20), "二〇二一年十月二十日"),
    (date(2020, 12, 31), "二〇二〇年十二月三十一日"), (date(2021, 11, 15), "二〇二一年十一月十五日"),
])
def test_signing_date_is_in_chinese_numerals(value, expected):
    assert chinese_date(value) == expected


def _year():
    """The 文号 carries the year of issue (the tests issue their bulletins today)."""
    from reviewer.bulletins.services import issue_year

    return issue_year()


def _admin():
    make_court("豫08")
    return make_user(roles=(Role.ADMIN,), court=make_court("豫08"))


def _published_ranking(month="2021-03"):
    court = make_court("豫0802")
    judge = make_user(court=court, display_name="王法官")
    ranking = MonthlyRanking(month=month, status=RankingStatus.PUBLISHED)
    rows = [(ListKind.EXCELLENT, 1, "（2021）豫0802民初11号", "96.50", "excellent", "说理透彻"),
            (ListKind.EXCELLENT, 2, "（2021）豫0802民初12号", "93.00", "EXCELLENT", "事实清楚"),
            (ListKind.FLAWED, 1, "（2021）豫0802民初13号", "61.25", "flawed", "未回应抗辩意见")]
    for kind, position, number, score, grade, reason in rows:
        judgment = make_judgment(court=court, month=month, case_number=number, judge=judge)
        ranking.entries.append(RankingEntry(kind=kind, position=position, judgment_id=judgment.id,
                                            score=Decimal(score), grade=grade, reason=reason))
    from reviewer.extensions import db
    db.session.add(ranking)
    db.session.flush()
    return rows


def test_ranking_bulletin_lists_exactly_the_published_entries(app, db, client, login):
    rows = _published_ranking()
    admin = _admin()
    db.session.commit()
    login(admin)
    doc = _read(client.post("/bulletins/ranking/2021-03"))
    text = _paragraphs(doc)
    assert f"焦中法审管〔{_year()}〕1号" in text
    assert "关于2021年3月优秀裁判文书和瑕疵裁判文书的通报" in text
    assert any("优秀裁判文书2篇、瑕疵裁判文书1篇" in t for t in text)
    excellent, flawed = _tables(doc)
    assert excellent[0] == ["序号", "法院", "案号", "承办法官", "得分", "等级", "入选理由"]
    assert excellent[1:] == [["1", "解放区法院", "（2021）豫0802民初11号", "王法官", "96.50", "优秀", "说理透彻"],
                             ["2", "解放区法院", "（2021）豫0802民初12号", "王法官", "93.00", "优秀", "事实清楚"]]
    assert flawed[1:] == [["1", "解放区法院", "（2021）豫0802民初13号", "王法官", "61.25", "瑕疵", "未回应抗辩意见"]]
    assert text[-1].startswith("二〇") and "河南省焦作市中级人民法院审判管理办公室" in text


def test_bulletin_layout_uses_fangsong_and_bordered_tables(app, db, client, login):
    _published_ranking()
    admin = _admin()
    db.session.commit()
    login(admin)
    doc = _read(client.post("/bulletins/ranking/2021-03"))
    body = next(p for p in doc.paragraphs if p.text.startswith("根据"))
    run = body.runs[0]
    assert run.font.size.pt == 16
    assert run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert all(t.style.name == "Table Grid" for t in doc.tables)
    assert round(doc.sections[0].top_margin.cm, 1) == 3.7


def test_regenerating_keeps_the_number_and_the_next_bulletin_gets_the_next(app, db, client, login):
    _published_ranking()
    court, heads, liaison = court_with_case_list("豫0883")
    admin = _admin()
    draw = draws.announce(admin, court, "2021-03", "福彩3D")
    draws.perform(admin, draw, "3 0 9")
    db.session.commit()
    login(admin)
    assert f"焦中法审管〔{_year()}〕1号" in _paragraphs(_read(client.post("/bulletins/ranking/2021-03")))
    assert f"焦中法审管〔{_year()}〕1号" in _paragraphs(_read(client.post("/bulletins/ranking/2021-03")))
    assert f"焦中法审管〔{_year()}〕2号" in _paragraphs(_read(client.post("/bulletins/draw/2021-03")))
    assert db.session.scalar(select(Bulletin).where(Bulletin.kind == "draw")).serial == 2


def test_draw_bulletin_matches_the_draw_record(app, db, client, login):
    court, heads, liaison = court_with_case_list("豫0883")
    admin = _admin()
    draw = draws.announce(admin, court, "2021-03", "2021年4月6日福彩3D开奖号码")
    draws.perform(admin, draw, "3 0 9")
    db.session.commit()
    login(admin)
    doc = _read(client.post("/bulletins/draw/2021-03"))
    text = "\n".join(_paragraphs(doc))
    assert "公开随机值来源：2021年4月6日福彩3D开奖号码；公开随机值：3 0 9。" in text
    assert "共对1个法院的2名业务庭长进行了抽取" in text
    (table,) = _tables(doc)
    expected = [[str(i), e.division_name, e.head_name, str(len(e.candidates)),
                 e.result_case_number or "本月无结案", e.list_hash or "—"]
                for i, e in enumerate(draw.entries, start=1)]
    assert table[1:] == expected
    assert expected[-1][4] == "本月无结案"


def test_filing_bulletin_matches_the_filed_snapshot(app, db, client, login, monkeypatch):
    court = make_court("豫0802")
    liaison = make_user(roles=(Role.LIAISON,), court=court)
    judgment = make_judgment(court=court, month="2021-03", case_number="（2021）豫0802民初7号")
    evaluate(judgment, 88, "合格", reviewers=[make_reviewer()], deductions=[12], reason="引用法条不完整")
    monkeypatch.setattr(filings, "today_in_china", lambda: date(2021, 4, 2))
    filings.file_month(liaison, court, "2021-03", "已逐项整改。")
    db.session.commit()
    login(liaison)
    doc = _read(client.post(f"/bulletins/filing/{court.id}/2021-03"))
    text = _paragraphs(doc)
    assert f"解放区法院审管报〔{_year()}〕1号" in text  # filed (really) today
    assert "河南省焦作市解放区人民法院2021年3月裁判文书评查情况报备" in text
    assert any("本月报送裁判文书1篇，已评查1篇，平均分88.00分" in t for t in text)
    assert "已逐项整改。" in text
    judgments, items = _tables(doc)
    assert judgments[1][1:] == ["（2021）豫0802民初7号", "", "常规评查", "88.00", "合格"]
    assert items[1][1:4] == ["（2021）豫0802民初7号", "释法说理充分", "12.00"]
    assert items[1][4] == "引用法条不完整"


def test_unpublished_month_gives_a_message_not_a_document(app, db, client, login):
    admin = _admin()
    db.session.commit()
    login(admin)
    response = client.post("/bulletins/ranking/2021-03", follow_redirects=True)
    assert "尚未张榜公布" in response.get_data(as_text=True)
    assert db.session.scalar(select(Bulletin)) is None


@pytest.mark.parametrize("roles", [(Role.LIAISON,), (Role.JUDGE,), (Role.REVIEWER,)])
def test_only_the_admin_generates_city_bulletins(app, db, client, login, roles):
    _published_ranking()
    user = make_user(roles=roles, court=make_court("豫0802"))
    db.session.commit()
    login(user)
    assert client.get("/bulletins/").status_code == 403
    for url in ("/bulletins/ranking/2021-03", "/bulletins/draw/2021-03", "/bulletins/top-ten/2021"):
        assert client.post(url).status_code == 403, url
    assert client.get("/bulletins/ranking/2021-03").status_code == 405


def test_filing_bulletin_is_for_the_admin_and_the_courts_own_liaison(app, db, client, login, monkeypatch):
    court = make_court("豫0802")
    liaison = make_user(roles=(Role.LIAISON,), court=court)
    monkeypatch.setattr(filings, "today_in_china", lambda: date(2021, 4, 2))
    filings.file_month(liaison, court, "2021-03", "")
    other = make_user(roles=(Role.LIAISON,), court=make_court("豫0883"))
    judge = make_user(roles=(Role.JUDGE,), court=court)
    admin = _admin()
    db.session.commit()
    for user, status in ((other, 403), (judge, 403), (liaison, 200), (admin, 200)):
        login(user)
        assert client.post(f"/bulletins/filing/{court.id}/2021-03").status_code == status
    assert client.post(f"/bulletins/filing/{court.id}/2021-04").status_code == 404
    assert client.get("/bulletins/").status_code == 200


def _top_ten(year=2021, publish_flawed=True):
    from models import Hearing, HearingStatus, TopTenEntry, TopTenKind, TopTenList, TopTenStatus
    from reviewer.extensions import db

    court = make_court("豫0811")
    made = {}
    for kind, numbers in ((TopTenKind.BEST, [("（2021）豫0811民初5号", "95.50", True), ("（2021）豫0811民初6号", "92.00", False)]),
                          (TopTenKind.FLAWED, [("（2021）豫0811刑初9号", "58.00", False)])):
        status = TopTenStatus.PUBLISHED if kind == TopTenKind.BEST or publish_flawed else TopTenStatus.COMMENT
        top = TopTenList(year=year, kind=kind, status=status)
        for rank, (number, score, showcase) in enumerate(numbers, start=1):
            hearing = Hearing(court_id=court.id, month=f"{year}-05", case_number=number, cause="买卖合同纠纷",
                              presiding_judge_name="孙审判长", status=HearingStatus.READY)
            db.session.add(hearing)
            db.session.flush()
            top.entries.append(TopTenEntry(hearing_id=hearing.id, rank=rank, score=Decimal(score),
                                           grade_label="优秀" if kind == TopTenKind.BEST else "瑕疵",
                                           provincial_showcase=showcase))
        db.session.add(top)
        made[kind] = top
    db.session.flush()
    return made


def test_top_ten_bulletin_lists_the_published_hearings(app, db, client, login):
    _top_ten()
    admin = _admin()
    db.session.commit()
    login(admin)
    doc = _read(client.post("/bulletins/top-ten/2021"))
    text = _paragraphs(doc)
    assert "关于2021年度全市法院十大精品庭审和十大问题（瑕疵）庭审案例的通报" in text
    assert any("十大精品庭审案例2件、十大问题或瑕疵庭审案例1件" in t for t in text)
    best, flawed = _tables(doc)
    assert best[1] == ["1", "山阳区法院", "（2021）豫0811民初5号", "买卖合同纠纷", "孙审判长", "95.50", "优秀",
                       "推荐至省法院庭审视频展播"]
    assert best[2][2] == "（2021）豫0811民初6号" and best[2][7] == ""
    assert flawed[1][2:7] == ["（2021）豫0811刑初9号", "买卖合同纠纷", "孙审判长", "58.00", "瑕疵"]


def test_top_ten_bulletin_waits_for_publication(app, db, client, login):
    _top_ten(publish_flawed=False)
    admin = _admin()
    db.session.commit()
    login(admin)
    response = client.post("/bulletins/top-ten/2021", follow_redirects=True)
    assert "十大问题或瑕疵庭审尚未正式发布" in response.get_data(as_text=True)


def test_document_number_carries_the_year_of_issue_not_the_subjects(app, db, client, login,
                                                                    monkeypatch):
    from datetime import datetime, timezone

    from reviewer.bulletins import services as bulletins

    _published_ranking("2021-12")
    admin = _admin()
    db.session.commit()
    login(admin)
    monkeypatch.setattr(bulletins, "utcnow", lambda: datetime(2022, 1, 8, 2, 0, tzinfo=timezone.utc))
    text = _paragraphs(_read(client.post("/bulletins/ranking/2021-12")))
    assert "焦中法审管〔2022〕1号" in text and "焦中法审管〔2021〕1号" not in text
    assert text[-1] == "二〇二二年一月八日"


def test_bulletin_tables_have_fixed_widths_that_fill_the_type_area(app, db, client, login):
    from reviewer.bulletins.layout import TEXT_WIDTH_CM

    _published_ranking()
    court, heads, liaison = court_with_case_list("豫0883")
    admin = _admin()
    draw = draws.announce(admin, court, "2021-03", "福彩3D")
    draws.perform(admin, draw, "3 0 9")
    db.session.commit()
    login(admin)
    for url in ("/bulletins/ranking/2021-03", "/bulletins/draw/2021-03"):
        for table in _read(client.post(url)).tables:
            widths = [column.width.cm for column in table.columns]
            assert abs(sum(widths) - TEXT_WIDTH_CM) < 0.05, url
            assert widths[0] < max(widths) / 2, url          # 序号 narrow, text columns wide
            layout = table._tbl.tblPr.find(qn("w:tblLayout"))
            assert layout is not None and layout.get(qn("w:type")) == "fixed", url
            cell_run = table.rows[1].cells[1].paragraphs[0].runs[0]
            assert cell_run.font.size.pt == 12, url
