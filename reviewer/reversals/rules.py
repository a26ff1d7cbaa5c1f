"""Rules of the 发改 programme about cases and meetings (pure: no Flask, no database).

Source: the court's plan (焦中法[2021]24号), measures 1, 2 and 6; DOMAIN.md §3.3.

Exclusion (measure 1: only cases "经评查案件确实存在问题的" cost the judge anything): a case
changed for a reason the office marks as excluded (default 出现新证据 — 二审新证据) or marked
excluded by hand does not count against the judge, whatever its evaluation says.

The ≥ 3 rule (measure 6: "年度内被上级法院发改 3 件以上（含本数），或因案件质量造成重大负面影响的，
由监察室对其进行诫勉谈话"): a judge is flagged for a calendar year when
- at least `threshold` (default 3) of their counting cases of that year have a confirmed problem,
  or
- any counting case of that year is marked as causing major negative impact.
A case belongs to the year of the higher court's decision (`decided_on`), not of its evaluation:
a case reversed on 2025-12-20 and confirmed on 2026-01-10 counts for 2025. "Confirmed" is the final
word: the meeting's decision (专业法官会议/审委会) when there is one, else the office's evaluation.

Meeting exemption (measure 2: "无上述案件的，不必召开案件质量评析会"): a division's month is
- HELD when a meeting record of that month is filed,
- EXEMPT when the division had no 发改 case that month (neither its own cases changed nor,
  for a division of the intermediate court, basic-court cases it changed),
- DUE while the deadline (the `grace_days`-th day after the month, default 10) has not passed,
- MISSED after it.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from models.base import LabelledEnum

DEFAULT_THRESHOLD = 3
DEFAULT_GRACE_DAYS = 10
DEFAULT_SELF_CHECK_DAYS = 10


@dataclass(frozen=True)
class CaseFacts:
    """What the rules need to know about one register entry."""

    case_id: int
    judge_id: int | None
    decided_on: date
    excluded: bool = False
    problem_confirmed: bool | None = None     # None: not evaluated yet
    major_impact: bool = False


@dataclass
class JudgeYear:
    """One judge's year under the ≥ 3 rule: the cases behind the flag."""

    judge_id: int
    year: int
    confirmed: list[int] = field(default_factory=list)
    major_impact: list[int] = field(default_factory=list)
    threshold: int = DEFAULT_THRESHOLD

    @property
    def flagged(self) -> bool:
        return len(self.confirmed) >= self.threshold or bool(self.major_impact)

    @property
    def reason(self) -> str:
        parts = []
        if len(self.confirmed) >= self.threshold:
            parts.append(f"年度内发改且经评查确有问题 {len(self.confirmed)} 件")
        if self.major_impact:
            parts.append(f"造成重大负面影响 {len(self.major_impact)} 件")
        return "；".join(parts)


def is_excluded(reason_code: str | None, excluded_codes: Iterable[str], marked: bool = False) -> bool:
    """True when the case does not count against the judge (excluded reason or hand mark)."""
    return bool(marked) or (reason_code is not None and reason_code in set(excluded_codes))


def counts_against_judge(case: CaseFacts) -> bool:
    """A case counts when it is not excluded and its problem was confirmed."""
    return not case.excluded and case.problem_confirmed is True


def final_confirmation(evaluation_confirmed: bool | None, decision_confirmed: bool | None) -> bool | None:
    """The meeting's decision when there is one, else the evaluation's (None: neither yet)."""
    return decision_confirmed if decision_confirmed is not None else evaluation_confirmed


def judge_years(cases: Iterable[CaseFacts], year: int,
                threshold: int = DEFAULT_THRESHOLD) -> dict[int, JudgeYear]:
    """Every judge with a counting case in `year` → their JudgeYear (flagged or not)."""
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    result: dict[int, JudgeYear] = {}
    for case in cases:
        if case.judge_id is None or case.decided_on.year != year or case.excluded:
            continue
        entry = result.setdefault(case.judge_id, JudgeYear(case.judge_id, year, threshold=threshold))
        if case.problem_confirmed is True:
            entry.confirmed.append(case.case_id)
        if case.major_impact:
            entry.major_impact.append(case.case_id)
    return {k: v for k, v in result.items() if v.confirmed or v.major_impact}


def flagged_judges(cases: Iterable[CaseFacts], year: int,
                   threshold: int = DEFAULT_THRESHOLD) -> list[JudgeYear]:
    """The judges to be called to an admonishment talk for `year`, by judge id."""
    years = judge_years(cases, year, threshold)
    return [years[k] for k in sorted(years) if years[k].flagged]


def self_check_due(notified_on: date, days: int = DEFAULT_SELF_CHECK_DAYS) -> date:
    """The self-check report is due `days` calendar days after the judge was notified."""
    if days < 1:
        raise ValueError("days must be at least 1")
    return notified_on + timedelta(days=days)


class MeetingState(LabelledEnum):
    HELD = ("held", "已召开")
    EXEMPT = ("exempt", "无需召开")
    DUE = ("due", "待召开")
    MISSED = ("missed", "未召开")

    @property
    def css(self) -> str:
        """Table-cell classes of the meeting board."""
        return {"held": "table-success", "exempt": "text-muted", "missed": "table-danger",
                "due": "table-warning"}[self.value]


def month_bounds(month: str) -> tuple[date, date]:
    """First and last day of 'YYYY-MM'."""
    year, mon = (int(x) for x in month.split("-"))
    first = date(year, mon, 1)
    nxt = date(year + (mon == 12), mon % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def meeting_deadline(month: str, grace_days: int = DEFAULT_GRACE_DAYS) -> date:
    return month_bounds(month)[1] + timedelta(days=grace_days)


def meeting_state(month: str, case_count: int, meeting_held: bool, today: date,
                  grace_days: int = DEFAULT_GRACE_DAYS) -> MeetingState:
    """A division's month on the quality-meeting board (see the module docstring)."""
    if meeting_held:
        return MeetingState.HELD
    if case_count == 0:
        return MeetingState.EXEMPT
    return MeetingState.DUE if today <= meeting_deadline(month, grace_days) else MeetingState.MISSED


def division_case_counts(cases: Iterable[tuple[int | None, int | None, date]], month: str) -> dict[int, int]:
    """(original division, higher-court division, decided_on) rows → cases per division in month.

    A case counts for both its original division and, when recorded, the intermediate court's
    division that changed it (measure 2: 被发改案件及本部门发改基层法院案件).
    """
    first, last = month_bounds(month)
    counts: dict[int, int] = defaultdict(int)
    for original, higher, decided_on in cases:
        if not first <= decided_on <= last:
            continue
        for division in {original, higher} - {None}:
            counts[division] += 1
    return dict(counts)

