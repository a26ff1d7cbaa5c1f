"""Periods the indicators are computed for: a month, a quarter, a year, or a range of months.

Accepted forms (`parse_period`), all by calendar month:
- `2021`            → 2021-01 … 2021-12
- `2021-03`         → that month
- `2021Q2`          → 2021-04 … 2021-06
- `2021-03:2022-01` → every month from the first to the second, both included (the plan's year)
Months are strings `YYYY-MM`; a period's first day and last day are dates. Pure module.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from models.month import add_months  # noqa: F401  (part of this module's API: the indicators' periods)

_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_QUARTER = re.compile(r"^(\d{4})[Qq]([1-4])$")


class PeriodError(ValueError):
    """The text is not a period; the message is the Chinese sentence users see."""


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_range(first: str, last: str) -> list[str]:
    """Every month from `first` to `last`, both included; [] when last is before first."""
    months, current = [], first
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    return months


def first_day(month: str) -> date:
    return date(int(month[:4]), int(month[5:7]), 1)


def last_day(month: str) -> date:
    year, mon = int(month[:4]), int(month[5:7])
    return date(year, mon, calendar.monthrange(year, mon)[1])


@dataclass(frozen=True)
class Period:
    first: str   # YYYY-MM
    last: str    # YYYY-MM, not before `first`

    @property
    def months(self) -> list[str]:
        return month_range(self.first, self.last)

    @property
    def start(self) -> date:
        return first_day(self.first)

    @property
    def end(self) -> date:
        return last_day(self.last)

    @property
    def label(self) -> str:
        """Chinese label: 2021年3月, 2021年3月—2022年1月."""
        def one(m: str) -> str:
            return f"{int(m[:4])}年{int(m[5:7])}月"
        return one(self.first) if self.first == self.last else f"{one(self.first)}—{one(self.last)}"

    @property
    def code(self) -> str:
        return self.first if self.first == self.last else f"{self.first}:{self.last}"

    def trailing(self, count: int) -> "Period":
        """The `count` months ending with this period's last month (for trend charts)."""
        return Period(add_months(self.last, -(count - 1)), self.last)


def parse_period(text: str) -> Period:
    """Parse one of the accepted forms; raise PeriodError with the user's message otherwise."""
    value = (text or "").strip()
    if match := _YEAR.match(value):
        return Period(f"{match[1]}-01", f"{match[1]}-12")
    if _MONTH.match(value):
        return Period(value, value)
    if match := _QUARTER.match(value):
        first = (int(match[2]) - 1) * 3 + 1
        return Period(f"{match[1]}-{first:02d}", f"{match[1]}-{first + 2:02d}")
    if ":" in value:
        first, _, last = value.partition(":")
        if _MONTH.match(first.strip()) and _MONTH.match(last.strip()):
            first, last = first.strip(), last.strip()
            if last < first:
                raise PeriodError("期间的结束月份早于开始月份。")
            if len(month_range(first, last)) > 120:
                raise PeriodError("期间最长十年。")
            return Period(first, last)
    raise PeriodError("期间格式应为 2021、2021-03、2021Q2 或 2021-03:2022-01。")
