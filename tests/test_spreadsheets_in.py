"""Spreadsheets as court offices really save them (issue 15 item 5): a merged title row above the
header, a two-level header, wrapped or starred header names, Excel serial dates in cells formatted
常规, trailing formatted empty rows; CSV in UTF-8 with or without BOM, GBK/GB18030, comma or tab."""
from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from models.caselist import ClosedCase
from reviewer.caselists import services
from reviewer.caselists.reading import ReadError, read_rows
from reviewer.caselists.rows import parse_date
from tests.draw_helpers import HEADER, case_rows, court_with_heads


def _office_workbook(path, rows, title=True, group=False, header=HEADER, trailing=5):
    """A sheet like an office's: merged title, optional merged group row, then the header."""
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append(["焦作市解放区人民法院 2021年3月 结案清单"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    if group:
        sheet.append(["案件信息", None, None, "承办信息", None, "结案信息", None])
        start = sheet.max_row
        for first, last in ((1, 3), (4, 5), (6, 7)):
            sheet.merge_cells(start_row=start, start_column=first, end_row=start, end_column=last)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for extra in range(trailing):   # formatted but empty rows, as sheets often end
        sheet.cell(row=sheet.max_row + 1, column=1).number_format = "@"
    workbook.save(path)
    return path


@pytest.mark.parametrize("title, group", [(True, False), (True, True), (False, True)])
def test_title_and_group_rows_above_the_header_are_skipped(tmp_path, db, title, group):
    court, heads, _ = court_with_heads()
    rows = case_rows(court, heads[0], 3)
    path = _office_workbook(tmp_path / "清单.xlsx", rows, title=title, group=group)
    read = list(read_rows(path, "清单.xlsx"))
    assert [r.values["case_number"] for r in read] == [r[1] for r in rows]
    assert len(read) == 3   # the trailing formatted rows are not rows


def test_wrapped_and_starred_header_names_are_recognised(tmp_path, db):
    court, heads, _ = court_with_heads()
    header = ["序号", "案号*", "案由", "承办\n部门", "承办人＊", "结案\n日期", "结案方式"]
    path = _office_workbook(tmp_path / "清单.xlsx", case_rows(court, heads[0], 2), header=header)
    assert len(list(read_rows(path, "清单.xlsx"))) == 2


def test_a_file_without_the_header_in_its_first_rows_names_what_is_missing(tmp_path):
    path = _office_workbook(tmp_path / "清单.xlsx", [], header=["序号", "案号", "案由"], trailing=0)
    with pytest.raises(ReadError, match="表头缺少以下列：承办部门、承办人、结案日期、结案方式"):
        list(read_rows(path, "清单.xlsx"))


@pytest.mark.parametrize("cell, expected", [
    (44270, date(2021, 3, 15)),             # a serial number in a cell formatted 常规
    (44270.75, date(2021, 3, 15)),          # with a time of day
    ("44270", date(2021, 3, 15)),           # the same saved to CSV
    (datetime(2021, 3, 15, 9, 30), date(2021, 3, 15)),
    ("2021/3/15", date(2021, 3, 15)),
    (123, None), (True, None), ("12345678", None), (99999, None),
])
def test_dates_as_serial_numbers_text_or_date_cells(cell, expected):
    assert parse_date(cell) == expected


def test_an_xlsx_with_serial_dates_goes_through_the_preview_clean(app, db, tmp_path):
    court, heads, liaison = court_with_heads()
    rows = case_rows(court, heads[0], 3)
    for row in rows:
        row[5] = (date.fromisoformat(row[5]) - date(1899, 12, 30)).days   # what Excel stores
    path = _office_workbook(tmp_path / "清单.xlsx", rows, group=True)
    with open(path, "rb") as stream:
        item = services.upload(liaison, court, "2021-03", stream, "三月.xlsx")
    assert (item.row_count, item.error_count) == (3, 0)
    services.apply(liaison, item)
    assert db.session.scalar(select(func.count()).select_from(ClosedCase)) == 3


@pytest.mark.parametrize("encoding, delimiter", [
    ("utf-8", ","), ("utf-8-sig", ","), ("gbk", ","), ("gb18030", "\t"), ("utf-8-sig", "\t"),
])
def test_csv_encodings_and_delimiters(tmp_path, db, encoding, delimiter):
    court, heads, _ = court_with_heads()
    rows = case_rows(court, heads[0], 2)
    text = "\r\n".join(delimiter.join(str(v) for v in line) for line in [HEADER] + rows) + "\r\n\r\n"
    path = tmp_path / "清单.csv"
    path.write_bytes(text.encode(encoding))
    read = list(read_rows(path, "清单.csv"))
    assert [r.values["judge"] for r in read] == [heads[0].display_name] * 2
    assert read[0].values["case_number"] == rows[0][1]


def test_an_xlsx_saved_to_bytes_in_memory_is_read_the_same(tmp_path, db):
    court, heads, _ = court_with_heads()
    buffer = io.BytesIO()
    _office_workbook(buffer, case_rows(court, heads[0], 1))
    path = tmp_path / "stored"          # stored files have no extension: the name decides
    path.write_bytes(buffer.getvalue())
    assert len(list(read_rows(path, "清单.xlsx"))) == 1


def test_csv_exports_carry_a_bom_and_no_formula(app, db, client, login, tmp_path):
    """Spreadsheets out (item 6): the indicators' CSV files start with a UTF-8 BOM (Excel and WPS
    show the Chinese) and text a user typed cannot become a formula."""
    from models import Role
    from models.case_register import CaseRecord
    from reviewer.indicators import imports
    from tests.factories import make_court, make_user
    from tests.indicator_helpers import ROWS, csv_file, upload

    court = make_court("豫0802")
    admin = make_user(roles=(Role.ADMIN,))
    imports.apply(None, upload(court, csv_file(tmp_path, ROWS)))
    for record in db.session.scalars(select(CaseRecord)):
        record.judge = "=HYPERLINK(\"http://x\")"
    db.session.commit()
    login(admin)
    body = client.get(f"/indicators/cases.csv?court={court.id}&key=acceptance&period=2021-03").get_data()
    assert body.startswith("\ufeff".encode()) and "承办人".encode() in body
    assert b"'=HYPERLINK" in body and b",=HYPERLINK" not in body
    board = client.get("/indicators/export.csv?period=2021-03").get_data()
    assert board.startswith("\ufeff".encode())
