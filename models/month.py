"""The evaluation month: text 'YYYY-MM' (e.g. '2021-04'), the value of every `month` column.

One definition for forms, URLs, services and commands (before: eight copies of the pattern).
"""
from __future__ import annotations

import re

MONTH_PATTERN = r"\d{4}-(?:0[1-9]|1[0-2])"
_MONTH = re.compile(rf"^{MONTH_PATTERN}$")


def is_month(value: object) -> bool:
    """True for a 'YYYY-MM' string with a month 01–12 (years are not limited)."""
    return isinstance(value, str) and _MONTH.match(value) is not None
