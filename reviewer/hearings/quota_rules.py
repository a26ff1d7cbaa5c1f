"""The monthly hearing quota of basic courts (pure rule, no Flask).

Rule: every basic court submits, for each month, at least one 精品 (excellent) and at least one
瑕疵 (flawed) hearing recording. A recording counts for the month it was declared for, at the
moment its upload completed (`submitted_at`); withdrawn or unfinished uploads, and recordings
that processing rejected as unusable (FAILED), do not count.
The deadline is day `default_day` (default 5) of the following month, unless the office set
another date for that month. A cell of the board is:

- MET      both kinds were in by the deadline (end of the deadline day, local time);
- LATE     both kinds are in, at least one after the deadline;
- MISSING  a kind is still absent and the deadline has passed;
- PENDING  a kind is still absent and the deadline has not passed yet (reminders go out);
- NOT_DUE  the month has not started.
Intermediate courts have no quota (they are not on the board).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from reviewer.clock import CHINA

REQUIRED = ("excellent", "flawed")


class QuotaState(enum.Enum):
    MET = "已完成"
    LATE = "逾期完成"
    MISSING = "未完成"
    PENDING = "待报送"
    NOT_DUE = "未开始"

    @property
    def label(self) -> str:
        return self.value

    @property
    def css(self) -> str:
        """Table-cell class of the state on the quota board."""
        return {"MET": "table-success", "LATE": "table-warning", "MISSING": "table-danger",
                "PENDING": "table-info"}.get(self.name, "")


@dataclass(frozen=True)
class QuotaCell:
    state: QuotaState
    counts: dict[str, int]
    deadline: date

    @property
    def missing(self) -> list[str]:
        return [k for k in REQUIRED if not self.counts.get(k)]


def default_deadline(month: str, day: int = 5) -> date:
    year, m = (int(x) for x in month.split("-"))
    year, m = (year + 1, 1) if m == 12 else (year, m + 1)
    return date(year, m, day)


def month_start(month: str) -> date:
    year, m = (int(x) for x in month.split("-"))
    return date(year, m, 1)


def quota_cell(month: str, submissions: list[tuple[str, datetime]], deadline: date, today: date) -> QuotaCell:
    """State of one court-month from its submissions [(nomination value, submitted_at)]."""
    counts = {k: 0 for k in REQUIRED}
    on_time = {k: False for k in REQUIRED}
    cutoff = datetime.combine(deadline + timedelta(days=1), datetime.min.time(), CHINA)
    for nomination, submitted_at in submissions:
        if nomination not in counts or submitted_at is None:
            continue
        counts[nomination] += 1
        if submitted_at.tzinfo is None:  # stored as UTC by a database without time zones
            submitted_at = submitted_at.replace(tzinfo=timezone.utc)
        if submitted_at < cutoff:
            on_time[nomination] = True
    if today < month_start(month):
        state = QuotaState.NOT_DUE
    elif all(counts.values()):
        state = QuotaState.MET if all(on_time.values()) else QuotaState.LATE
    elif today > deadline:
        state = QuotaState.MISSING
    else:
        state = QuotaState.PENDING
    return QuotaCell(state, counts, deadline)


def needs_reminder(cell: QuotaCell, today: date, days_before: int) -> bool:
    """Remind liaisons while the quota is pending and the deadline is at most `days_before` away."""
    return cell.state == QuotaState.PENDING and (cell.deadline - today).days <= days_before
