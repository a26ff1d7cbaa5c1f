"""A figure's case list and the watch lists read only their candidate rows (index ranges) yet list
exactly what the rules count, page by page, with a query count that does not grow with the register."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from models import Role, WatchCount
from models.case_register import TALLY_COUNTERS, CaseImport, CaseRecord, CaseTally, CourtTally, RegisterImportStatus
from reviewer.extensions import db as _db
from reviewer.demo.register import csv_text, register_rows
from reviewer.indicators import cases, figures, imports, watch, watch_counts
from reviewer.indicators.formulas import INDICATORS
from reviewer.indicators.periods import Period
from reviewer.indicators.register import add_calendar_months
from reviewer.indicators.tally import APPEAL_TRANSFER_DAYS
from tests.conftest import count_queries
from tests.factories import make_court, make_user

AS_OF = date(2021, 6, 30)
DIVISIONS = ("民一庭", "民二庭", "城区人民法庭", "刑事审判庭", "行政审判庭", "执行局")


def _register(court, months: int, per_month: int, seed: int, as_of: date = AS_OF) -> None:
    text = csv_text(register_rows(court, as_of, months, per_month, seed))
    imports.apply(None, imports.upload(None, court, io.BytesIO(text.encode("utf-8")), "台账.csv", as_of))


@pytest.fixture
def registers(app, db):
    first, second = make_court("豫0802", divisions=DIVISIONS), make_court("豫0811", divisions=DIVISIONS)
    _register(first, months=30, per_month=24, seed=1)
    _register(second, months=30, per_month=18, seed=2)
    admin = make_user(roles=(Role.ADMIN,))
    db.session.commit()
    return first, second, admin


def _every_record(court_id: int) -> list[CaseRecord]:
    return list(_db.session.scalars(select(CaseRecord).where(CaseRecord.court_id == court_id).order_by(CaseRecord.id)))


PERIODS = [Period("2021-05", "2021-05"), Period("2021-04", "2021-06"), Period("2020-01", "2020-12")]


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.code)
def test_a_figures_list_is_every_case_the_rule_counts(registers, period):
    court = registers[0]
    everything = _every_record(court.id)
    options = figures.options()
    checked = 0
    for indicator in INDICATORS:
        for side in ("num", "den"):
            wanted = cases.counters_of(indicator.key, side, options)
            expected = [r.id for r in everything if cases.counts_in(cases.as_row(r), period, wanted)]
            assert [r.id for r in cases.matching(court.id, period, wanted)] == expected, (indicator.key, side)
            checked += bool(expected)
    assert checked > 20           # most figures have cases in these periods


def test_a_figures_list_pages_on_from_the_last_id(registers, monkeypatch):
    court = registers[0]
    monkeypatch.setattr(cases, "PAGE", 7)
    period, wanted = Period("2021-01", "2021-06"), ("trial_closed",)
    seen, after = [], 0
    while True:
        records, after = cases.page(court.id, period, wanted, after=after)
        seen += [r.id for r in records]
        if after is None:
            break
    assert seen == [r.id for r in cases.matching(court.id, period, wanted)] and len(seen) > 14


def _by_rule(kind: str, record: CaseRecord, as_of: date) -> bool:
    """The watch lists' rules (reviewer/indicators/watch.py docstring), on one row in Python."""
    if kind.startswith("pending_"):
        cutoff = add_calendar_months(as_of, -int(kind.split("_")[1]))
        return record.closed_on is None and record.filed_on <= cutoff and record.category != "其他"
    if kind == "overdue":
        return record.closed_on is None and record.due_on is not None and record.due_on < as_of
    if kind == "unapproved":
        return (record.deducted_days > 0 and record.deduction_approved_on is None) or (
            record.extended_days > 0 and record.extension_approved_on is None)
    return (record.appealed_on is not None and record.transferred_on is None
            and record.appealed_on < as_of - timedelta(days=APPEAL_TRANSFER_DAYS))


def test_watch_lists_count_and_page_by_the_rules_court_by_court(registers, monkeypatch):
    first, second, _ = registers
    snaps = watch.snapshots(None)
    records = _every_record(first.id) + _every_record(second.id)
    counts = watch.counts(snaps)
    monkeypatch.setattr(watch, "PAGE", 5)
    for kind in watch.LISTS:
        expected = [r for r in records if _by_rule(kind, r, AS_OF)]
        assert counts[kind] == {c.id: n for c in (first, second)
                                if (n := sum(1 for r in expected if r.court_id == c.id))}, kind
        seen, after = [], None
        while True:
            page, cursor = watch.page(kind, snaps, after=watch.parse_cursor(after))
            seen += [r.id for r in page]
            if cursor is None:
                break
            after = cursor
        assert seen == [r.id for r in sorted(expected, key=lambda r: (r.court_id, r.id))], kind
    assert sum(len(v) for v in counts.values()) > 6     # the data exercises several lists in both courts
    assert watch.parse_cursor("x_1") is None and watch.parse_cursor("3_9") == (3, 9)


def test_list_pages_run_the_same_statements_whatever_the_register_holds(app, db, client, login):
    court = make_court("豫0802", divisions=DIVISIONS)
    _register(court, months=6, per_month=5, seed=3)
    admin = make_user(roles=(Role.ADMIN,))
    db.session.commit()
    client = login(admin)
    urls = ["/indicators/watch", "/indicators/watch?kind=unapproved", "/indicators/watch?kind=late_transfer",
            f"/indicators/cases?court={court.id}&key=average_days&side=num&period=2021-05",
            f"/indicators/cases?court={court.id}&key=exec_closure_rate&side=den&period=2021-05"]
    small = []
    for url in urls:
        client.get(url)
        with count_queries() as n:
            assert client.get(url).status_code == 200
        small.append(n[0])
    _register(court, months=36, per_month=40, seed=4)
    _register(make_court("豫0811", divisions=DIVISIONS), months=36, per_month=20, seed=5)
    db.session.commit()
    large = []
    for url in urls:
        with count_queries() as n:
            assert client.get(url).status_code == 200
        large.append(n[0])
    assert large == small


def _rule_totals(court_ids, as_of: date, division: str | None = None) -> dict[str, dict[int, int]]:
    records = [r for c in court_ids for r in _every_record(c) if division is None or r.division == division]
    return {kind: {c: n for c in court_ids if (n := sum(1 for r in records if r.court_id == c and _by_rule(kind, r, as_of)))}
            for kind in watch.LISTS}


def test_stored_counts_equal_the_rules_after_an_import_is_applied_replaced_or_rolled_back(registers, db):
    first, second, _ = registers
    ids = [first.id, second.id]
    assert watch.counts(watch.snapshots(None)) == _rule_totals(ids, AS_OF)
    assert watch.counts(watch.snapshots(None), "执行局") == _rule_totals(ids, AS_OF, "执行局")
    later = date(2021, 9, 30)
    _register(first, months=20, per_month=15, seed=7, as_of=later)          # replaces the first court's register
    db.session.commit()
    assert watch.counts(watch.snapshots(None)) == {
        kind: {c: n for c, n in ((first.id, _rule_totals([first.id], later)[kind].get(first.id)),
                                 (second.id, _rule_totals([second.id], AS_OF)[kind].get(second.id))) if n}
        for kind in watch.LISTS}
    replaced = watch.counts(watch.snapshots(None))
    assert db.session.scalar(select(func.count()).select_from(WatchCount).where(
        WatchCount.import_id.not_in(select(CaseImport.id).where(CaseImport.status == RegisterImportStatus.APPLIED)))) == 0
    _register(second, months=12, per_month=10, seed=8, as_of=later)
    db.session.rollback()                                                   # the unit of work fails: nothing changed
    assert watch.counts(watch.snapshots(None)) == replaced
    stored = sorted(db.session.execute(select(WatchCount.court_id, WatchCount.division, WatchCount.kind,
                                              WatchCount.count)).all())
    assert watch_counts.rebuild(db.session) == len(stored)
    assert sorted(db.session.execute(select(WatchCount.court_id, WatchCount.division, WatchCount.kind,
                                            WatchCount.count)).all()) == stored


def _division_sums() -> dict[tuple[int, str], dict[str, int]]:
    """The current CaseTally rows of every division added up per court and month, in SQL."""
    rows = _db.session.execute(select(CaseTally.court_id, CaseTally.month,
                                      *[func.sum(getattr(CaseTally, c)) for c in TALLY_COUNTERS])
                               .where(CaseTally.current.is_(True)).group_by(CaseTally.court_id, CaseTally.month))
    return {(court_id, month): dict(zip(TALLY_COUNTERS, map(int, sums))) for court_id, month, *sums in rows}


def _court_sums() -> dict[tuple[int, str], dict[str, int]]:
    return {(court_id, month): counters
            for court_id, months in figures.monthly_counters("2000-01", "2099-12").items()
            for month, counters in months.items()}


def test_stored_court_sums_equal_the_divisions_after_an_import_is_applied_or_replaced(registers, db):
    first, second, _ = registers
    assert _court_sums() == _division_sums() and len(_court_sums()) > 40
    previous = db.session.scalar(select(CaseImport.id).where(CaseImport.court_id == first.id))
    _register(first, months=20, per_month=15, seed=7, as_of=date(2021, 9, 30))    # replaces the register
    db.session.commit()
    assert _court_sums() == _division_sums()
    assert db.session.scalar(select(func.count()).select_from(CourtTally).where(
        CourtTally.import_id == previous, CourtTally.current.is_(True))) == 0
    assert db.session.scalar(select(func.count()).select_from(CourtTally).where(
        CourtTally.import_id == previous)) > 0                                       # kept as history
