"""The court's clock: the calendar day is the court's (China Standard Time, UTC+8, no daylight
saving), whatever time zone the server runs in.

Times are stored in UTC (`models.base.utcnow`); days — an evaluation month, a due date, "not later
than today", this year — are the court's. `date.today()` is the server's day, which on a UTC host
is the day before from 00:00 to 08:00 Beijing time: a register exported "today" in Jiaozuo was
refused as dated in the future, and the demo's calendar (already the court's day) disagreed with
the pages. Everything asks this module instead.
"""
from __future__ import annotations

from datetime import date, datetime

from models.base import utcnow
from models.month import CHINA, court_today


def now() -> datetime:
    """The current time, aware, in the court's time zone."""
    return utcnow().astimezone(CHINA)


def today() -> date:
    """The court's calendar day (`models.month.court_today`, which forms and models use)."""
    return court_today()
