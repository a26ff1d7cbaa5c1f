"""Spreadsheet exports (.xlsx, openpyxl write-only) of the office: reviews item by item
(reviewer.exports.review_sheet) and court and reviewer statistics (reviewer.exports.statistics).

`*_workbook(period)` is the export saved to an anonymous temp file, rewound — what a download made
in the request sends. A *period* is a month (YYYY-MM) or a year (YYYY); a malformed one raises
DomainError. A background export builds the same workbooks (reviewer.exports.kinds).
"""
from __future__ import annotations

from reviewer.exports.review_sheet import REVIEW_COLUMNS, reviews_book
from reviewer.exports.sheets import check_period, save_to_temp
from reviewer.exports.statistics import statistics_book

__all__ = ["REVIEW_COLUMNS", "check_period", "reviews_workbook", "statistics_workbook"]


def reviews_workbook(period: str):
    """Every submitted review of the period with per-item deductions and reasons (a temp file)."""
    return save_to_temp(reviews_book(period))


def statistics_workbook(period: str):
    """Court and reviewer statistics of the period, with agreement sheets (a temp file)."""
    return save_to_temp(statistics_book(period))
