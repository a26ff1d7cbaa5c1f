"""Helpers for case-list, draw and filing tests: a court with heads, in-memory export files."""
from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook

from models import Role
from reviewer.caselists.reading import csv_bytes
from tests.factories import make_court, make_user

HEADER = ["序号", "案号", "案由", "承办部门", "承办人", "结案日期", "结案方式"]


def court_with_heads(code="豫0802", divisions=("民一庭", "刑事审判庭", "行政审判庭")):
    """A court, its liaison and one division head per division (named 庭长<i>)."""
    court = make_court(code, divisions=divisions)
    heads = [make_user(roles=(Role.JUDGE,), court=court, division=d, is_division_head=True,
                       display_name=f"{court.name}庭长{i}")
             for i, d in enumerate(court.divisions)]
    liaison = make_user(roles=(Role.LIAISON,), court=court, display_name=f"{court.name}联络员")
    return court, heads, liaison


def case_rows(court, head, count, month="2021-03", start=1, kind="民初"):
    year, mon = (int(x) for x in month.split("-"))
    return [[i, f"（{year}）{court.code}{kind}{start + i}号", "民间借贷纠纷", head.division.name,
             head.display_name, date(year, mon, 1 + i % 28).isoformat(), "判决"]
            for i in range(count)]


def csv_file(rows, encoding="utf-8", header=HEADER):
    return io.BytesIO(csv_bytes([header] + rows, encoding))


def xlsx_file(rows, header=HEADER):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


def court_with_case_list(code="豫0802", counts=(5, 3, 0), month="2021-03"):
    """A court whose heads closed `counts` cases in `month`, the list imported and applied."""
    from reviewer.caselists import services as caselists

    court, heads, liaison = court_with_heads(code)
    rows, start = [], 1
    for head, count in zip(heads, counts):
        rows += case_rows(court, head, count, month=month, start=start)
        start += count
    caselists.apply(liaison, caselists.upload(liaison, court, month, csv_file(rows), "list.csv"))
    return court, heads, liaison
