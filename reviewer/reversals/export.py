"""The points ledger's Excel export: totals per judge and division, then every entry of the year.

Text cells are written as text (data type 's'), so a name or note starting with '=' is never a
formula; points are numbers. Write-only workbook into an anonymous temp file.
"""
from __future__ import annotations

import tempfile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from reviewer.reversals import ledger


def _row(sheet, values):
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        cells.append(cell)
    sheet.append(cells)


def points_workbook(year: int):
    workbook = Workbook(write_only=True)
    judges, divisions = ledger.totals(year)
    sheet = workbook.create_sheet("法官合计")
    _row(sheet, ["法官", "法院", "部门", f"{year}年合计分值"])
    for judge in judges:
        _row(sheet, [judge.name, judge.court, judge.division, float(judge.total)])
    sheet = workbook.create_sheet("部门合计")
    _row(sheet, ["法院", "部门", f"{year}年合计分值"])
    for division in divisions:
        _row(sheet, [division.court, division.name, float(division.total)])
    sheet = workbook.create_sheet("计分明细")
    _row(sheet, ["编号", "日期", "对象", "名称", "规则", "分值", "事由", "冲正记录编号"])
    for entry in ledger.entries(year, limit=100_000):
        _row(sheet, [entry.id, entry.occurred_on.isoformat(), entry.subject.label, entry.name, entry.rule,
                     float(entry.points), entry.note, entry.corrects_id or ""])
    out = tempfile.TemporaryFile()
    workbook.save(out)
    out.seek(0)
    return out
