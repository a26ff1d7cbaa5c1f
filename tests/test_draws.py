"""Monthly draws: frozen lists, verifiable results, verify-draw CLI, linking uploads, permissions."""
import pytest
from sqlalchemy import select

from models import Judgment, JudgmentStatus, Purpose, Role
from models.draw import DrawEntry, DrawStatus, EntryStatus, MonthlyDraw
from reviewer.caselists import services as caselists
from reviewer.draws import lottery, services
from reviewer.errors import DomainError
from tests.draw_helpers import case_rows, court_with_case_list, court_with_heads, csv_file
from tests.factories import make_court, make_judgment, make_user


def _admin():
    return make_user(roles=(Role.ADMIN,), court=make_court("豫08"))


def _drawn(value="3 0 9"):
    court, heads, liaison = court_with_case_list()
    admin = _admin()
    draw = services.announce(admin, court, "2021-03", "2021年4月6日福彩3D开奖号码")
    services.perform(admin, draw, value)
    return court, heads, liaison, admin, draw


def test_announce_freezes_each_heads_cases_and_lists_heads_without_cases(app, db):
    court, heads, _ = court_with_case_list()
    draw = services.announce(_admin(), court, "2021-03", "福彩3D")
    first, second, third = draw.entries
    assert first.candidates == sorted(f"（2021）豫0802民初{n}号" for n in range(1, 6))
    assert first.list_hash == lottery.list_hash(first.candidates)
    assert len(second.candidates) == 3 and second.status == EntryStatus.FROZEN
    assert third.status == EntryStatus.NO_CASES and third.candidates == []
    assert third.head_name == heads[2].display_name
    assert draw.status == DrawStatus.ANNOUNCED and draw.public_value is None


def test_perform_draws_what_the_published_procedure_gives(app, db):
    court, heads, liaison, admin, draw = _drawn("07 11 23")
    for entry in draw.entries:
        if entry.status == EntryStatus.NO_CASES:
            assert entry.result_case_number is None
            continue
        frozen, digest, seed, index = lottery.run(entry.candidates, "07 11 23")
        assert (entry.list_hash, entry.seed, entry.result_index) == (digest, seed, index)
        assert entry.result_case_number == frozen[index]
        assert entry.status == EntryStatus.DRAWN
    assert all(problems == [] for problems in services.verify(draw).values())


def test_a_draw_cannot_be_repeated(app, db):
    court, heads, liaison, admin, draw = _drawn()
    with pytest.raises(DomainError, match="不能重抽"):
        services.perform(admin, draw, "1 2 3")


def test_announce_needs_an_applied_case_list_and_is_once_a_month(app, db):
    court, heads, liaison = court_with_heads()
    admin = _admin()
    with pytest.raises(DomainError, match="尚未导入"):
        services.announce(admin, court, "2021-03", "福彩3D")
    court2, _, _ = court_with_case_list("豫0883")
    services.announce(admin, court2, "2021-03", "福彩3D")
    with pytest.raises(DomainError, match="已有抽取记录"):
        services.announce(admin, court2, "2021-03", "福彩3D")


def test_case_list_is_frozen_once_the_draw_is_announced(app, db):
    court, heads, liaison = court_with_case_list()
    services.announce(_admin(), court, "2021-03", "福彩3D")
    item = caselists.upload(liaison, court, "2021-03", csv_file(case_rows(court, heads[0], 1)), "b.csv")
    with pytest.raises(DomainError, match="冻结"):
        caselists.apply(liaison, item)


def test_tampering_with_a_record_is_detected(app, db):
    court, heads, liaison, admin, draw = _drawn()
    entry = draw.entries[0]
    entry.candidates = entry.candidates[:-1] + ["（2021）豫0802民初999号"]
    problems = services.verify(draw)[entry.id]
    assert any("名单哈希不符" in p for p in problems)


def test_verify_draw_cli_confirms_a_recorded_draw(app, db):
    court, heads, liaison, admin, draw = _drawn()
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["verify-draw", str(draw.id)])
    assert result.exit_code == 0, result.output
    assert "核验通过" in result.output
    assert draw.entries[0].result_case_number in result.output
    assert "本月无结案" in result.output


def test_verify_draw_cli_reports_a_mismatch_with_nonzero_exit(app, db):
    court, heads, liaison, admin, draw = _drawn()
    entry = draw.entries[0]
    other = [c for c in entry.candidates if c != entry.result_case_number][0]
    entry.result_case_number = other
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["verify-draw", str(draw.id)])
    assert result.exit_code == 1
    assert "抽取结果不符" in result.output


def test_verify_draw_cli_unknown_id(app, db):
    result = app.test_cli_runner().invoke(args=["verify-draw", "9999"])
    assert result.exit_code != 0 and "不存在" in result.output


def test_uploaded_drawn_judgment_is_linked_to_its_entry(app, db):
    court, heads, liaison, admin, draw = _drawn()
    entry = draw.entries[0]
    routine = make_judgment(court=court, case_number=entry.result_case_number, purpose=Purpose.ROUTINE)
    assert services.link_drawn_judgment(routine) is None
    judgment = make_judgment(court=court, case_number=entry.result_case_number.replace("（", "("),
                             purpose=Purpose.DRAWN)
    assert services.link_drawn_judgment(judgment) is entry
    assert entry.judgment_id == judgment.id


def test_judgment_uploaded_before_the_draw_is_linked_when_drawn(app, db):
    court, heads, liaison = court_with_case_list(counts=(1, 0, 0))
    judgment = make_judgment(court=court, case_number="（2021）豫0802民初1号", purpose=Purpose.DRAWN)
    admin = _admin()
    draw = services.announce(admin, court, "2021-03", "福彩3D")
    services.perform(admin, draw, "5")
    assert draw.entries[0].judgment_id == judgment.id


# --- pages and permissions -----------------------------------------------------------------

def test_every_signed_in_role_sees_the_public_draw_pages(app, db, client, login):
    court, heads, liaison, admin, draw = _drawn()
    entry = draw.entries[0]
    make_judgment(court=court, case_number=entry.result_case_number, purpose=Purpose.DRAWN,
                  status=JudgmentStatus.SUBMITTED)
    services.link_drawn_judgment(db.session.scalar(select(Judgment)))
    outsider = make_user(roles=(Role.JUDGE,), court=make_court("豫0883"))
    reviewer = make_user(roles=(Role.REVIEWER,), court=make_court("豫0811"))
    db.session.commit()
    for user in (admin, liaison, heads[0], outsider, reviewer):
        login(user)
        assert client.get("/draws/").status_code == 200
        html = client.get(f"/draws/{draw.id}").get_data(as_text=True)
        assert entry.list_hash in html and entry.result_case_number in html
        page = client.get(f"/draws/entries/{entry.id}")
        assert page.status_code == 200
        assert entry.seed in page.get_data(as_text=True)


def test_entry_page_anonymises_the_judgment_for_outsiders(app, db, client, login):
    court, heads, liaison, admin, draw = _drawn()
    entry = draw.entries[0]
    judgment = make_judgment(court=court, case_number=entry.result_case_number, purpose=Purpose.DRAWN)
    services.link_drawn_judgment(judgment)
    outsider = make_user(roles=(Role.JUDGE,), court=make_court("豫0883"))
    db.session.commit()
    login(liaison)
    assert "原告：张三" in client.get(f"/draws/entries/{entry.id}").get_data(as_text=True)
    login(outsider)
    html = client.get(f"/draws/entries/{entry.id}").get_data(as_text=True)
    assert "原告：张三" not in html and "张某" in html and "隐名处理" in html


@pytest.mark.parametrize("roles", [(Role.LIAISON,), (Role.JUDGE,), (Role.REVIEWER,)])
def test_only_the_admin_announces_and_draws(app, db, client, login, roles):
    court, heads, liaison = court_with_case_list()
    draw = services.announce(_admin(), court, "2021-03", "福彩3D")
    user = make_user(roles=roles, court=court)
    db.session.commit()
    login(user)
    assert client.get("/draws/announce").status_code == 403
    assert client.post("/draws/announce", data={"month": "2021-03", "court_ids": [court.id],
                                                "value_source": "x"}).status_code == 403
    assert client.post(f"/draws/{draw.id}/perform", data={"public_value": "1"}).status_code == 403
    assert db.session.get(MonthlyDraw, draw.id).status == DrawStatus.ANNOUNCED


def test_admin_announces_and_draws_through_the_pages(app, db, client, login):
    court, heads, liaison = court_with_case_list()
    bare, _, _ = court_with_heads("豫0883")
    admin = _admin()
    db.session.commit()
    login(admin)
    response = client.post("/draws/announce", data={
        "month": "2021-03", "court_ids": [court.id, bare.id], "value_source": "2021年4月6日福彩3D"},
        follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "已冻结名单并公告" in html and "尚未导入" in html
    draw = db.session.scalar(select(MonthlyDraw))
    assert draw.court_id == court.id
    assert client.post(f"/draws/{draw.id}/perform", data={"public_value": " 3  0 9 "}).status_code == 302
    db.session.refresh(draw)
    assert draw.status == DrawStatus.DRAWN and draw.public_value == "3 0 9"
    assert db.session.scalar(select(DrawEntry).where(DrawEntry.result_case_number.is_not(None)))


def test_draw_pages_need_login(app, client):
    assert client.get("/draws/").status_code == 302


def test_liaison_upload_of_the_drawn_case_links_it_through_intake(app, db):
    import io

    from reviewer.judgments import services as intake
    from tests.docx_builders import docx_bytes

    court, heads, liaison, admin, draw = _drawn()
    entry = draw.entries[0]
    paragraphs = [court.full_name, "民事判决书", entry.result_case_number,
                  "原告：张三，男，汉族。", "被告：李四，男，汉族。",
                  "原告张三与被告李四民间借贷纠纷一案，本院立案后依法适用简易程序公开开庭进行了审理。",
                  "本院认为，借贷关系合法有效。", "判决如下：", "被告李四偿还原告张三借款10000元。",
                  "审判员　王五", "二〇二一年三月十日", "书记员　赵六"]
    judgment = intake.ingest(liaison, court, "2021-03", Purpose.DRAWN,
                             io.BytesIO(docx_bytes(paragraphs)), "抽中文书.docx")
    assert judgment.case_number == entry.result_case_number
    assert entry.judgment_id == judgment.id


def test_home_page_reminds_the_liaison_of_the_drawn_case_to_upload(app, db, client, login):
    court, heads, liaison, admin, draw = _drawn()
    judge = make_user(roles=(Role.JUDGE,), court=court)
    db.session.commit()
    login(liaison)
    html = client.get("/").get_data(as_text=True)
    assert draw.entries[0].result_case_number in html and "待上传" in html
    login(judge)
    assert "待上传" not in client.get("/").get_data(as_text=True)


def test_draw_pages_query_count_does_not_grow_with_entries(app, db, client, login):
    from tests.conftest import count_queries

    small_court, _, _ = court_with_case_list("豫0802", counts=(2, 1, 0))
    large_court, _, _ = court_with_heads("豫0883", divisions=("民一庭", "民二庭", "民三庭", "刑一庭", "行政庭", "执行局"))
    admin = _admin()
    from tests.draw_helpers import case_rows
    rows = []
    heads = services.division_heads(large_court.id)
    for n, head in enumerate(heads):
        rows += case_rows(large_court, head, 3, start=1 + n * 3)
    liaison = make_user(roles=(Role.LIAISON,), court=large_court)
    caselists.apply(liaison, caselists.upload(liaison, large_court, "2021-03", csv_file(rows), "l.csv"))
    small = services.announce(admin, small_court, "2021-03", "福彩3D")
    large = services.announce(admin, large_court, "2021-03", "福彩3D")
    services.perform(admin, small, "1")
    services.perform(admin, large, "1")
    db.session.commit()
    login(admin)
    counts = []
    for draw in (small, large):
        with count_queries() as n:
            assert client.get(f"/draws/{draw.id}").status_code == 200
        counts.append(n[0])
    assert counts[0] == counts[1]
    with count_queries() as few:
        client.get(f"/caselists/{small_court.id}/2021-03")
    with count_queries() as many:
        client.get(f"/caselists/{large_court.id}/2021-03")
    assert few[0] == many[0]


def test_correcting_the_case_number_of_a_drawn_upload_links_it(app, db):
    import io

    from reviewer.judgments import services as intake
    from tests.docx_builders import docx_bytes

    court, heads, liaison, admin, draw = _drawn()
    entry = draw.entries[0]
    paragraphs = [court.full_name, "民事判决书", "（2021）豫0802民初99999号", "原告：张三，男。", "被告：李四，男。",
                  "原告张三与被告李四民间借贷纠纷一案，本院立案后依法适用简易程序公开开庭进行了审理。",
                  "本院认为，借贷关系合法有效。", "判决如下：", "驳回原告的诉讼请求。",
                  "审判员　王五", "二〇二一年三月十日", "书记员　赵六"]
    judgment = intake.ingest(liaison, court, "2021-03", Purpose.DRAWN, io.BytesIO(docx_bytes(paragraphs)), "a.docx")
    assert entry.judgment_id is None
    intake.update_metadata(liaison, judgment, {"case_number": entry.result_case_number, "month": "2021-03",
                                               "purpose": Purpose.DRAWN.value})
    assert entry.judgment_id == judgment.id


def test_a_rewritten_list_with_consistent_hash_seed_and_result_is_still_caught(app, db):
    court, heads, liaison, admin, draw = _drawn()
    entry = draw.entries[0]
    forged = lottery.freeze(entry.candidates[:-1] + ["（2021）豫0802民初999号"])
    entry.candidates = list(forged)
    entry.list_hash = lottery.list_hash(forged)
    entry.seed = lottery.make_seed(draw.public_value, entry.list_hash)
    entry.result_index = lottery.draw(forged, entry.seed)
    entry.result_case_number = forged[entry.result_index]
    db.session.commit()
    assert services.verify(draw)[entry.id] == ["候选名单与该庭长本月结案清单不符"]
    result = app.test_cli_runner().invoke(args=["verify-draw", str(draw.id)])
    assert result.exit_code == 1 and "结案清单不符" in result.output


def test_a_month_that_is_not_over_cannot_be_announced(app, db, monkeypatch):
    from datetime import datetime, timezone

    court, heads, liaison = court_with_case_list()
    admin = _admin()
    monkeypatch.setattr(services, "utcnow", lambda: datetime(2021, 3, 31, 15, 0, tzinfo=timezone.utc))
    with pytest.raises(DomainError, match="尚未结束"):         # 23:00 on 31 March in China
        services.announce(admin, court, "2021-03", "福彩3D")
    monkeypatch.setattr(services, "utcnow", lambda: datetime(2021, 3, 31, 16, 0, tzinfo=timezone.utc))
    assert services.announce(admin, court, "2021-03", "福彩3D").month == "2021-03"
