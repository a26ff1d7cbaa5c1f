"""What the indicator functions read and return: the office's 口径 options, a court's counters
over a period, and one indicator's figure (shapes and units in each class's docstring).
Source: INDICATORS.md "working formulas"; the counters are defined in `tally.py`.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from reviewer.indicators.periods import Period, add_months, month_range
from reviewer.indicators.tally import COUNTERS

PENDING_END = tuple(c for c in COUNTERS if c.endswith("_pending_end") or c == "limit_pending_ok")


@dataclass(frozen=True)
class Options:
    """What the office may adjust (INDICATORS.md: the 口径 varies by court and year).

    - `retrial_counts_against_acceptance`: 申请再审 lowers 一审服判息诉率 (default no).
    - `mediation_variant`: "调解" (调解率, default) or "调撤" (调撤率 = 调解 + 撤诉).
    - `balance_variant`: "closures" (1 − σ/μ of monthly closures, default) or "ratio"
      (1 − σ/μ of monthly 结收比 = closures ÷ filings, months without filings left out).
    - `restored_by`: "amount" (到位金额 ÷ 申请标的, default) or "count" (cases with money recovered).
    """

    retrial_counts_against_acceptance: bool = False
    mediation_variant: str = "调解"
    balance_variant: str = "closures"
    restored_by: str = "amount"

    @classmethod
    def from_mapping(cls, values: Mapping | None) -> "Options":
        values = dict(values or {})
        known = {k: values[k] for k in cls.__dataclass_fields__ if k in values}
        options = cls(**known)
        if options.mediation_variant not in ("调解", "调撤") \
                or options.balance_variant not in ("closures", "ratio") \
                or options.restored_by not in ("amount", "count"):
            raise ValueError("口径选项的取值不在允许范围内。")
        return options


@dataclass
class PeriodData:
    """Counters of one court (or the city) over a period.

    `totals`: flow counters summed over the period's months; `*_pending_end` counters taken at
    the period's last month; `*_pending_start` = pending at the end of the month before.
    `monthly`: [(month, counters)] for the months the 均衡度 looks at (`balance_months`).
    """

    totals: dict[str, int]
    monthly: list[tuple[str, dict[str, int]]] = field(default_factory=list)

    def get(self, name: str) -> int:
        return self.totals.get(name, 0)


def balance_months(period: Period) -> list[str]:
    """The months 均衡度 compares: the period's months when it has three or more, otherwise the
    year so far (January of the period's last year to its last month)."""
    months = period.months
    if len(months) >= 3:
        return months
    return month_range(period.last[:4] + "-01", period.last)


def combine(monthly: Mapping[str, Mapping[str, int]], period: Period) -> PeriodData:
    """Build PeriodData from {month: counters} (months outside the period are ignored except the
    month before it, for pending at the start, and the 均衡度 months)."""
    totals: dict[str, int] = {}
    for month in period.months:
        for name, value in monthly.get(month, {}).items():
            if name not in PENDING_END:
                totals[name] = totals.get(name, 0) + value
    for name in PENDING_END:
        totals[name] = monthly.get(period.last, {}).get(name, 0)
    before = monthly.get(add_months(period.first, -1), {})
    for name in ("trial_pending_end", "exec_pending_end"):
        totals[name.replace("_end", "_start")] = before.get(name, 0)
    return PeriodData(totals, [(m, dict(monthly.get(m, {}))) for m in balance_months(period)])


class Figure(NamedTuple):
    """One indicator's value. `value` is a percentage (0–100), days, or a ratio; None = “—”.

    Immutable; a NamedTuple rather than a frozen dataclass because a board builds ~500 of them per
    view and a frozen dataclass's __init__ costs four times as much."""

    key: str
    value: float | None
    numerator: float
    denominator: float
    unit: str                          # "%", "天", "" (ratio)
    numerator_counters: tuple[str, ...] = ()
    denominator_counters: tuple[str, ...] = ()
    note: str = ""                     # which variant was used

    @property
    def display(self) -> str:
        if self.value is None:
            return "—"
        if self.unit == "%":
            return f"{self.value:.2f}%"
        if self.unit == "天":
            return f"{self.value:.1f} 天"
        return f"{self.value:.2f}"

    @property
    def fraction(self) -> str:
        """Numerator and denominator as shown under the value: "186 / 202"."""
        return f"{self.numerator:g} / {self.denominator:g}"
