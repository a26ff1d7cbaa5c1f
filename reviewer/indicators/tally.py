"""Monthly counters (统计口径的计数) of the register: what every indicator is computed from.

Each case contributes to named counters in the month of the event that counts it
(`contributions`); summing them per court, division and month gives the summary table the
dashboard reads, and listing the cases behind a figure uses the very same function, so a
figure and its case list cannot disagree.

Attribution rules:
- `*_filed` in the filing month; `*_closed` and every closure-based counter in the closing
  month (a case closed on the last day of a month counts in that month and is not pending at its
  end); `*_pending_end` at the end of every month in which the case is still open (filed on or
  before that month's last day, not closed by then). Pending at the start of a month = pending
  at the end of the month before.
- An appeal counts against the first-instance case's closing month, as known when the register
  was exported (an appeal lodged in a later month still lowers the earlier month's 服判息诉率);
  `appeals` / `appeals_timely` count in the month the appeal was lodged.
- A re-opened case (恢复执行, 执恢) is its own register row: the original closure stays in its
  month, the restored case is filed (and pending) from its own filing date.
- 生效案件: first-instance closures without an appeal on record, and second-instance and
  retrial closures.
Pure module.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from models.case_register import TALLY_COUNTERS
from reviewer.indicators.periods import add_months, last_day, month_key
from reviewer.indicators.register import (
    FINAL_CLOSURE, MEDIATED, RETRIAL_CHANGED, RETRIAL_ENTERED, REVERSED, WITHDRAWN, CaseRow,
    closing_matches, due_on, trial_days,
)

APPEAL_TRANSFER_DAYS = 30  # default: an appeal is transferred within 30 days of being lodged

# The counters, in the order of CaseTally's columns (one list, kept with the model's columns).
COUNTERS = TALLY_COUNTERS
TRIAL = ("民事", "刑事", "行政")
EXECUTION = ("执行", "恢复执行")


def _closure(row: CaseRow, due) -> Iterator[tuple[str, int]]:
    if row.category in TRIAL:
        yield "trial_closed", 1
        yield "trial_days_sum", trial_days(row) or 0
        if due is not None:
            yield "limit_closed", 1
            if row.closed_on <= due:
                yield "limit_closed_ok", 1
        if row.procedure == "一审":
            yield from _first_instance(row)
        effective = (row.procedure == "一审" and row.appealed_on is None) \
            or row.procedure in ("二审", "再审")
        if effective:
            yield from _effective(row)
        if row.category == "民事" and row.procedure == "二审":
            yield "civil_second_closed", 1
            if row.fast_track:
                yield "civil_second_fast", 1
    elif row.category == "执行" and row.procedure in EXECUTION:
        yield "exec_closed", 1
        if due is not None and row.closed_on <= due:
            yield "exec_in_time", 1
        if closing_matches(row.closing_method, (FINAL_CLOSURE,)) and row.final_review in ("合格", "不合格"):
            yield "final_reviewed", 1
            if row.final_review == "合格":
                yield "final_qualified", 1
        if row.procedure == "恢复执行":
            yield "restored_closed", 1
            yield "restored_amount_applied", row.amount_applied
            yield "restored_amount_recovered", row.amount_recovered
            if row.amount_recovered > 0:
                yield "restored_recovered", 1


def _first_instance(row: CaseRow) -> Iterator[tuple[str, int]]:
    yield "first_closed", 1
    if row.appealed_on is None:
        yield "first_accepted", 1
        if row.retrial_applied_on is None:
            yield "first_accepted_strict", 1
    else:
        yield "first_appealed", 1
    if row.appeal_outcome in REVERSED:
        yield "first_reversed", 1
    if row.appeal_outcome in REVERSED or row.retrial_outcome in RETRIAL_CHANGED:
        yield "first_changed", 1
    if row.category == "民事":
        yield "civil_first_closed", 1
        if closing_matches(row.closing_method, MEDIATED):
            yield "civil_mediated", 1
        elif closing_matches(row.closing_method, WITHDRAWN):
            yield "civil_withdrawn", 1
        if row.small_claims:
            yield "civil_small_claims", 1
        elif row.simple_procedure:
            yield "civil_simple", 1


def _effective(row: CaseRow) -> Iterator[tuple[str, int]]:
    yield "effective", 1
    if row.retrial_applied_on is not None:
        yield "effective_retrial_applied", 1
    if row.retrial_outcome in RETRIAL_ENTERED:
        yield "effective_retrial_entered", 1
    if row.retrial_outcome in RETRIAL_CHANGED:
        yield "effective_retrial_changed", 1
    if row.payable:
        yield "payable", 1
        if not row.enforced:
            yield "payable_voluntary", 1


_UNSET = object()


def contributions(row: CaseRow, through: str, since: str | None = None,
                  transfer_days: int = APPEAL_TRANSFER_DAYS, due=_UNSET) -> Iterator[tuple[str, str, int]]:
    """Yield (month, counter, amount) for one case, for months up to `through` (YYYY-MM).

    `since` (YYYY-MM) drops earlier months, so a case pending since 2010 does not produce a
    row for every month since then. Amounts are 1 for counts, days for `trial_days_sum`, fen
    for the `restored_amount_*` counters.
    """
    def keep(month: str) -> bool:
        return month <= through and (since is None or month >= since)

    trial = row.category in TRIAL
    execution = row.category == "执行" and row.procedure in EXECUTION
    due = due_on(row) if due is _UNSET else due
    filed_month = month_key(row.filed_on)
    if keep(filed_month):
        if trial:
            yield filed_month, "trial_filed", 1
        elif execution:
            yield filed_month, "exec_filed", 1
    if row.closed_on is not None and keep(month_key(row.closed_on)):
        for counter, amount in _closure(row, due):
            yield month_key(row.closed_on), counter, amount
    if trial and row.appealed_on is not None and row.procedure == "一审" \
            and keep(month_key(row.appealed_on)):
        yield month_key(row.appealed_on), "appeals", 1
        if row.transferred_on is not None and (row.transferred_on - row.appealed_on).days <= transfer_days:
            yield month_key(row.appealed_on), "appeals_timely", 1
    if trial or execution:
        yield from _pending(row, through, since, trial, due)


def _pending(row: CaseRow, through: str, since: str | None, trial: bool, due) -> Iterator[tuple[str, str, int]]:
    month = month_key(row.filed_on)
    if since is not None and month < since:
        month = since
    while month <= through:
        end: date = last_day(month)
        if row.closed_on is not None and row.closed_on <= end:
            return
        if trial:
            yield month, "trial_pending_end", 1
            if due is not None:
                yield month, "limit_pending_end", 1
                if due >= end:
                    yield month, "limit_pending_ok", 1
        else:
            yield month, "exec_pending_end", 1
        month = add_months(month, 1)


def tally(rows: Iterable[tuple[object, CaseRow]], through: str, since: str | None = None,
          transfer_days: int = APPEAL_TRANSFER_DAYS) -> dict[tuple[object, str], dict[str, int]]:
    """Sum the contributions of (group, case) pairs into {(group, month): {counter: total}}.

    `group` is whatever the caller groups by (a division name, a court id, or a tuple).
    Counters that stay zero are absent from a month's dict.
    """
    totals: dict[tuple[object, str], dict[str, int]] = {}
    for group, row in rows:
        for month, counter, amount in contributions(row, through, since, transfer_days):
            bucket = totals.setdefault((group, month), {})
            bucket[counter] = bucket.get(counter, 0) + amount
    return totals
