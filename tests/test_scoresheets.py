"""Score sheets: the defaults, versioning when used, concurrent edits, grade bands, permissions."""
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from models import AuditLog, Role, ScoreSheet, SheetKind
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.scoresheets import services
from reviewer.scoresheets.services import install_default_sheets
from tests.factories import make_user
from tests.review_helpers import make_city, submit_review


def test_default_sheets_follow_the_domain_tables(app):
    install_default_sheets()
    judgment = services.active_sheet(SheetKind.JUDGMENT)
    hearing = services.active_sheet(SheetKind.HEARING)
    assert judgment.total_points == D("100") and hearing.total_points == D("100")
    sections = {s.title: s.points for s in judgment.sections}
    assert sections == {"格式与要素": 10, "事实与证据": 25, "说理": 25, "法律适用": 20, "裁判主文": 10,
                        "文字技术": 10, "一票否决事项": 0}
    assert {s.title: s.points for s in hearing.sections} == {
        "庭前准备": 15, "庭审程序": 35, "庭审驾驭": 30, "司法礼仪": 10, "庭审纪律与技术保障": 10, "一票否决事项": 0}
    assert {i.key for i in judgment.items if i.veto} == {"veto.ruling_error", "veto.privacy_leak"}
    keys = [i.key for i in judgment.items]
    assert len(keys) == len(set(keys)) and "format.elements" in keys and "language.punctuation" in keys
    gavel = hearing.item_by_key("etiquette.gavel")
    assert gavel.per_occurrence and "先敲槌后宣布" in gavel.standard
    assert hearing.item_by_key("discipline.recording").per_occurrence
    reversal = services.active_sheet(SheetKind.REVERSAL)
    assert reversal.total_points == D("100") and reversal.name == "发改案件评查表"
    assert {s.title: s.points for s in reversal.sections} == {
        "事实认定": 30, "法律适用": 30, "审判程序": 20, "裁判说理": 10, "自查与整改": 10, "一票否决事项": 0}


def test_installing_twice_changes_nothing(app):
    assert len(install_default_sheets()) == 3
    assert install_default_sheets() == []
    assert db.session.scalar(select(func.count(ScoreSheet.id))) == 3


def test_install_command_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["install-score-sheets"])
    assert first.exit_code == 0 and "已安装 裁判文书评查表" in first.output
    second = runner.invoke(args=["install-score-sheets"])
    assert second.exit_code == 0 and "未作改动" in second.output


def _data(sheet):
    return services.data_of(sheet)


def test_editing_an_unused_sheet_changes_it_in_place(app):
    install_default_sheets()
    admin = make_user(roles=(Role.ADMIN,))
    sheet = services.active_sheet(SheetKind.JUDGMENT)
    data = _data(sheet)
    data.sections[0].items[0].description = "标题（修订）"
    saved = services.save_sheet(sheet, data, sheet.lock_version, admin)
    assert saved.id == sheet.id and saved.version == 1
    assert saved.item_by_key("format.title").description == "标题（修订）"


def test_a_used_sheet_is_frozen_and_editing_makes_a_new_active_version(app):
    city = make_city()
    submit_review(city, city.r1, {"reasoning.law": (3, "说理不足")})
    old = city.sheet
    assert old.frozen
    data = _data(old)
    data.sections[1].items[0].points = D("7")
    data.sections[1].items[1].points = D("10")
    new = services.save_sheet(old, data, old.lock_version, city.admin)
    assert new.id != old.id and new.version == 2 and new.code == old.code and new.previous_id == old.id
    assert new.active and not old.active and not new.frozen
    assert old.item_by_key("facts.claims").points == D("8")  # the used version is untouched
    assert new.item_by_key("facts.claims").points == D("7")
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "scoresheet.new_version")) is not None


def test_a_stale_edit_is_refused(app):
    install_default_sheets()
    admin = make_user(roles=(Role.ADMIN,))
    sheet = services.active_sheet(SheetKind.JUDGMENT)
    opened_at = sheet.lock_version
    services.save_sheet(sheet, _data(sheet), opened_at, admin)   # the first editor saves
    with pytest.raises(DomainError, match="已被其他人修改"):
        services.save_sheet(sheet, _data(sheet), opened_at, admin)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: setattr(d.sections[0].items[0], "key", "Bad Key"), "标识"),
        (lambda d: setattr(d.sections[0].items[1], "key", "format.title"), "重复"),
        (lambda d: setattr(d.sections[0].items[0], "step", None), "每处扣分必须大于 0"),
        (lambda d: setattr(d.sections[0].items[0], "cap", D("50")), "扣分上限"),
        (lambda d: d.grade_bands.update(PASS=95), "依次降低"),
        (lambda d: setattr(d.sections[0], "title", " "), "缺少标题"),
        (lambda d: setattr(d, "name", ""), "名称"),
    ],
)
def test_invalid_sheets_are_refused(app, change, message):
    install_default_sheets()
    admin = make_user(roles=(Role.ADMIN,))
    sheet = services.active_sheet(SheetKind.JUDGMENT)
    data = _data(sheet)
    change(data)
    with pytest.raises(DomainError, match=message):
        services.save_sheet(sheet, data, sheet.lock_version, admin)


def test_grade_bands_are_configurable_and_used_when_combining(app):
    city = make_city()
    data = _data(city.sheet)
    data.grade_bands = {"EXCELLENT": 98, "PASS": 80, "FLAWED": 70}
    services.save_sheet(city.sheet, data, city.sheet.lock_version, city.admin)
    submit_review(city, city.r1, {"reasoning.law": (5, "说理不足")})
    submit_review(city, city.r2, {"reasoning.law": (3, "说理略显不足")})
    from models import Evaluation, Grade

    evaluation = db.session.scalar(select(Evaluation))
    assert evaluation.computed_score == D("96") and evaluation.computed_grade == Grade.PASS


def test_activating_a_version_retires_the_other(app):
    city = make_city()
    submit_review(city, city.r1, {})
    new = services.save_sheet(city.sheet, _data(city.sheet), city.sheet.lock_version, city.admin)
    services.activate_sheet(city.sheet, city.admin)
    assert city.sheet.active and not new.active


# --- web ------------------------------------------------------------------------------------------

def _form_data(sheet):
    """The edit form as the browser would post it for the sheet's current content."""
    data = {"lock_version": str(sheet.lock_version), "name": sheet.name, "description": sheet.description or "",
            "excellent_min": "90", "pass_min": "70", "flawed_min": "60", "spread_threshold": "10"}
    for s_no, section in enumerate(sheet.sections):
        data[f"sections-{s_no}-title"] = section.title
        for i_no, it in enumerate(section.items):
            prefix = f"sections-{s_no}-items-{i_no}-"
            data.update({prefix + "key": it.key, prefix + "description": it.description,
                         prefix + "standard": it.standard or "", prefix + "points": str(it.points),
                         prefix + "mode": it.mode.value, prefix + "step": str(it.step or ""),
                         prefix + "cap": str(it.cap or "")})
            if it.veto:
                data[prefix + "veto"] = "y"
    return data


def test_admin_edits_a_sheet_through_the_form_and_adds_an_item(app, client, login):
    install_default_sheets()
    admin = make_user(roles=(Role.ADMIN,))
    sheet = services.active_sheet(SheetKind.JUDGMENT)
    login(admin)
    assert "格式与要素" in client.get(f"/scoresheets/{sheet.id}/edit").get_data(as_text=True)
    data = _form_data(sheet)
    data["sections-0-items-0-points"] = "1"
    data.update({"sections-0-items-9-description": "新增：送达地址确认", "sections-0-items-9-points": "1",
                 "sections-0-items-9-mode": "free"})
    response = client.post(f"/scoresheets/{sheet.id}/edit", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    sheet = services.load_sheet(sheet.id)
    assert sheet.item_by_key("format.title").points == D("1")
    added = [i for i in sheet.items if i.description == "新增：送达地址确认"]
    assert added and added[0].key.startswith("custom.")


def test_second_concurrent_save_is_refused_and_keeps_what_was_typed(app, client, login):
    install_default_sheets()
    admin = make_user(roles=(Role.ADMIN,))
    sheet = services.active_sheet(SheetKind.JUDGMENT)
    login(admin)
    first = _form_data(sheet)
    second = dict(first)
    first["name"] = "第一人修改"
    second["name"] = "第二人修改"
    assert client.post(f"/scoresheets/{sheet.id}/edit", data=first).status_code == 302
    response = client.post(f"/scoresheets/{sheet.id}/edit", data=second)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "已被其他人修改" in page and "第二人修改" in page
    db.session.expire_all()
    assert db.session.get(ScoreSheet, sheet.id).name == "第一人修改"


def test_form_errors_are_shown_in_chinese_without_losing_input(app, client, login):
    install_default_sheets()
    admin = make_user(roles=(Role.ADMIN,))
    sheet = services.active_sheet(SheetKind.JUDGMENT)
    login(admin)
    data = _form_data(sheet)
    data["sections-0-items-0-cap"] = "9"
    data["description"] = "我输入的说明"
    response = client.post(f"/scoresheets/{sheet.id}/edit", data=data)
    page = response.get_data(as_text=True)
    assert "扣分上限必须大于 0 且不超过分值" in page and "我输入的说明" in page


@pytest.mark.parametrize("field, value, message", [
    ("name", "表" * 101, "评分表名称不能超过 100 字"),
    ("sections-0-items-0-description", "长" * 501, "评审内容不能超过 500 字"),
    ("sections-0-items-0-standard", "长" * 2001, "评分标准不能超过 2000 字"),
])
def test_too_long_entries_are_refused_in_chinese(app, client, login, field, value, message):
    install_default_sheets()
    sheet = services.active_sheet(SheetKind.JUDGMENT)
    login(make_user(roles=(Role.ADMIN,)))
    data = _form_data(sheet)
    data[field] = value
    page = client.post(f"/scoresheets/{sheet.id}/edit", data=data).get_data(as_text=True)
    assert message in page and "Field cannot" not in page


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.LIAISON, Role.JUDGE])
def test_only_the_office_manages_score_sheets(app, client, login, role):
    install_default_sheets()
    sheet = services.active_sheet(SheetKind.JUDGMENT)
    login(make_user(roles=(role,)))
    for url in ("/scoresheets/", f"/scoresheets/{sheet.id}", f"/scoresheets/{sheet.id}/edit"):
        assert client.get(url).status_code == 403
    for url in ("/scoresheets/install", f"/scoresheets/{sheet.id}/activate", f"/scoresheets/{sheet.id}/edit",
                "/scoresheets/new"):
        assert client.post(url, data={}).status_code == 403


def test_admin_sees_the_manager_pages(app, client, login):
    install_default_sheets()
    sheet = services.active_sheet(SheetKind.JUDGMENT)
    login(make_user(roles=(Role.ADMIN,)))
    assert "裁判文书评查表" in client.get("/scoresheets/").get_data(as_text=True)
    assert "一票否决" in client.get(f"/scoresheets/{sheet.id}").get_data(as_text=True)


def test_admin_creates_a_new_sheet_family_from_the_active_one(app, client, login):
    install_default_sheets()
    login(make_user(roles=(Role.ADMIN,)))
    response = client.post("/scoresheets/new", data={"kind": "judgment", "code": "judgment-criminal",
                                                       "name": "刑事裁判文书评查表"})
    assert response.status_code == 302
    sheet = db.session.scalar(select(ScoreSheet).where(ScoreSheet.code == "judgment-criminal"))
    assert sheet.total_points == D("100") and not sheet.active
