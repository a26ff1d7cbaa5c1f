"""Export cells are data, never formulas: the one helper every spreadsheet export writes through.

A spreadsheet program evaluates a cell as a formula when its text starts with `=`, and (when the
text is typed, pasted or read from CSV) also with `+`, `-`, `@`, tab or carriage return — "formula
injection" (OWASP, CSV Injection). Text coming from users (case numbers, causes, names, reasons)
may start with any of these, so:

- `.xlsx`: `append_row(sheet, values)` writes every such text as a string cell (openpyxl would
  otherwise store `=...` as a formula) with Excel's "quote prefix" style, so editing the cell in
  Excel keeps it text. The text itself is kept exactly.
- CSV: `csv_text(value)` prefixes such text with an apostrophe (CSV has no cell types).

Numbers, dates and None pass through unchanged. A formula the platform means to write must be
built by the caller as its own cell (`WriteOnlyCell`); `append_row` leaves cells it is given alone.
"""
from __future__ import annotations

from collections.abc import Iterable

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

__all__ = ["FORMULA_STARTS", "looks_like_formula", "text_cell", "append_row", "csv_text"]


def looks_like_formula(value) -> bool:
    """True for text a spreadsheet program could take as a formula (see FORMULA_STARTS)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def text_cell(sheet, value) -> Cell:
    """A write-only cell holding `value`; formula-like text is forced to a quote-prefixed string."""
    cell = WriteOnlyCell(sheet, value=value)
    if looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def append_row(sheet, values: Iterable) -> None:
    """Append one row to a write-only `sheet`; every formula-like text becomes a text cell."""
    sheet.append([value if isinstance(value, Cell) else
                  (text_cell(sheet, value) if looks_like_formula(value) else value) for value in values])


def csv_text(value):
    """`value` made safe for a CSV cell: formula-like text gets a leading apostrophe."""
    return "'" + value if looks_like_formula(value) else value
