"""Monthly excellent/flawed ranking rule (月度优秀/瑕疵裁判文书): a pure function, no Flask.

`rank_month(entries, policy)` proposes the two lists for a month:

* **Who qualifies.** Only entries with a score (a confirmed evaluation) are considered.
  The *excellent list* (优秀裁判文书) draws from entries whose final grade is one of
  `policy.excellent_grades` (default 优秀, code EXCELLENT); the *flawed list* (瑕疵裁判文书) from
  entries whose final grade is one of `policy.flawed_grades` (default 瑕疵 and 不合格, codes FLAWED
  and FAIL, as in `reviewer.scoresheets.scoring`). Being on the flawed list is
  a separate fact from the grade band: the band only decides who may be proposed.
* **Order.** Excellent: highest score first; on equal scores fewer veto hits first, then the
  earlier confirmation, then the case number in natural order (（2021）豫08民终9号 before …10号).
  Flawed: lowest score first; on equal scores *more* veto hits first (the worse judgment), then the
  earlier confirmation, then the case number.
* **Size.** Each list takes the first `policy.max_size` (default 5) of its order. When fewer than
  `policy.min_size` (default 3) qualify, the list holds all who qualify, is marked `short`, and a
  note says so: the platform never pads a list with judgments of another grade.
* **Ties at the cut.** When the last listed entry and the first left out have the same score, the
  tie-break above decided; the left-out entries are reported in `tied_at_cut` so the admin sees it.

The administrator may then adjust each list, but only within `min_size`..`max_size` entries
(see `check_list_size`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Hashable, Iterable, Mapping, Sequence

from reviewer.scoresheets.scoring import EXCELLENT as GRADE_EXCELLENT
from reviewer.scoresheets.scoring import FAIL as GRADE_FAIL
from reviewer.scoresheets.scoring import FLAWED as GRADE_FLAWED
from reviewer.scoresheets.scoring import GRADE_LABELS

EXCELLENT = "excellent"
FLAWED = "flawed"


@dataclass(frozen=True)
class RankingPolicy:
    """Configurable parameters of the rule."""

    min_size: int = 3
    max_size: int = 5
    excellent_grades: tuple[Hashable, ...] = (GRADE_EXCELLENT,)
    flawed_grades: tuple[Hashable, ...] = (GRADE_FLAWED, GRADE_FAIL)

    def __post_init__(self):
        if not 1 <= self.min_size <= self.max_size:
            raise ValueError("min_size must be at least 1 and not above max_size")
        if set(self.excellent_grades) & set(self.flawed_grades):
            raise ValueError("a grade cannot qualify for both lists")


@dataclass(frozen=True)
class RankingEntry:
    """One evaluated subject of the month (a judgment)."""

    subject_id: int
    case_number: str
    score: float | None
    grade: Hashable | None
    veto_count: int = 0
    confirmed_at: datetime | None = None


@dataclass(frozen=True)
class RankedList:
    kind: str
    entries: tuple[RankingEntry, ...]
    qualifying: int
    short: bool
    tied_at_cut: tuple[RankingEntry, ...] = ()


@dataclass(frozen=True)
class MonthlyRanking:
    excellent: RankedList
    flawed: RankedList
    notes: tuple[str, ...] = field(default_factory=tuple)


def natural_key(text: str) -> tuple:
    """Sort key comparing digit runs as numbers: …民终9号 < …民终10号."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text or ""))


_NO_TIME = datetime.max


def _excellent_key(e: RankingEntry):
    return (-e.score, e.veto_count, e.confirmed_at or _NO_TIME, natural_key(e.case_number))


def _flawed_key(e: RankingEntry):
    return (e.score, -e.veto_count, e.confirmed_at or _NO_TIME, natural_key(e.case_number))


def _rank(kind: str, entries: Sequence[RankingEntry], grades, key, policy: RankingPolicy) -> RankedList:
    candidates = sorted((e for e in entries if e.score is not None and e.grade in grades), key=key)
    chosen = tuple(candidates[: policy.max_size])
    left_out = candidates[policy.max_size:]
    tied = tuple(e for e in left_out if chosen and e.score == chosen[-1].score)
    return RankedList(kind, chosen, len(candidates), len(candidates) < policy.min_size, tied)


def rank_month(entries: Iterable[RankingEntry], policy: RankingPolicy | None = None) -> MonthlyRanking:
    """Propose the month's excellent and flawed lists (rule in the module docstring)."""
    policy = policy or RankingPolicy()
    entries = list(entries)
    excellent = _rank(EXCELLENT, entries, policy.excellent_grades, _excellent_key, policy)
    flawed = _rank(FLAWED, entries, policy.flawed_grades, _flawed_key, policy)
    notes = []
    for ranked, label in ((excellent, "优秀"), (flawed, "瑕疵")):
        if ranked.short:
            notes.append(
                f"本月符合条件的{label}裁判文书仅 {ranked.qualifying} 篇，少于 {policy.min_size} 篇，"
                f"已全部列入，未以其他等级的文书补足。"
            )
        if ranked.tied_at_cut:
            notes.append(
                f"{label}榜第 {policy.max_size} 名与未入选的 {len(ranked.tied_at_cut)} 篇得分相同，"
                f"已按否决项、确认时间、案号依次排序决定。"
            )
    return MonthlyRanking(excellent, flawed, tuple(notes))


def describe_rule(policy: RankingPolicy | None = None,
                  labels: Mapping[Hashable, str] = GRADE_LABELS) -> list[str]:
    """The rule in Chinese, as stated on the ranking pages."""
    policy = policy or RankingPolicy()
    good = "、".join(labels.get(g, str(g)) for g in policy.excellent_grades)
    bad = "、".join(labels.get(g, str(g)) for g in policy.flawed_grades)
    return [
        f"优秀榜：从本月已确认等级为{good}的裁判文书中，按得分从高到低取前 {policy.max_size} 篇；"
        f"得分相同时，依次按否决项少者、确认时间早者、案号小者在前。",
        f"瑕疵榜：从本月已确认等级为{bad}的裁判文书中，按得分从低到高取前 {policy.max_size} 篇；"
        f"得分相同时，依次按否决项多者、确认时间早者、案号小者在前。",
        f"每榜应为 {policy.min_size}–{policy.max_size} 篇；符合条件的不足 {policy.min_size} 篇时全部列入并注明，"
        f"不以其他等级的文书补足。管理员可在 {policy.min_size}–{policy.max_size} 篇范围内增删、调整顺序。",
    ]


def check_list_size(count: int, qualifying: int, policy: RankingPolicy | None = None) -> str | None:
    """Return the Chinese refusal for a list of `count` entries, or None when it is acceptable.

    A list must hold min_size..max_size entries; when fewer than min_size qualify, it may hold
    fewer (but at least one, unless none qualify at all).
    """
    policy = policy or RankingPolicy()
    if count > policy.max_size:
        return f"每个榜单最多 {policy.max_size} 篇。"
    floor = min(policy.min_size, qualifying)
    if count < floor:
        return f"每个榜单至少 {floor} 篇（本月符合条件的有 {qualifying} 篇）。"
    return None
