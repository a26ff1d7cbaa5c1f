"""Targets (目标值) per year and level, and whether a figure meets its target.

Levels: 中院 (the intermediate court's own cases), 基层 (each basic court), 全市 (all courts
together). `PLAN_2021` is the annex table of the plan (INDICATORS.md “The plan's targets”), plus
measure 11's 二审速裁 share (≥ 30 %). The database holds the editable copy (preloaded from this
table); this module only knows the plan's values and the comparison. Pure module.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from reviewer.indicators.period_data import Figure

LEVELS = ("中院", "基层", "全市")


@dataclass(frozen=True)
class Target:
    op: str        # ">=" or "<="
    value: float   # percent for % indicators, days, or a ratio

    @property
    def display(self) -> str:
        return f"{'≥' if self.op == '>=' else '≤'} {self.value:g}"


class Verdict(NamedTuple):
    """Whether a figure meets its target (a NamedTuple: one per board cell, cheap to build)."""

    met: bool | None      # None: no value or no target
    gap: float | None     # value − target (signed); positive is better for ≥, negative for ≤

    @property
    def label(self) -> str:
        return "—" if self.met is None else ("达标" if self.met else "未达标")


PLAN_2021: dict[str, dict[str, Target]] = {
    "中院": {
        "retrial_review_rate": Target("<=", 5), "effective_reversal_rate": Target("<=", 0.3),
        "first_change_rate": Target("<=", 1), "retrial_entry_rate": Target("<=", 0.5),
        "fast_track_share": Target(">=", 30),
    },
    "基层": {
        "acceptance": Target(">=", 91), "mediation_rate": Target(">=", 30),
        "withdrawal_rate": Target(">=", 15), "simple_procedure_rate": Target(">=", 80),
        "small_claims_rate": Target(">=", 20),
    },
    "全市": {
        "acceptance": Target(">=", 90), "first_reversal_rate": Target("<=", 1.5),
        "closed_in_limit": Target(">=", 97), "balance": Target(">=", 0.8),
        "voluntary_performance": Target(">=", 60), "mediation_rate": Target(">=", 30),
        "withdrawal_rate": Target(">=", 15), "average_days": Target("<=", 45),
        "pending_in_limit": Target(">=", 95), "timely_transfer": Target(">=", 95),
        "final_qualified_rate": Target(">=", 100), "exec_in_time_rate": Target(">=", 90),
        "restored_recovery": Target(">=", 30), "exec_closure_rate": Target(">=", 90),
    },
}


def judge(figure: Figure, target: Target | None) -> Verdict:
    """Compare a figure with its target; met is None when either is missing (shown as “—”).

    Percentages are compared after rounding to two decimals, as they are displayed, so a figure
    shown as 97.00% meets “≥ 97”.
    """
    if target is None or figure.value is None:
        return Verdict(None, None)
    value = round(figure.value, 2 if figure.unit else 4)
    gap = value - target.value
    met = value >= target.value if target.op == ">=" else value <= target.value
    return Verdict(met, round(gap, 4))
