"""The case register: import (preview, apply, re-import), header mappings, and the CLI figures."""
from __future__ import annotations

import json
from datetime import date

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from models.case_register import CaseImport, CaseRecord, CaseTally, RegisterImportStatus
from reviewer.errors import DomainError
from reviewer.indicators import figures, imports
from reviewer.indicators.periods import parse_period
from reviewer.indicators.register import CaseRow
from reviewer.indicators.tally import tally
from tests.factories import make_court, make_user
from tests.indicator_helpers import ROWS, csv_file, upload


@pytest.fixture
def court(app, db):
    court = make_court("豫0802")
    db.session.commit()
    return court


def test_preview_then_apply_builds_current_register_and_counters(court, db, tmp_path):
    item = upload(court, csv_file(tmp_path, ROWS))
    assert (item.row_count, item.error_count, item.first_month, item.last_month) == (5, 0, "2020-07", "2021-03")
    assert db.session.scalar(select(func.count(CaseRecord.id))) == 0       # nothing until applied
    assert imports.apply(None, item) == 5
    db.session.commit()
    record = db.session.scalar(select(CaseRecord).where(CaseRecord.case_number == "（2020）豫0802民初9号"))
    assert (record.category, record.procedure, record.due_on) == ("民事", "一审", date(2021, 1, 11))
    march = figures.monthly_counters("2021-03", "2021-03")[court.id]["2021-03"]
    assert (march["first_closed"], march["first_appealed"], march["civil_mediated"]) == (3, 1, 1)
    assert (march["civil_simple"], march["civil_small_claims"], march["trial_pending_end"]) == (1, 1, 1)


def test_sql_counters_equal_the_pure_tally_of_the_same_rows(court, db, tmp_path):
    imports.apply(None, upload(court, csv_file(tmp_path, ROWS)))
    db.session.commit()
    records = db.session.scalars(select(CaseRecord)).all()
    rows = [CaseRow(**{f: getattr(r, f) for f in CaseRow.__dataclass_fields__}) for r in records]
    expected = {}
    for (_, month), counters in tally(((None, r) for r in rows), "2021-06", "2016-06").items():
        expected[month] = counters
    stored = figures.monthly_counters("2000-01", "2030-12")[court.id]
    assert set(stored) == set(expected)
    # plain ints on both databases (PostgreSQL's SUM of BIGINT is NUMERIC unless cast)
    assert {type(v) for counters in stored.values() for v in counters.values()} == {int}
    for month, counters in expected.items():
        assert {k: v for k, v in stored[month].items() if v} == counters


def test_reimport_replaces_the_register_and_keeps_history(court, db, tmp_path):
    first = upload(court, csv_file(tmp_path, ROWS))
    imports.apply(None, first)
    db.session.commit()
    second = upload(court, csv_file(tmp_path, ROWS[:2], name="新台账.csv"))
    imports.apply(None, second)
    db.session.commit()
    assert first.status == RegisterImportStatus.SUPERSEDED and first.superseded_at is not None
    assert db.session.scalar(select(func.count(CaseRecord.id))) == 2
    assert db.session.scalar(select(func.count(CaseTally.id)).where(CaseTally.import_id == first.id,
                                                                     CaseTally.current.is_(False))) > 0
    march = figures.monthly_counters("2021-03", "2021-03")[court.id]["2021-03"]
    assert march["first_closed"] == 2


def test_row_problems_are_all_reported_and_nothing_is_applied(court, db, tmp_path):
    bad = [
        ["（2021）豫0803民初1号", "民一庭", "张三", "2021-01-10", "", "", "", "", "", "", "", ""],
        ["（2021）豫0802民初2号", "民一庭", "张三", "2021-02-30", "", "", "", "", "", "", "x", ""],
        ["（2021）豫0802民初3号", "民一庭", "张三", "2021-03-10", "2021-03-01", "", "", "", "", "", "", ""],
        ["（2021）豫0802民初3号", "民一庭", "张三", "2021-03-10", "2021-07-01", "", "", "", "", "", "", ""],
    ]
    item = upload(court, csv_file(tmp_path, ROWS[:1] + bad))
    assert (item.row_count, item.error_count) == (5, 4)
    problems = {p["line"]: "；".join(p["problems"]) for p in item.problems}
    assert "不是本院" in problems[3]
    assert "立案日期无法识别" in problems[4] and "扣除天数应为" in problems[4]
    assert "结案日期早于立案日期" in problems[5]
    assert "重复" in problems[6] and "晚于导出日期" in problems[6]
    with pytest.raises(DomainError, match="第 3 行"):
        imports.apply(None, item)
    db.session.rollback()
    assert db.session.scalar(select(func.count(CaseRecord.id))) == 0


def test_gbk_csv_in_another_order_with_a_saved_header_mapping(court, db, tmp_path):
    imports.save_mapping(None, court, {"filed_on": "收案日", "judge": "办案人"})
    header = ["收案日", "案号", "办案人", "结案日期"]
    rows = [["2021/3/2", "(2021)豫0802民初7号", "赵六", "2021年3月20日"]]
    item = upload(court, csv_file(tmp_path, rows, header=header, encoding="gbk"))
    assert item.error_count == 0, item.problems
    imports.apply(None, item)
    record = db.session.scalar(select(CaseRecord))
    assert (record.case_number, record.judge, record.filed_on) == ("（2021）豫0802民初7号", "赵六", date(2021, 3, 2))


def test_xlsx_export_is_read(court, db, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["结案日期", "案号", "立案日期", "结案方式"])
    sheet.append([date(2021, 3, 5), "（2021）豫0802民初8号", date(2021, 1, 4), "判决"])
    path = tmp_path / "台账.xlsx"
    book.save(path)
    item = upload(court, path)
    assert (item.row_count, item.error_count) == (1, 0)


def test_missing_required_column_and_wrong_format_are_refused(court, tmp_path):
    with pytest.raises(DomainError, match="立案日期"):
        upload(court, csv_file(tmp_path, [["（2021）豫0802民初1号"]], header=["案号"]))
    path = tmp_path / "台账.txt"
    path.write_text("x")
    with pytest.raises(DomainError, match="xlsx"):
        upload(court, path)


def test_cli_preview_apply_and_indicators_json(app, court, db, tmp_path):
    path = csv_file(tmp_path, ROWS)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import-cases", str(path), "--court", "豫0802", "--as-of", "2021-06-30"])
    assert result.exit_code == 0, result.output
    assert "共 5 行，0 行有问题" in result.output
    assert db.session.scalar(select(func.count(CaseRecord.id))) == 0
    result = runner.invoke(args=["import-cases", str(path), "--court", "豫0802", "--as-of", "2021-06-30",
                                 "--apply"])
    assert result.exit_code == 0 and "已导入 5 件" in result.output, result.output
    result = runner.invoke(args=["indicators", "--period", "2021-03", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    by_court = {row["court"]: row["indicators"] for row in payload["rows"]}
    acceptance = by_court["豫0802"]["acceptance"]
    assert (acceptance["numerator"], acceptance["denominator"], acceptance["target"]) == (2, 3, "≥ 91")
    assert acceptance["met"] is False
    assert by_court["全市"]["timely_transfer"]["display"] == "—"
    result = runner.invoke(args=["indicators", "--period", "2021-13"])
    assert result.exit_code != 0 and "期间格式" in result.output


def test_cli_refuses_a_file_with_problems_on_apply(app, court, db, tmp_path):
    path = csv_file(tmp_path, [["（2021）豫0802民初1号", "", "", "昨天", "", "", "", "", "", "", "", ""]])
    result = app.test_cli_runner().invoke(args=["import-cases", str(path), "--court", "豫0802", "--apply"])
    assert result.exit_code != 0 and "立案日期无法识别" in result.output and "未导入" in result.output
    assert db.session.scalar(select(func.count(CaseImport.id))) == 1   # the preview is kept


def test_board_period_figures_for_the_quarter(court, db, tmp_path):
    imports.apply(None, upload(court, csv_file(tmp_path, ROWS)))
    judge = make_user(court=court)
    db.session.commit()
    result = figures.board(parse_period("2021Q1"), [court], with_city=True)
    cells = result.rows[0].cells
    assert cells["exec_closure_rate"].figure.display == "100.00%"
    assert cells["closed_in_limit"].target_level == "全市"
    assert len(result.rows[-1].trend["acceptance"]) == 12 and result.rows[0].trend["acceptance"] == []
    assert judge.court_id == court.id
