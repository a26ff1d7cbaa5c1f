"""When a monthly filing is due and how the board labels a court's month (pure, no Flask).

Rule: the filing for month M is due by the end of day `deadline_day` of the month after M
(default the 5th), in China time. On the board a court's month is
- 已报备 (filed) when it was filed on or before the deadline,
- 逾期报备 (late) when it was filed after the deadline,
- 未报备 (missing) when it is not filed and the deadline has passed,
- 待报备 (open) when it is not filed and the deadline has not passed,
- 未到期 (not due) for the current or a future month (it cannot be filed before it ends).
"""
from __future__ import annotations

import enum
from datetime import date

DEFAULT_DEADLINE_DAY = 5


class BoardState(enum.Enum):
    FILED = ("filed", "已报备")
    LATE = ("late", "逾期报备")
    MISSING = ("missing", "未报备")
    OPEN = ("open", "待报备")
    NOT_DUE = ("not_due", "未到期")

    def __init__(self, code: str, label: str):
        self.code = code
        self.label = label

    @property
    def css(self) -> str:
        """Table-cell classes of the filings board for this state."""
        return {"filed": "table-success", "late": "table-warning", "missing": "table-danger",
                "not_due": "text-muted"}.get(self.code, "")


def month_start(month: str) -> date:
    year, mon = (int(x) for x in month.split("-"))
    return date(year, mon, 1)


def next_month(month: str) -> str:
    start = month_start(month)
    year, mon = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
    return f"{year:04d}-{mon:02d}"


def months_back(last: str, count: int) -> list[str]:
    """`count` months ending with `last`, oldest first."""
    months = [last]
    for _ in range(count - 1):
        start = month_start(months[0])
        year, mon = (start.year - 1, 12) if start.month == 1 else (start.year, start.month - 1)
        months.insert(0, f"{year:04d}-{mon:02d}")
    return months


def deadline(month: str, deadline_day: int = DEFAULT_DEADLINE_DAY) -> date:
    following = month_start(next_month(month))
    return following.replace(day=min(max(deadline_day, 1), 28))


def can_be_filed(month: str, today: date) -> bool:
    """A month can be filed once it is over."""
    return today >= month_start(next_month(month))


def is_late(month: str, filed_on: date, deadline_day: int = DEFAULT_DEADLINE_DAY) -> bool:
    return filed_on > deadline(month, deadline_day)


def board_state(month: str, filed_on: date | None, today: date,
                deadline_day: int = DEFAULT_DEADLINE_DAY) -> BoardState:
    if filed_on is not None:
        return BoardState.LATE if is_late(month, filed_on, deadline_day) else BoardState.FILED
    if not can_be_filed(month, today):
        return BoardState.NOT_DUE
    return BoardState.MISSING if today > deadline(month, deadline_day) else BoardState.OPEN
