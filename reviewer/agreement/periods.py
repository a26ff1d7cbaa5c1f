"""Periods for agreement statistics: a month, a quarter or a year. Pure, no Flask.

Accepted spellings: ``2021-04`` (a month), ``2021-Q2`` / ``2021Q2`` (a quarter: April–June), ``2021``
(a year). Anything else raises `PeriodError` whose message is the Chinese sentence for the user.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


class PeriodError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Period:
    text: str            # canonical: 2021-04, 2021-Q2, 2021
    label: str           # 2021年4月, 2021年第二季度, 2021年
    months: tuple[str, ...]


QUARTER_NAMES = "一二三四"


def parse_period(text: str | None) -> Period:
    """`Period` for a month, quarter or year (module docstring); `PeriodError` otherwise."""
    value = (text or "").strip()
    if match := _MONTH.match(value):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            return Period(f"{year:04d}-{month:02d}", f"{year}年{month}月", (f"{year:04d}-{month:02d}",))
    elif match := _QUARTER.match(value):
        year, quarter = int(match[1]), int(match[2])
        months = tuple(f"{year:04d}-{m:02d}" for m in range(3 * quarter - 2, 3 * quarter + 1))
        return Period(f"{year:04d}-Q{quarter}", f"{year}年第{QUARTER_NAMES[quarter - 1]}季度", months)
    elif match := _YEAR.match(value):
        year = int(match[1])
        return Period(f"{year:04d}", f"{year}年", tuple(f"{year:04d}-{m:02d}" for m in range(1, 13)))
    raise PeriodError(f"期间“{value}”无法识别：请写成 2021-04（月）、2021-Q2（季度）或 2021（年）。")
