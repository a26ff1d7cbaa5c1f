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
    for user, total in judges:
        _row(sheet, [user.display_name, user.court.name if user.court else "",
                     user.division.name if user.division else "", float(total)])
    sheet = workbook.create_sheet("部门合计")
    _row(sheet, ["法院", "部门", f"{year}年合计分值"])
    for division, total in divisions:
        _row(sheet, [division.court.name, division.name, float(total)])
    sheet = workbook.create_sheet("计分明细")
    _row(sheet, ["编号", "日期", "对象", "名称", "规则", "分值", "事由", "冲正记录编号"])
    for entry in ledger.entries(year, limit=100_000):
        name = entry.judge.display_name if entry.judge else (entry.division.name if entry.division else "")
        _row(sheet, [entry.id, entry.occurred_on.isoformat(), entry.subject.label, name,
                     entry.rule.label if entry.rule else "", float(entry.points), entry.note,
                     entry.corrects_id or ""])
    out = tempfile.TemporaryFile()
    workbook.save(out)
    out.seek(0)
    return out
