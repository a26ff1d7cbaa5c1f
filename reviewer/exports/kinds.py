"""The exports that can grow long, each with how to read its parameters from a request, count its
size in SQL, build its workbook and name its file.

A view counts the size (`estimate`); up to `EXPORT_JOB_ROWS` (config) the workbook is built and
sent in the request, above it the export runs as a background job (reviewer.exports.requests)
with the same `build`. Who may ask for each kind is `permissions.EXPORT_KIND_RULES`.

Sizes at the ten-year scale (one year ≈ 14,500 submitted reviews): the reviews export of a year is
≈ 320,000 rows (one per item of each sheet), of a month ≈ 27,000; statistics aggregate every review
of the period; the lists are bounded by `lists.MAX_ROWS`. The evaluations list is one month of one
kind of subject (a few hundred rows) and always made in the request.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from openpyxl import Workbook

from reviewer.errors import DomainError
from reviewer.exports import lists
from reviewer.exports.review_sheet import review_rows, reviews_book
from reviewer.exports.sheets import check_period
from reviewer.exports.statistics import statistics_book
from reviewer.exports.review_sheet import submitted_reviews
from reviewer.exports.tracking import Tracker


@dataclass(frozen=True)
class ExportKind:
    name: str
    label: str
    # request values (args or form) → the parameters kept on the request row; DomainError if bad
    params: Callable[[Mapping], dict]
    # (user, params) → the size that decides request or job: rows, counted in SQL
    estimate: Callable[[object, dict], int]
    # (user, params, tracker) → the write-only workbook, not yet saved
    build: Callable[[object, dict, Tracker], Workbook]
    # params → the file's name without “.xlsx”
    title: Callable[[dict], str]


def period_params(values: Mapping) -> dict:
    """{"period": YYYY or YYYY-MM}; `scope=year` (the month picker's year button) takes the year."""
    period = (values.get("period") or "").strip()
    if values.get("scope") == "year":
        period = period[:4]
    return {"period": check_period(period)}


def _objection_params(values: Mapping) -> dict:
    status = values.get("status") or "open"
    if len(status) > 20:
        raise DomainError("筛选条件不正确。")
    return {"status": status}


KINDS = {kind.name: kind for kind in (
    ExportKind("reviews", "评查明细", period_params,
               lambda user, p: review_rows(p["period"]),
               lambda user, p, t: reviews_book(p["period"], t),
               lambda p: f"{p['period']}评查明细"),
    ExportKind("statistics", "评查统计", period_params,
               lambda user, p: submitted_reviews(p["period"]),
               lambda user, p, t: statistics_book(p["period"], t),
               lambda p: f"{p['period']}评查统计"),
    ExportKind("judgments", "裁判文书列表", lists.judgment_filters,
               lists.judgment_rows, lists.judgments_book, lambda p: "裁判文书列表"),
    ExportKind("hearings", "庭审录像列表", lists.hearing_filters,
               lists.hearing_rows, lists.hearings_book, lambda p: "庭审录像列表"),
    ExportKind("objections", "异议列表", _objection_params,
               lambda user, p: lists.objection_rows(p["status"]),
               lambda user, p, t: lists.objections_book(p["status"], t), lambda p: "异议列表"),
)}


def get(name: str) -> ExportKind | None:
    return KINDS.get(name)
