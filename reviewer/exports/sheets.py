"""What every spreadsheet export shares: periods, the bold header row, numbers, saving."""
from __future__ import annotations

import re
import tempfile
from decimal import Decimal

from openpyxl.styles import Font

from reviewer.errors import DomainError
from reviewer.exports.cells import append_row, text_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")


def check_period(period: str) -> str:
    """`period` if it is a month (YYYY-MM) or a year (YYYY); else DomainError with the message."""
    if not period or not _PERIOD.match(period):
        raise DomainError("期间应为月份（YYYY-MM）或年度（YYYY）。")
    return period


def in_period(column, period: str):
    """SQL: a `YYYY-MM` month column lies in the month or year `period`."""
    return column == period if len(period) == 7 else column.like(f"{period}-%")


def months_of(period: str) -> list[str]:
    """The months a period covers: itself for a month, January…December for a year."""
    return [period] if len(period) == 7 else [f"{period}-{m:02d}" for m in range(1, 13)]


def num(value) -> float | None:
    return None if value is None else float(Decimal(value))


def header(sheet, columns) -> None:
    """The bold first row of a write-only sheet."""
    cells = []
    for title in columns:
        cell = text_cell(sheet, title)
        cell.font = Font(bold=True)
        cells.append(cell)
    append_row(sheet, cells)


def save_to_temp(workbook):
    """Write the workbook to an anonymous temp file (removed when closed) and rewind it."""
    out = tempfile.TemporaryFile()
    workbook.save(out)
    out.seek(0)
    return out
