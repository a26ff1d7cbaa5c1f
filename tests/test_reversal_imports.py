"""Importing the 发改 register from a case-management export: preview with problems per row,
apply as one unit (the case lists' pattern and reading helpers)."""
import io
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from models.caselist import ImportStatus
from models.reversal import HigherLevel, ReversalCase, ReversalResult
from reviewer.caselists.reading import csv_bytes
from reviewer.errors import DomainError
from reviewer.reversals import imports
from tests.reversal_helpers import record, reversal_world

HEADER = ["原审案号", "承办部门", "承办人", "上级法院案号", "发改类型", "发改日期", "发改原因", "中院发改部门"]
TODAY = date(2025, 12, 1)


@pytest.fixture
def w(app, db):
    return reversal_world()


def _row(w, n, **change):
    row = {"原审案号": f"（2025）豫0802民初{n}号", "承办部门": "民一庭", "承办人": w["judge"].display_name,
           "上级法院案号": f"（2025）豫08民终{n}号", "发改类型": "发回重审", "发改日期": "2025/11/3",
           "发改原因": "事实不清", "中院发改部门": "民一庭"}
    row.update(change)
    return [row[h] for h in HEADER]


def _csv(rows, encoding="utf-8"):
    return io.BytesIO(csv_bytes([HEADER] + rows, encoding))


def _count(db):
    return db.session.scalar(select(func.count(ReversalCase.id)))


def test_clean_file_applies_as_one_unit(w, db):
    item = imports.upload(w["admin"], _csv([_row(w, 1), _row(w, 2, 发改原因="二审新证据", 发改类型="改判")], "gb18030"),
                          "清单.csv", TODAY)
    assert item.error_count == 0 and item.row_count == 2
    assert _count(db) == 0
    assert imports.apply(w["admin"], item, TODAY) == 2
    cases = db.session.scalars(select(ReversalCase).order_by(ReversalCase.case_number)).all()
    assert [c.excluded for c in cases] == [False, True]
    assert cases[1].result == ReversalResult.REVERSED
    assert cases[0].higher_level == HigherLevel.INTERMEDIATE and cases[0].higher_division == w["city_division"]
    assert item.status == ImportStatus.APPLIED
    with pytest.raises(DomainError, match="已处理"):
        imports.apply(w["admin"], item, TODAY)


@pytest.mark.parametrize("change, problem", [
    ({"原审案号": "not a number"}, "原审案号格式不正确"),
    ({"原审案号": "（2025）豫0899民初1号"}, "不是平台中的法院"),
    ({"上级法院案号": ""}, "上级法院案号为空"),
    ({"发改类型": "维持"}, "发改类型无法识别"),
    ({"发改日期": "2025-12-05"}, "晚于今天"),
    ({"发改日期": "昨天"}, "发改日期为空或格式不正确"),
    ({"发改原因": "天气"}, "发改原因无法识别"),
    ({"承办部门": "民九庭"}, "没有名为“民九庭”的部门"),
    ({"承办人": "无此人"}, "用户中没有“无此人”"),
    ({"中院发改部门": "刑九庭"}, "中院没有名为“刑九庭”的部门"),
])
def test_each_problem_is_reported_per_row_and_nothing_is_recorded(w, db, change, problem):
    item = imports.upload(w["admin"], _csv([_row(w, 1), _row(w, 2, **change)]), "清单.csv", TODAY)
    assert item.error_count == 1
    assert item.rows[0]["problems"] == [] and any(problem in p for p in item.rows[1]["problems"])
    with pytest.raises(DomainError, match="1 行存在问题"):
        imports.apply(w["admin"], item, TODAY)
    assert _count(db) == 0


def test_duplicates_in_file_and_register(w):
    record(w, n=5, decided_on=date(2025, 10, 1))
    item = imports.upload(w["admin"], _csv([_row(w, 1), _row(w, 1), _row(w, 5)]), "清单.csv", TODAY)
    assert ["同一发改在文件中重复出现" in r["problems"] for r in item.rows] == [True, True, False]
    assert "该发改已在登记簿中" in item.rows[2]["problems"]


def test_xlsx_and_provincial_level(w, db):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER[:7])
    sheet.append(_row(w, 3, 上级法院案号="（2025）豫民再3号", 发改类型="指令再审")[:7])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    item = imports.upload(w["admin"], out, "清单.xlsx", TODAY)
    assert item.error_count == 0, item.rows
    imports.apply(w["admin"], item, TODAY)
    case = db.session.scalar(select(ReversalCase))
    assert case.higher_level == HigherLevel.PROVINCIAL and case.result == ReversalResult.RETRIAL


@pytest.mark.parametrize("name, content, message", [
    ("清单.txt", b"x", "只支持"),
    ("清单.csv", "案号,其他\n1,2\n".encode(), "表头缺少以下列"),
    ("清单.csv", ",".join(HEADER).encode(), "只有表头"),
    ("清单.xlsx", b"not a zip", "不是有效的 .xlsx"),
])
def test_unreadable_files_are_refused_and_leave_nothing(w, db, name, content, message):
    with pytest.raises(DomainError, match=message):
        imports.upload(w["admin"], io.BytesIO(content), name, TODAY)
    assert db.session.scalar(select(func.count()).select_from(ReversalCase)) == 0


def test_preview_and_apply_through_the_pages(client, login, w, db):
    db.session.commit()
    login(w["admin"])
    response = client.post("/reversals/import", data={"file": (_csv([_row(w, 7)]), "清单.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "（2025）豫0802民初7号" in page and "确认导入" in page
    import_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    assert client.post(f"/reversals/imports/{import_id}/apply").status_code == 302
    assert _count(db) == 1
