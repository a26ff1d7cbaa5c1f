"""Indicator pages: each court sees itself, the figure's cases, settings, targets, reports, queries."""
from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from sqlalchemy import func, select

from models import AuditLog, CaseListImport, Notification, Role
from models.case_register import CaseImport, CaseRecord, IndicatorReport, IndicatorTarget, RegisterImportStatus
from reviewer.indicators import imports, settings as settings_service
from tests.conftest import count_queries
from tests.factories import make_court, make_user
from tests.indicator_helpers import ROWS, csv_file, upload


@pytest.fixture
def world(app, db, tmp_path):
    court, other = make_court("豫0802", divisions=("民一庭", "民二庭")), make_court("豫0883")
    imports.apply(None, upload(court, csv_file(tmp_path, ROWS)))
    people = {
        "admin": make_user(roles=(Role.ADMIN,)),
        "liaison": make_user(roles=(Role.LIAISON,), court=court),
        "other": make_user(roles=(Role.LIAISON,), court=other),
        "head": make_user(roles=(Role.JUDGE,), court=court, division=court.divisions[1], is_division_head=True),
    }
    db.session.commit()
    return court, other, people


def test_office_sees_every_court_and_the_city(world, login):
    court, other, people = world
    page = login(people["admin"]).get("/indicators/?period=2021-03").get_data(as_text=True)
    assert court.name in page and other.name in page and "全市" in page
    assert "66.67%" in page                       # 服判息诉率 2 of 3 first-instance closures
    assert "一审服判息诉率 = " in page              # the 口径 beside the figure
    assert "第 1 名" not in page                   # no ranking unless switched on


def test_liaison_sees_only_their_court(world, login):
    court, other, people = world
    page = login(people["other"]).get("/indicators/?period=2021-03").get_data(as_text=True)
    assert other.name in page and court.name not in page and ">全市<" not in page
    response = login(people["other"]).get(f"/indicators/cases?court={court.id}&key=acceptance&period=2021-03")
    assert response.status_code == 403


def test_division_head_sees_their_division(world, login):
    _court, _other, people = world
    page = login(people["head"]).get("/indicators/?period=2021-03").get_data(as_text=True)
    assert "民二庭" in page
    assert "100.00%" in page and "1 / 1" in page   # only 民初3号 (民二庭) closed in March


def test_figure_lists_its_numerator_and_denominator_cases(world, login):
    court, _other, people = world
    client = login(people["liaison"])
    den = client.get(f"/indicators/cases?court={court.id}&key=acceptance&period=2021-03&side=den").get_data(as_text=True)
    num = client.get(f"/indicators/cases?court={court.id}&key=acceptance&period=2021-03&side=num").get_data(as_text=True)
    assert all(f"豫0802民初{n}号" in den for n in (1, 2, 3))
    assert "豫0802民初1号" not in num and "豫0802民初2号" in num      # 民初1号 was appealed (in April)
    export = client.get(f"/indicators/cases.csv?court={court.id}&key=acceptance&period=2021-03&side=den")
    text = export.get_data().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("案号,类别") and len(text.strip().splitlines()) == 4


def test_case_list_rows_show_every_column_escaped_and_blanks_for_none(world, login, db):
    court, _other, people = world
    record = db.session.scalar(select(CaseRecord).where(CaseRecord.case_number.like("%民初2号")))
    record.judge = "<i>张三</i>"
    db.session.commit()
    page = login(people["liaison"]).get(
        f"/indicators/cases?court={court.id}&key=acceptance&period=2021-03&side=den").get_data(as_text=True)
    row = next(line for line in page.splitlines() if "民初2号" in line)
    assert "<td>民一庭</td><td>&lt;i&gt;张三&lt;/i&gt;</td><td>2021-02-01</td><td>2021-03-10</td><td>调解</td>" in row
    assert row.endswith("<td></td><td></td><td></td><td></td></tr>")   # not appealed, no retrial


def test_empty_denominator_is_a_dash_and_bad_period_is_a_message(world, login):
    _court, _other, people = world
    client = login(people["admin"])
    page = client.get("/indicators/?period=2019-01").get_data(as_text=True)
    assert "—" in page and "0.00%" not in page
    response = client.get("/indicators/?period=2021-13")
    assert response.status_code == 200 and "期间格式" in response.get_data(as_text=True)


def test_dashboard_query_count_does_not_grow_with_courts(world, login, db):
    _court, _other, people = world
    client = login(people["admin"])
    client.get("/indicators/?period=2021Q1")
    with count_queries() as few:
        assert client.get("/indicators/?period=2021Q1").status_code == 200
    for code in ("豫0811", "豫0821", "豫0822"):
        make_court(code)
    db.session.commit()
    with count_queries() as more:
        assert client.get("/indicators/?period=2021Q1").status_code == 200
    assert more[0] == few[0]


def test_dashboard_cells_link_to_their_cases_and_stay_compact(world, login):
    court, other, people = world
    page = login(people["admin"]).get("/indicators/?period=2021-03").get_data(as_text=True)
    link = f'href="/indicators/cases?period=2021-03&amp;side=den&amp;key=acceptance&amp;court={court.id}"'
    assert link in page
    assert page.count("不扣除申请再审") == 1          # the variant note once, beside the indicator's name
    assert "<small>目标 ≥ 91 <i>" in page              # a basic court's own target (服判息诉率) ...
    assert "<small>目标 ≥ 97（全市）" in page           # ... or the city's, said so (审限内结案率)
    body = page[page.index("<tbody>"):page.index("</tbody>")]
    cells = body.count("<td class=") - body.count('<td class="ind-name">')
    assert cells == 21 * 3                           # 21 indicators × (2 courts + the city)
    assert len(body.encode()) < 21 * 900 + cells * 180   # name and 口径 per indicator; was ~530 bytes a cell


def test_dashboard_escapes_court_names(world, login, db):
    _court, other, people = world
    other.name = "<b>某院</b>"
    db.session.commit()
    page = login(people["admin"]).get("/indicators/?period=2021-03").get_data(as_text=True)
    assert "&lt;b&gt;某院&lt;/b&gt;" in page and "<b>某院" not in page


def test_settings_change_the_caliber_and_ranking_and_are_audited(world, login, db):
    court, _other, people = world
    client = login(people["admin"])
    response = client.post("/indicators/settings", data={
        "mediation_variant": "调撤", "balance_variant": "closures", "restored_by": "amount",
        "ranking_enabled": "y"})
    assert response.status_code == 302
    page = client.get("/indicators/?period=2021-03").get_data(as_text=True)
    assert "调撤率" in page and "第 1 名" in page
    assert db.session.scalar(select(func.count(AuditLog.id)).where(AuditLog.action == "indicators.settings")) == 1
    liaison_page = login(people["liaison"]).get("/indicators/?period=2021-03").get_data(as_text=True)
    assert "第 1 名" not in liaison_page


def test_editing_one_target_keeps_the_plan_preloaded(world, login, db):
    _court, _other, people = world
    response = login(people["admin"]).post("/indicators/targets", data={
        "year": "2022", "level": "全市", "key": "closed_in_limit", "op": ">=", "value": "98"})
    assert response.status_code == 302
    rows = {(t.level, t.key): t.value for t in db.session.scalars(select(IndicatorTarget).where(IndicatorTarget.year == 2022))}
    assert rows[("全市", "closed_in_limit")] == 98 and rows[("基层", "acceptance")] == 91


def test_upload_preview_apply_in_the_browser_flow(world, login, db, tmp_path):
    court, _other, people = world
    client = login(people["liaison"])
    data = {"court_id": str(court.id), "as_of": "2021-06-30",
            "file": (io.BytesIO(csv_file(tmp_path, ROWS[:2], name="w.csv").read_bytes()), "台账.csv")}
    response = client.post("/indicators/imports/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302                          # checked by the job (immediate in tests)
    item = db.session.scalars(select(CaseImport).order_by(CaseImport.id.desc())).first()
    assert "0 行有问题" in client.get(f"/indicators/imports/{item.id}").get_data(as_text=True)
    assert client.post(f"/indicators/imports/{item.id}/apply").status_code == 302
    db.session.expire_all()
    assert item.status == RegisterImportStatus.APPLIED
    assert db.session.scalar(select(func.count(CaseRecord.id))) == 2
    again = client.post(f"/indicators/imports/{item.id}/apply", headers={"Referer": "http://localhost/indicators/imports"})
    assert again.status_code == 302
    assert "该导入已处理" in client.get("/indicators/imports").get_data(as_text=True)


def test_unreadable_upload_is_kept_with_its_reason_and_changes_nothing(world, login, db):
    court, _other, people = world
    client = login(people["liaison"])
    data = {"court_id": str(court.id), "as_of": "2021-06-30", "file": (io.BytesIO(b"x,y\n1,2\n"), "a.csv")}
    response = client.post("/indicators/imports/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    item = db.session.scalars(select(CaseImport).order_by(CaseImport.id.desc())).first()
    assert item.status == RegisterImportStatus.FAILED
    assert "表头缺少以下列" in client.get(f"/indicators/imports/{item.id}").get_data(as_text=True)
    assert db.session.scalar(select(func.count(CaseRecord.id))) == 5         # the register is untouched
    data = {"court_id": str(court.id), "as_of": "2021-06-30", "file": (io.BytesIO(b"x"), "a.txt")}
    response = client.post("/indicators/imports/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 200 and "只支持 .xlsx 或 .csv" in response.get_data(as_text=True)


def test_progress_of_a_running_import_is_polled_as_json(world, login, db, app):
    court, _other, people = world
    from reviewer.indicators import progress
    item = imports.receive(people["liaison"], court, io.BytesIO("案号,立案日期\n".encode()), "a.csv", date(2021, 6, 30))
    db.session.commit()
    progress.write(item.id, "checking", 5000)
    client = login(people["liaison"])
    page = client.get(f"/indicators/imports/{item.id}").get_data(as_text=True)
    assert "import-progress" in page and "indicators-import.js" in page
    state = client.get(f"/indicators/imports/{item.id}/progress").get_json()
    assert state == {"status": "checking", "label": "检查中", "done": 5000, "total": None}


def test_watch_lists_and_reminders(world, login, db):
    court, _other, people = world
    client = login(people["admin"])
    page = client.get("/indicators/watch?kind=overdue").get_data(as_text=True)
    assert "豫0802民初9号" in page                       # pending since 2020-07, due 2021-01-21
    assert client.post("/indicators/watch/remind").status_code == 302
    notes = db.session.scalars(select(Notification).where(Notification.user_id == people["liaison"].id)).all()
    assert len(notes) == 1 and "超过审限未结 1 件" in notes[0].text
    assert client.post("/indicators/watch/remind").status_code == 302     # same day: no second reminder
    assert db.session.scalar(select(func.count(Notification.id))) == 1


def test_reports_are_numbered_archived_and_carry_the_commentary(world, login, db):
    _court, _other, people = world
    client = login(people["admin"])
    response = client.post("/indicators/reports/issue", data={
        "kind": "quarterly", "period": "2021Q1", "commentary": "第一段意见。\n\n第二段意见。"})
    assert response.status_code == 302
    report = db.session.scalar(select(IndicatorReport))
    assert report.number.endswith("1号")
    download = client.get(f"/indicators/reports/{report.id}/download")
    document = Document(io.BytesIO(download.get_data()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "审判运行态势分析" in text and "第一段意见。" in text and "第二段意见。" in text
    assert len(document.inline_shapes) == 4                       # the four trend charts
    assert "较上季度" in document.tables[0].rows[0].cells[-1].text
    refused = client.post("/indicators/reports/issue", data={"kind": "monthly", "period": "2021Q1"})
    assert refused.status_code == 302
    assert "月度通报的期间应为一个月" in client.get("/indicators/reports").get_data(as_text=True)


def test_save_settings_refuses_unknown_values(app, db):
    from reviewer.errors import DomainError
    with pytest.raises(DomainError):
        settings_service.save_settings(None, {"balance_variant": "x"}, False)


def test_a_months_closed_case_list_comes_from_the_register(world, login, db):
    court, _other, people = world
    for name in ("张三", "李四"):
        make_user(court=court, display_name=name)
    db.session.commit()
    client = login(people["liaison"])
    response = client.post("/caselists/from-register", data={"court_id": court.id, "month": "2021-03"})
    assert response.status_code == 302 and "/caselists/imports/" in response.headers["Location"]
    item = db.session.scalars(select(CaseListImport)).one()
    assert (item.month, item.row_count) == ("2021-03", 3)            # 民初1、2、3号 closed in March
    assert {r["values"]["case_number"] for r in item.rows} == {f"（2021）豫0802民初{n}号" for n in (1, 2, 3)}
    late = client.post("/caselists/from-register", data={"court_id": court.id, "month": "2021-07"},
                       headers={"Referer": "http://localhost/caselists/upload"})
    assert late.status_code == 302
    assert "尚未包含 2021-07 整月" in client.get("/caselists/upload").get_data(as_text=True)
