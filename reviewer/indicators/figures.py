"""Figures for courts and the city: monthly counters summed in SQL, then the pure engine.

One query reads the current snapshots' monthly counters for every court (and month) a board
needs: the per-court sums stored on apply (CourtTally), or a division's rows grouped by court and
month in SQL; the 21 formulas run on those few hundred sums. Targets come from the editable
table, falling back to the plan's 2021 values; a court without a target of its own level is
measured against the city's (全市) target, and the board says which.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from sqlalchemy import BigInteger, Select, bindparam, cast, func, select

from models import Court, CourtLevel
from models.case_register import TALLY_COUNTERS, CaseTally, CourtTally, IndicatorSettings, IndicatorTarget
from reviewer import clock
from reviewer.extensions import db
from reviewer.indicators.formulas import INDICATORS, evaluate
from reviewer.indicators.period_data import Figure, Options, combine
from reviewer.indicators.periods import Period, add_months
from reviewer.indicators.targets import PLAN_2021, Target, Verdict, judge

TREND_MONTHS = 12
CITY = "全市"


def settings() -> IndicatorSettings:
    """The office's settings row (an unsaved default when none was saved yet)."""
    row = db.session.scalar(select(IndicatorSettings).order_by(IndicatorSettings.id).limit(1))
    return row or IndicatorSettings(options={}, ranking_enabled=False)


def options(saved: IndicatorSettings | None = None) -> Options:
    """The 口径 options of `saved` (default: the settings row); the defaults when they are invalid."""
    try:
        return Options.from_mapping((saved or settings()).options)
    except (TypeError, ValueError):
        return Options()


def default_year() -> int:
    return clock.today().year


def targets_for(year: int) -> dict[str, dict[str, Target]]:
    """{level: {indicator key: Target}} for the year: saved rows, else the plan's 2021 table."""
    rows = db.session.scalars(select(IndicatorTarget).where(IndicatorTarget.year == year)).all()
    if not rows:
        return PLAN_2021
    result: dict[str, dict[str, Target]] = {}
    for row in rows:
        result.setdefault(row.level, {})[row.key] = Target(row.op, row.value)
    return result


def level_of(court: Court | None) -> str:
    if court is None:
        return CITY
    return "中院" if court.level == CourtLevel.INTERMEDIATE else "基层"


@functools.cache
def _counters_query(by_courts: bool, by_division: bool) -> Select:
    """The monthly counters' statement, built once per shape with bound parameters (building the
    39 columns and their cache key cost more CPU than running the query). A whole court reads its
    stored sums (CourtTally, one row per court and month); a division sums its CaseTally rows."""
    if by_division:
        # BIGINT, not PostgreSQL's NUMERIC for a SUM of BIGINT: ints, not Decimals, to convert
        table = CaseTally
        columns = [cast(func.sum(getattr(CaseTally, c)), BigInteger).label(c) for c in TALLY_COUNTERS]
    else:
        table = CourtTally
        columns = [getattr(CourtTally, c) for c in TALLY_COUNTERS]
    query = (select(table.court_id, table.month, *columns)
             .where(table.current.is_(True), table.month >= bindparam("first"), table.month <= bindparam("last")))
    if by_division:
        query = query.where(CaseTally.division == bindparam("division")).group_by(CaseTally.court_id, CaseTally.month)
    if by_courts:
        query = query.where(table.court_id.in_(bindparam("court_ids", expanding=True)))
    return query


def monthly_counters(first: str, last: str, court_ids: list[int] | None = None,
                     division: str | None = None) -> dict[int, dict[str, dict[str, int]]]:
    """{court id: {month: {counter: sum}}} of the current snapshots, months first..last (one query)."""
    query = _counters_query(court_ids is not None, division is not None)
    params = {"first": first, "last": last, "court_ids": court_ids, "division": division}
    result: dict[int, dict[str, dict[str, int]]] = {}
    # a Core statement on the session's connection (no ORM layer), all rows fetched at once (not a
    # fetchone per row), plain tuples read by position (named row lookups cost ~8 ms over ~250 rows);
    # the sums are ints already (BIGINT columns, or SUMs cast to BIGINT)
    for court_id, month, *sums in db.session.connection().execute(query, params).tuples().all():
        result.setdefault(court_id, {})[month] = dict(zip(TALLY_COUNTERS, sums))
    return result


def sum_months(per_court: dict[int, dict[str, dict[str, int]]]) -> dict[str, dict[str, int]]:
    """The city's counters: every court's monthly counters added up, month by month."""
    by_month: dict[str, list[dict[str, int]]] = {}
    for months in per_court.values():
        for month, counters in months.items():
            by_month.setdefault(month, []).append(counters)
    # every court's dict has the same keys (TALLY_COUNTERS, from monthly_counters): add the columns
    return {month: dict(zip(TALLY_COUNTERS, map(sum, zip(*(map(c.__getitem__, TALLY_COUNTERS) for c in rows)))))
            for month, rows in by_month.items()}


@dataclass
class Cell:
    """One court's (or the city's) figure for one indicator, with its target and verdict, and the
    words the dashboard shows for them (worked out once here, not in the template's 231 cells)."""

    figure: Figure
    target: Target | None
    target_level: str | None
    verdict: Verdict
    state: str = "none"        # "met", "unmet" or "none" (no value or no target)
    goal: str = ""             # "目标 ≥ 91"; "目标 ≥ 90（全市）" when a court has no target of its level
    verdict_text: str = ""     # "达标 +2.08", "未达标 -1.31"; "" without a verdict


@dataclass
class BoardRow:
    label: str
    court: Court | None                     # None for the city
    cells: dict[str, Cell]
    trend: dict[str, list[float | None]] = field(default_factory=dict)


@dataclass
class Board:
    period: Period
    rows: list[BoardRow]
    trend_months: list[str]
    options: Options


def _cells(figures: dict[str, Figure], level: str, targets: dict[str, dict[str, Target]]) -> dict[str, Cell]:
    cells = {}
    for key, figure in figures.items():
        target, source = targets.get(level, {}).get(key), level
        if target is None and level != CITY:
            target, source = targets.get(CITY, {}).get(key), CITY
        if target is None:
            cells[key] = Cell(figure, None, None, judge(figure, None))
            continue
        verdict = judge(figure, target)
        goal = f"目标 {target.display}{'（全市）' if source != level else ''}"
        if verdict.met is None:
            cells[key] = Cell(figure, target, source, verdict, "none", goal)
        else:
            cells[key] = Cell(figure, target, source, verdict, "met" if verdict.met else "unmet", goal,
                              f"{verdict.label} {verdict.gap:+g}")
    return cells


def _row(label: str, court: Court | None, months: dict[str, dict[str, int]], period: Period,
         trend_months: list[str] | None, targets, opts: Options) -> BoardRow:
    figures = evaluate(combine(months, period), opts)
    trend: dict[str, list[float | None]] = {i.key: [] for i in INDICATORS}
    for month in trend_months or ():
        for key, figure in evaluate(combine(months, Period(month, month)), opts).items():
            trend[key].append(figure.value)
    return BoardRow(label, court, _cells(figures, level_of(court), targets), trend)


def board(period: Period, courts: list[Court], with_city: bool, division: str | None = None,
          trend_for: int | None = None, opts: Options | None = None) -> Board:
    """Every indicator for each court (and the city) over `period`, with the 12-month trend of one
    row: the court whose id is `trend_for`, else the city (or the only court). `opts`: the 口径
    options when the caller has read them already (default: the saved ones)."""
    opts = opts or options()
    trend_months = period.trailing(TREND_MONTHS).months
    # the month before the period (pending at its start) and January of the first trend month's
    # year (均衡度 over the year so far)
    first = min(add_months(period.first, -1), add_months(trend_months[0], -1), trend_months[0][:4] + "-01")
    per_court = monthly_counters(first, period.last, [c.id for c in courts], division)
    targets = targets_for(int(period.last[:4]))
    focus = trend_for if trend_for in {c.id for c in courts} else (None if with_city else courts[0].id if courts else None)
    rows = [_row(c.name, c, per_court.get(c.id, {}), period, trend_months if c.id == focus else None, targets, opts)
            for c in courts]
    if with_city:
        rows.append(_row(CITY, None, sum_months(per_court), period, trend_months if focus is None else None,
                         targets, opts))
    return Board(period, rows, trend_months, opts)
