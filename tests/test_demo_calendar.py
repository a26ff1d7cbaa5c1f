"""The demo's dates relative to an injected 'today' (reviewer/demo/calendar.py): months, the
top-ten years, last quarter, and moments never in the future."""
from datetime import date, datetime, timedelta, timezone

import pytest

from models.base import clock_at, utcnow
from reviewer.demo.calendar import DemoCalendar, add_months


@pytest.mark.parametrize("today, months, year, observation", [
    (date(2026, 11, 30), ["2026-08", "2026-09", "2026-10"], 2026, (2026, 3)),
    (date(2027, 1, 3), ["2026-10", "2026-11", "2026-12"], 2026, (2026, 4)),
    (date(2027, 2, 15), ["2026-11", "2026-12", "2027-01"], 2026, (2026, 4)),
    (date(2027, 3, 1), ["2026-12", "2027-01", "2027-02"], 2026, (2026, 4)),
    (date(2027, 4, 1), ["2027-01", "2027-02", "2027-03"], 2027, (2027, 1)),
    (date(2026, 7, 31), ["2026-04", "2026-05", "2026-06"], 2026, (2026, 2)),
])
def test_months_years_and_last_quarter_follow_today(today, months, year, observation):
    cal = DemoCalendar(today)
    assert cal.months == months and cal.current == months[-1] and cal.published == months[:-1]
    assert (cal.year, cal.last_year, cal.observation) == (year, year - 1, observation)
    assert cal.last_year_month == f"{year - 1}-06"
    # last quarter always shares a month with the demo's months, so its round has recordings
    assert set(cal.observation_months()) & set(months)


def test_moments_fall_in_the_following_month_and_never_in_the_future():
    cal = DemoCalendar(date(2026, 11, 3))
    assert cal.at("2026-09", 14, 10) == datetime(2026, 10, 14, 2, tzinfo=timezone.utc)
    assert cal.at("2026-10", 14, 10) == cal.now - timedelta(hours=1)      # would be 14 Nov: capped
    assert cal.at("2026-10", 2, 9) == datetime(2026, 11, 2, 1, tzinfo=timezone.utc)
    assert cal.within("2026-10", 5) == datetime(2026, 10, 5, 2, tzinfo=timezone.utc)


@pytest.mark.parametrize("month, n, expected", [("2026-11", 2, "2027-01"), ("2026-01", -1, "2025-12"),
                                                ("2026-12", 0, "2026-12"), ("2026-03", -14, "2025-01")])
def test_add_months(month, n, expected):
    assert add_months(month, n) == expected


def test_the_clock_is_set_only_inside_the_block():
    moment = datetime(2021, 5, 10, 8, tzinfo=timezone.utc)
    with clock_at(moment):
        assert utcnow() == moment
    assert utcnow() > moment
    with pytest.raises(ValueError):
        with clock_at(datetime(2021, 5, 10)):
            pass
