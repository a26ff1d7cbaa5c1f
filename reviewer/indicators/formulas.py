"""The plan's twenty indicators and the 二审速裁 share, as pure functions over period totals.

Every indicator is a function `(data: PeriodData, options: Options) -> Figure`; its docstring
is its 口径 (which cases count in the numerator and the denominator) and is shown beside the
figure. A figure whose denominator is 0 has no value and is shown as “—”, never 0 % or an error.
Source: INDICATORS.md “working formulas” and the plan's annex table; the counters they read
are defined in `tally.py`.
"""
from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass

from reviewer.indicators.period_data import Figure, Options, PeriodData


def _ratio(key: str, data: PeriodData, num: tuple[str, ...], den: tuple[str, ...],
           unit: str = "%", note: str = "") -> Figure:
    get = data.totals.get
    numerator = sum([get(n, 0) for n in num])
    denominator = sum([get(d, 0) for d in den])
    if denominator == 0:
        value = None
    else:
        value = numerator / denominator * (100 if unit == "%" else 1)
    return Figure(key, value, numerator, denominator, unit, num, den, note)


def acceptance(data: PeriodData, options: Options) -> Figure:
    """一审服判息诉率 = (一审结案数 − 上诉案件数 [− 申请再审数]) ÷ 一审结案数。
    分母：期间内审结的民事、刑事、行政一审案件；分子：其中没有上诉（按导出时的记录，含期后上诉）的案件；
    选项“申请再审计入”时，再扣除申请再审的案件。"""
    if options.retrial_counts_against_acceptance:
        return _ratio("acceptance", data, ("first_accepted_strict",), ("first_closed",), note="扣除申请再审")
    return _ratio("acceptance", data, ("first_accepted",), ("first_closed",), note="不扣除申请再审")


def retrial_review_rate(data: PeriodData, options: Options) -> Figure:
    """再审审查率 = 申请再审审查案件数 ÷ 生效案件数。分母：期间内生效的案件（未上诉的一审结案、二审结案、
    再审结案）；分子：其中当事人申请再审的案件。"""
    return _ratio("retrial_review_rate", data, ("effective_retrial_applied",), ("effective",))


def first_reversal_rate(data: PeriodData, options: Options) -> Figure:
    """一审案件改判、发回重审率 = (一审案件被二审改判数 + 发回重审数) ÷ 一审结案数。分母：期间内审结的一审案件；
    分子：其中二审结果为改判或发回重审的案件（按一审结案月份归属）。"""
    return _ratio("first_reversal_rate", data, ("first_reversed",), ("first_closed",))


def closed_in_limit(data: PeriodData, options: Options) -> Figure:
    """法定审限内结案率 = 审限内结案数 ÷ 结案数。分母：期间内审结、有法定审限的审判案件；分子：其中结案日不晚于
    审限届满日（立案日 + 法定审限 + 经批准扣除天数 + 经批准延长天数）的案件。"""
    return _ratio("closed_in_limit", data, ("limit_closed_ok",), ("limit_closed",))


def balance(data: PeriodData, options: Options) -> Figure:
    """收结案数均衡度 = 1 − 月度结案数标准差 ÷ 月度结案数平均值（期间不足三个月时取当年 1 月至期末）。
    变体“结收比”：1 − 月度结收比（结案数 ÷ 收案数）的标准差 ÷ 平均值。少于两个月或平均值为 0 时为“—”。"""
    if options.balance_variant == "ratio":
        series = [m.get("trial_closed", 0) / m["trial_filed"] for _, m in data.monthly
                  if m.get("trial_filed")]
        note = "月度结收比"
    else:
        series = [m.get("trial_closed", 0) for _, m in data.monthly]
        note = "月度结案数"
    mean = math.fsum(series) / len(series) if series else 0
    if len(series) < 2 or mean == 0:
        return Figure("balance", None, 0, len(series), "", (), ("trial_closed",), note)
    # the population standard deviation in floats: statistics.pstdev's exact Fractions took half
    # the time of all 21 indicators, for digits beyond the two shown
    deviation = math.sqrt(math.fsum((x - mean) ** 2 for x in series) / len(series))
    return Figure("balance", 1 - deviation / mean, round(deviation, 4), round(mean, 4), "",
                  (), ("trial_closed",), note)


def voluntary_performance(data: PeriodData, options: Options) -> Figure:
    """生效裁判自动履行率 = 有给付内容的生效裁判中未进入强制执行的数 ÷ 有给付内容的生效裁判数（按生效案件的结案月份）。"""
    return _ratio("voluntary_performance", data, ("payable_voluntary",), ("payable",))


def effective_reversal_rate(data: PeriodData, options: Options) -> Figure:
    """生效案件改判、发回重审率 = 生效案件经再审改判、发回数 ÷ 生效案件数（同期）。"""
    return _ratio("effective_reversal_rate", data, ("effective_retrial_changed",), ("effective",))


def first_change_rate(data: PeriodData, options: Options) -> Figure:
    """一审案件裁判变更率 = 一审裁判被二审或再审改判、发回、变更的数 ÷ 一审结案数。"""
    return _ratio("first_change_rate", data, ("first_changed",), ("first_closed",))


def retrial_entry_rate(data: PeriodData, options: Options) -> Figure:
    """进入再审率 = 裁定再审案件数 ÷ 生效案件数。分子：生效案件中经审查裁定再审（含再审后改判、发回、维持）的案件。"""
    return _ratio("retrial_entry_rate", data, ("effective_retrial_entered",), ("effective",))


def mediation_rate(data: PeriodData, options: Options) -> Figure:
    """民事案件调解率 = 调解结案数 ÷ 民事一审结案数；变体“调撤率” = (调解 + 撤诉结案数) ÷ 民事一审结案数。"""
    if options.mediation_variant == "调撤":
        return _ratio("mediation_rate", data, ("civil_mediated", "civil_withdrawn"),
                      ("civil_first_closed",), note="调撤率")
    return _ratio("mediation_rate", data, ("civil_mediated",), ("civil_first_closed",), note="调解率")


def withdrawal_rate(data: PeriodData, options: Options) -> Figure:
    """撤诉率 = 撤诉结案数（含按撤诉处理）÷ 民事一审结案数。"""
    return _ratio("withdrawal_rate", data, ("civil_withdrawn",), ("civil_first_closed",))


def average_days(data: PeriodData, options: Options) -> Figure:
    """平均审理天数 = Σ(结案日 − 立案日 − 经批准扣除天数) ÷ 结案数（期间内审结的审判案件）。"""
    return _ratio("average_days", data, ("trial_days_sum",), ("trial_closed",), unit="天")


def pending_in_limit(data: PeriodData, options: Options) -> Figure:
    """法定审限内未结案比 = 期末未结案件中未超审限的数 ÷ 期末未结案件数（有法定审限的审判案件）。"""
    return _ratio("pending_in_limit", data, ("limit_pending_ok",), ("limit_pending_end",))


def timely_transfer(data: PeriodData, options: Options) -> Figure:
    """上诉案件及时移转率 = 在规定期限内（上诉之日起 30 日内）移送二审的上诉案件数 ÷ 期间内提起上诉的一审案件数。"""
    return _ratio("timely_transfer", data, ("appeals_timely",), ("appeals",))


def simple_procedure_rate(data: PeriodData, options: Options) -> Figure:
    """简易程序适用率 = 适用简易程序（含小额诉讼）审结的民事一审案件数 ÷ 民事一审结案数。"""
    return _ratio("simple_procedure_rate", data, ("civil_simple", "civil_small_claims"),
                  ("civil_first_closed",))


def small_claims_rate(data: PeriodData, options: Options) -> Figure:
    """小额诉讼程序适用率 = 适用小额诉讼程序审结的民事一审案件数 ÷ 民事一审结案数。"""
    return _ratio("small_claims_rate", data, ("civil_small_claims",), ("civil_first_closed",))


def final_qualified_rate(data: PeriodData, options: Options) -> Figure:
    """终本合格率 = 终本案件中经审查合格的数 ÷ 经审查的终本案件数（期间内以终本方式结案的执行案件）。"""
    return _ratio("final_qualified_rate", data, ("final_qualified",), ("final_reviewed",))


def exec_in_time_rate(data: PeriodData, options: Options) -> Figure:
    """法定期限内执结率 = 立案后六个月内（加经批准扣除、延长天数）执结的数 ÷ 执行结案数（首次执行与恢复执行）。"""
    return _ratio("exec_in_time_rate", data, ("exec_in_time",), ("exec_closed",))


def restored_recovery(data: PeriodData, options: Options) -> Figure:
    """恢复案件实际执行到位率 = 期间内结案的恢复执行案件实际到位金额 ÷ 申请执行标的金额；
    变体“按件数”：有实际到位金额的恢复执行结案数 ÷ 恢复执行结案数。"""
    if options.restored_by == "count":
        return _ratio("restored_recovery", data, ("restored_recovered",), ("restored_closed",), note="按件数")
    return _ratio("restored_recovery", data, ("restored_amount_recovered",),
                  ("restored_amount_applied",), note="按金额")


def exec_closure_rate(data: PeriodData, options: Options) -> Figure:
    """执行案件结案率 = 执行结案数 ÷ (旧存 + 新收)。旧存：期初未结的首次执行、恢复执行案件；新收：期间内立案的。"""
    return _ratio("exec_closure_rate", data, ("exec_closed",), ("exec_pending_start", "exec_filed"))


def fast_track_share(data: PeriodData, options: Options) -> Figure:
    """二审速裁办案占比 = 以速裁方式审结的民事二审案件数 ÷ 民事二审结案数（计划措施十一：保三争四）。"""
    return _ratio("fast_track_share", data, ("civil_second_fast",), ("civil_second_closed",))


@dataclass(frozen=True)
class Indicator:
    number: int            # the row in the plan's table; 21 = 二审速裁 share
    key: str
    name: str
    kind: str              # 考核 / 分析
    compute: Callable[[PeriodData, Options], Figure]

    @property
    def caliber(self) -> str:
        """The 口径: the compute function's docstring, on one paragraph."""
        return " ".join(line.strip() for line in inspect.getdoc(self.compute).splitlines())


INDICATORS: tuple[Indicator, ...] = (
    Indicator(1, "acceptance", "一审服判息诉率", "考核", acceptance),
    Indicator(2, "retrial_review_rate", "再审审查率", "考核", retrial_review_rate),
    Indicator(3, "first_reversal_rate", "一审案件改判、发回重审率", "考核", first_reversal_rate),
    Indicator(4, "closed_in_limit", "法定审限内结案率", "考核", closed_in_limit),
    Indicator(5, "balance", "收结案数均衡度", "考核", balance),
    Indicator(6, "voluntary_performance", "生效裁判自动履行率", "考核", voluntary_performance),
    Indicator(7, "effective_reversal_rate", "生效案件改判、发回重审率", "分析", effective_reversal_rate),
    Indicator(8, "first_change_rate", "一审案件裁判变更率", "分析", first_change_rate),
    Indicator(9, "retrial_entry_rate", "进入再审率", "分析", retrial_entry_rate),
    Indicator(10, "mediation_rate", "民事案件调解率", "分析", mediation_rate),
    Indicator(11, "withdrawal_rate", "撤诉率", "分析", withdrawal_rate),
    Indicator(12, "average_days", "平均审理天数", "分析", average_days),
    Indicator(13, "pending_in_limit", "法定审限内未结案比", "分析", pending_in_limit),
    Indicator(14, "timely_transfer", "上诉案件及时移转率", "分析", timely_transfer),
    Indicator(15, "simple_procedure_rate", "简易程序适用率", "分析", simple_procedure_rate),
    Indicator(16, "small_claims_rate", "小额诉讼程序适用率", "分析", small_claims_rate),
    Indicator(17, "final_qualified_rate", "终本合格率", "考核", final_qualified_rate),
    Indicator(18, "exec_in_time_rate", "法定期限内执结率", "考核", exec_in_time_rate),
    Indicator(19, "restored_recovery", "恢复案件实际执行到位率", "分析", restored_recovery),
    Indicator(20, "exec_closure_rate", "执行案件结案率", "考核", exec_closure_rate),
    Indicator(21, "fast_track_share", "二审速裁办案占比", "分析", fast_track_share),
)
BY_KEY = {i.key: i for i in INDICATORS}


def evaluate(data: PeriodData, options: Options | None = None) -> dict[str, Figure]:
    """Every indicator's figure for one court (or the city) over one period, by key."""
    options = options or Options()
    return {i.key: i.compute(data, options) for i in INDICATORS}
