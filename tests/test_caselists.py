"""Case lists: reading GBK/UTF-8 CSV and xlsx, row problems, all-or-nothing apply, permissions."""
import io
import zipfile
from datetime import date

import pytest
from sqlalchemy import func, select

from models import Role
from models.caselist import CaseListImport, ClosedCase, ImportStatus
from reviewer.caselists import services
from reviewer.caselists.reading import ReadError, read_rows
from reviewer.caselists.rows import CourtContext, parse_date, validate_rows
from reviewer.errors import DomainError
from tests.draw_helpers import case_rows, court_with_heads, csv_file, xlsx_file
from tests.factories import make_court, make_user


def _count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


# --- pure reading and validation --------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("2021-03-15", date(2021, 3, 15)), ("2021/3/5", date(2021, 3, 5)), ("2021.3.5", date(2021, 3, 5)),
    ("2021年3月5日", date(2021, 3, 5)), ("20210305", date(2021, 3, 5)),
    ("2021-03-15 00:00:00", date(2021, 3, 15)), ("2021-02-30", None), ("下月", None), ("", None),
])
def test_closing_dates_in_common_spellings_are_read(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_utf8_and_gbk_reads_the_same(tmp_path, encoding):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_file([[1, "（2021）豫0802民初1号", "买卖合同纠纷", "民一庭", "张三",
                                "2021-03-01", "判决"]], encoding).getvalue())
    rows = list(read_rows(path, "清单.csv"))
    assert rows[0].values["cause"] == "买卖合同纠纷"
    assert rows[0].values["judge"] == "张三"


def test_header_missing_a_column_is_refused(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_file([], header=["案号", "案由"]).getvalue())
    with pytest.raises(ReadError, match="承办部门"):
        list(read_rows(path, "x.csv"))


def test_xlsx_zip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 1024 * 1024))
    with pytest.raises(ReadError, match="压缩"):
        list(read_rows(path, "bomb.xlsx"))


def test_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(ReadError):
        list(read_rows(path, "fake.xlsx"))


def test_every_problem_of_a_row_is_reported(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_file([
        [1, "（2021）豫0803民初1号", "", "民九庭", "李四", "2021-04-01", "判决"],
        [2, "2021民初1", "x", "民一庭", "张三", "2021-03-01", "判决"],
    ]).getvalue())
    ctx = CourtContext("豫0802", "2021-03", {"民一庭": 1}, {"张三": [7]})
    first, second = validate_rows(read_rows(path, "x.csv"), ctx)
    assert first["problems"] == [
        "案号中的法院代字 豫0803 不是本院（豫0802）", "案由为空", "本院没有名为“民九庭”的部门",
        "本院用户中没有“李四”", "结案日期 2021-04-01 不在 2021-03"]
    assert second["problems"] == ["案号格式不正确：2021民初1"]


def test_duplicate_case_numbers_and_ambiguous_judges_are_problems(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes(csv_file([
        [1, "(2021)豫0802民初1号", "x", "民一庭", "张三", "2021-03-01", "判决"],
        [2, "（2021）豫0802民初1号", "x", "民一庭", "王五", "2021-03-01", "判决"],
    ]).getvalue())
    ctx = CourtContext("豫0802", "2021-03", {"民一庭": 1}, {"张三": [7], "王五": [8, 9]})
    first, second = validate_rows(read_rows(path, "x.csv"), ctx)
    assert first["problems"] == ["案号在文件中重复出现"]
    assert "本院有 2 位用户名为“王五”，无法确定承办人" in second["problems"]
    assert first["values"]["case_number"] == "（2021）豫0802民初1号"


# --- services -------------------------------------------------------------------------------

def test_upload_with_bad_rows_changes_nothing_and_cannot_be_applied(app, db):
    court, heads, liaison = court_with_heads()
    good = case_rows(court, heads[0], 3)
    bad = [[9, "（2021）豫0802民初99号", "x", "不存在庭", heads[0].display_name, "2021-03-02", "判决"]]
    item = services.upload(liaison, court, "2021-03", csv_file(good + bad), "三月.csv")
    assert (item.row_count, item.error_count) == (4, 1)
    assert _count(db, ClosedCase) == 0
    with pytest.raises(DomainError, match="1 行存在问题"):
        services.apply(liaison, item)
    assert _count(db, ClosedCase) == 0
    assert item.status == ImportStatus.PENDING


def test_apply_replaces_the_month_as_one_unit(app, db):
    court, heads, liaison = court_with_heads()
    first = services.upload(liaison, court, "2021-03", xlsx_file(case_rows(court, heads[0], 5)), "a.xlsx")
    assert services.apply(liaison, first) == 5
    second = services.upload(liaison, court, "2021-03",
                             csv_file(case_rows(court, heads[1], 2, start=100), "gbk"), "b.csv")
    assert services.apply(liaison, second) == 2
    numbers = set(db.session.scalars(select(ClosedCase.case_number)))
    assert numbers == {"（2021）豫0802民初100号", "（2021）豫0802民初101号"}
    assert first.status == ImportStatus.APPLIED and second.status == ImportStatus.APPLIED


def test_apply_revalidates_so_a_stale_preview_cannot_slip_in(app, db):
    court, heads, liaison = court_with_heads()
    item = services.upload(liaison, court, "2021-03", csv_file(case_rows(court, heads[0], 2)), "a.csv")
    heads[0].display_name = "改名了"
    db.session.flush()
    with pytest.raises(DomainError):
        services.apply(liaison, item)
    assert _count(db, ClosedCase) == 0


def test_case_already_listed_in_another_month_is_a_problem(app, db):
    court, heads, liaison = court_with_heads()
    services.apply(liaison, services.upload(liaison, court, "2021-03",
                                            csv_file(case_rows(court, heads[0], 2)), "a.csv"))
    rows = case_rows(court, heads[0], 1, month="2021-04")
    rows[0][1] = "（2021）豫0802民初1号"
    item = services.upload(liaison, court, "2021-04", csv_file(rows), "b.csv")
    assert item.rows[0]["problems"] == ["该案已在 2021-03 的结案清单中"]


def test_unreadable_upload_leaves_no_row_and_no_file(app, db):
    court, heads, liaison = court_with_heads()
    with pytest.raises(DomainError):
        services.upload(liaison, court, "2021-03", io.BytesIO(b"\x00garbage"), "x.xlsx")
    db.session.rollback()
    assert _count(db, CaseListImport) == 0
    tmp = app.config["UPLOAD_ROOT"]
    import os
    leftovers = [f for root, _, files in os.walk(tmp) for f in files]
    assert leftovers == []


def test_wrong_extension_is_refused(app, db):
    court, heads, liaison = court_with_heads()
    with pytest.raises(DomainError, match="xlsx"):
        services.upload(liaison, court, "2021-03", io.BytesIO(b"a"), "清单.txt")


# --- views and permissions ------------------------------------------------------------------

def _post_upload(client, court, rows, name="清单.csv"):
    return client.post("/caselists/upload", data={
        "court_id": court.id, "month": "2021-03", "file": (csv_file(rows), name)},
        content_type="multipart/form-data")


def test_liaison_uploads_previews_and_applies_own_court(app, db, client, login):
    court, heads, liaison = court_with_heads()
    db.session.commit()
    login(liaison)
    response = _post_upload(client, court, case_rows(court, heads[0], 3))
    assert response.status_code == 302
    item = db.session.scalar(select(CaseListImport))
    page = client.get(f"/caselists/imports/{item.id}")
    assert page.status_code == 200 and "（2021）豫0802民初1号" in page.get_data(as_text=True)
    assert client.post(f"/caselists/imports/{item.id}/apply").status_code == 302
    assert _count(db, ClosedCase) == 3
    listing = client.get(f"/caselists/{court.id}/2021-03")
    assert listing.status_code == 200 and heads[0].display_name in listing.get_data(as_text=True)


def test_preview_shows_each_rows_problem(app, db, client, login):
    court, heads, liaison = court_with_heads()
    db.session.commit()
    login(liaison)
    rows = case_rows(court, heads[0], 2)
    rows[1][3] = "民九庭"
    _post_upload(client, court, rows)
    item = db.session.scalar(select(CaseListImport))
    html = client.get(f"/caselists/imports/{item.id}?problems=1").get_data(as_text=True)
    assert "本院没有名为“民九庭”的部门" in html
    assert "确认导入" not in html


def test_liaison_cannot_touch_another_courts_lists(app, db, client, login):
    court, heads, liaison = court_with_heads()
    other, other_heads, other_liaison = court_with_heads("豫0883")
    item = services.upload(other_liaison, other, "2021-03",
                           csv_file(case_rows(other, other_heads[0], 1)), "a.csv")
    db.session.commit()
    login(liaison)
    assert _post_upload(client, other, case_rows(other, other_heads[0], 1)).status_code == 200
    assert _count(db, CaseListImport) == 1          # the choice of another court is refused
    assert client.get(f"/caselists/imports/{item.id}").status_code == 403
    assert client.post(f"/caselists/imports/{item.id}/apply").status_code == 403
    assert client.post(f"/caselists/imports/{item.id}/discard").status_code == 403
    assert client.get(f"/caselists/{other.id}/2021-03").status_code == 403


@pytest.mark.parametrize("roles", [(Role.JUDGE,), (Role.REVIEWER,)])
def test_judges_and_reviewers_have_no_case_list_pages(app, db, client, login, roles):
    court, heads, liaison = court_with_heads()
    item = services.upload(liaison, court, "2021-03", csv_file(case_rows(court, heads[0], 1)), "a.csv")
    user = make_user(roles=roles, court=court)
    db.session.commit()
    login(user)
    for url in ("/caselists/", "/caselists/upload", f"/caselists/imports/{item.id}",
                f"/caselists/{court.id}/2021-03"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/caselists/imports/{item.id}/apply").status_code == 403
    assert client.post(f"/caselists/imports/{item.id}/discard").status_code == 403


def test_admin_imports_for_any_court_and_sees_index(app, db, client, login):
    court, heads, liaison = court_with_heads()
    admin = make_user(roles=(Role.ADMIN,), court=make_court("豫08"))
    db.session.commit()
    login(admin)
    assert _post_upload(client, court, case_rows(court, heads[0], 2)).status_code == 302
    assert client.get("/caselists/").status_code == 200
    item = db.session.scalar(select(CaseListImport))
    assert client.post(f"/caselists/imports/{item.id}/discard").status_code == 302
    assert item.status == ImportStatus.DISCARDED


def test_anonymous_is_sent_to_login(app, client):
    assert client.get("/caselists/").status_code == 302


def test_index_query_count_does_not_grow_with_uploads(app, db, client, login):
    from tests.conftest import count_queries

    court, heads, liaison = court_with_heads()
    admin = make_user(roles=(Role.ADMIN,), court=make_court("豫08"))
    services.upload(liaison, court, "2021-03", csv_file(case_rows(court, heads[0], 1)), "一.csv")
    db.session.commit()
    login(admin)
    with count_queries() as few:
        assert client.get("/caselists/").status_code == 200
    for n, month in enumerate(("2021-04", "2021-05", "2021-06", "2021-07"), start=2):
        services.upload(liaison, court, month, csv_file(case_rows(court, heads[0], 1, month=month)),
                        f"{n}.csv")
    db.session.commit()
    with count_queries() as many:
        html = client.get("/caselists/").get_data(as_text=True)
    assert "4.csv" in html
    assert few[0] == many[0]


def test_oversized_upload_is_refused_and_leaves_nothing(app, db, monkeypatch):
    import os

    court, heads, liaison = court_with_heads()
    monkeypatch.setattr(services, "MAX_BYTES", 1024)
    big = csv_file(case_rows(court, heads[0], 60))
    assert len(big.getvalue()) > 1024
    with pytest.raises(DomainError, match="大小上限"):
        services.upload(liaison, court, "2021-03", big, "大.csv")
    db.session.rollback()
    assert _count(db, CaseListImport) == 0
    assert [f for root, _, files in os.walk(app.config["UPLOAD_ROOT"]) for f in files] == []


def test_too_many_rows_are_refused(tmp_path, monkeypatch):
    from reviewer.caselists import reading

    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    path = tmp_path / "list.csv"
    rows = [[i, f"（2021）豫0802民初{i}号", "x", "民一庭", "王五", "2021-03-02", "判决"] for i in range(4)]
    path.write_bytes(csv_file(rows).getvalue())
    with pytest.raises(ReadError, match="行数超过上限"):
        list(read_rows(path, "list.csv"))


def test_xlsx_with_spreadsheet_dates_and_bad_rows_is_previewed_not_applied(app, db):
    from datetime import datetime

    court, heads, liaison = court_with_heads()
    rows = case_rows(court, heads[0], 2)
    rows[0][5] = datetime(2021, 3, 9)                 # a real date cell
    rows[1][5] = "三月九日"                            # not a date
    item = services.upload(liaison, court, "2021-03", xlsx_file(rows), "三月.xlsx")
    first, second = item.rows
    assert first["problems"] == [] and first["values"]["closed_on"] == "2021-03-09"
    assert second["problems"] == ["结案日期无法识别：三月九日"]
    with pytest.raises(DomainError):
        services.apply(liaison, item)
    assert _count(db, ClosedCase) == 0


def test_a_sheet_declaring_its_size_as_a1_and_a_hidden_first_sheet_are_read_whole(tmp_path, shared_dir):
    """WPS and streaming writers declare the dimension "A1"; templates leave a hidden first sheet."""
    from openpyxl import Workbook

    from reviewer.caselists.reading import read_rows

    field = list(read_rows(shared_dir / "data" / "field" / "caselist_dimension_a1.xlsx", "结案清单.xlsx"))
    assert len(field) == 3
    workbook = Workbook()
    workbook.active.title, workbook.active.sheet_state = "模板", "hidden"
    data = workbook.create_sheet("结案清单")
    data.append(["案号", "案由", "承办部门", "承办人", "结案日期", "结案方式"])
    data.append(["（2021）豫0811民初1号", "民间借贷纠纷", "民一庭", "张三", "2021-03-05", "判决"])
    path = tmp_path / "hidden.xlsx"
    workbook.save(path)
    assert len(list(read_rows(path, "hidden.xlsx"))) == 1
