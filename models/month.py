"""The evaluation month: text 'YYYY-MM' (e.g. '2021-04'), the value of every `month` column.

One definition for forms, URLs, services and commands (before: eight copies of the pattern).
"""
from __future__ import annotations

import re
from datetime import date, timedelta, timezone

from models.base import utcnow

MONTH_PATTERN = r"\d{4}-(?:0[1-9]|1[0-2])"
_MONTH = re.compile(rf"^{MONTH_PATTERN}$")
CHINA = timezone(timedelta(hours=8))


def is_month(value: object) -> bool:
    """True for a 'YYYY-MM' string with a month 01–12 (years are not limited)."""
    return isinstance(value, str) and _MONTH.match(value) is not None


def add_months(month: str, count: int) -> str:
    """`add_months("2021-12", 1)` → "2022-01"; count may be negative."""
    index = int(month[:4]) * 12 + int(month[5:7]) - 1 + count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_spanned(first: str, last: str) -> int:
    """Months from `first` to `last`, both included (0 or less when last is before first)."""
    return (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1


def evaluation_month(today: date) -> str:
    """The month being evaluated on `today`: the previous calendar month (in December the courts
    submit November's judgments and case lists, the office ranks and publishes November)."""
    last = today.replace(day=1) - timedelta(days=1)
    return f"{last.year:04d}-{last.month:02d}"


def court_today() -> date:
    """The court's calendar day (China time; `reviewer.clock` for the application, this for the
    layers below it)."""
    return utcnow().astimezone(CHINA).date()


def current_evaluation_month() -> str:
    """`evaluation_month` of the court's today (the default of every month field)."""
    return evaluation_month(court_today())
