"""The court's clock (`reviewer.clock`): days are Beijing's, whatever the server's time zone, so
"today" is the same day for the pages, the demo's calendar and the checks of a date entered by a
user. The machines that run these tests keep UTC, on which `date.today()` was the day before from
00:00 to 08:00 Beijing time (a register exported "today" was refused as dated in the future)."""
import io
from datetime import UTC, date, datetime

import pytest

from models.base import clock_at
from models.month import current_evaluation_month
from reviewer import clock
from reviewer.errors import DomainError
from reviewer.indicators import imports
from tests.factories import make_court, make_user

BEFORE_MIDNIGHT = datetime(2026, 11, 30, 15, 59, tzinfo=UTC)      # 23:59 in Beijing
AFTER_MIDNIGHT = datetime(2026, 11, 30, 16, 1, tzinfo=UTC)        # 00:01 on 1 December in Beijing


def test_the_courts_day_turns_at_midnight_in_beijing():
    with clock_at(BEFORE_MIDNIGHT):
        assert clock.today() == date(2026, 11, 30)
        assert clock.now().hour == 23
        assert current_evaluation_month() == "2026-10"     # the month the courts evaluate in November
    with clock_at(AFTER_MIDNIGHT):
        assert clock.today() == date(2026, 12, 1)
        assert current_evaluation_month() == "2026-11"


def test_a_register_exported_today_in_jiaozuo_is_accepted_at_any_hour(db):
    court = make_court("豫0802")
    liaison = make_user(court=court)
    with clock_at(AFTER_MIDNIGHT):
        item = imports.receive(liaison, court, io.BytesIO("案号,立案日期\n".encode()), "a.csv", date(2026, 12, 1))
        assert item.as_of == date(2026, 12, 1)
        with pytest.raises(DomainError, match="导出日期不能晚于今天"):
            imports.receive(liaison, court, io.BytesIO("案号,立案日期\n".encode()), "a.csv", date(2026, 12, 2))


def test_the_application_asks_the_courts_clock_for_today():
    """`date.today()` is the server's day; the application's days come from `reviewer.clock`."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    offenders = [str(path.relative_to(root)) for folder in ("reviewer", "models", "forms")
                 for path in sorted((root / folder).rglob("*.py"))
                 if path.name != "clock.py" and ("date.today()" in path.read_text(encoding="utf-8")
                                                 or "datetime.today()" in path.read_text(encoding="utf-8"))]
    assert offenders == []
