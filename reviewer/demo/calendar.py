"""The demo's dates, relative to the day it is built (`today`). No Flask imports.

- `months`: the three evaluation months ending with the current one (`models.month.evaluation_month`,
  last calendar month); all but the last are evaluated and published, the last is in progress
  (reviews due, a draft list, a filing due).
- `year` is the top-ten year, the year of the demo's first month (so it always has evaluated
  months, also in January or February): its top-ten lists are in their comment period;
  `last_year`'s are published. `last_year_month` (June of last year) holds the hearings that feed
  last year's top-ten.
- `observation`: (year, quarter) of last quarter, counted from today's quarter.
- `at(month, day, hour)`: a moment on day `day` of the month after `month` (when that month's
  work is done), in China time, never later than an hour before `now`, so nothing is stamped in
  the future. `before(days)`: a moment `days` days before now.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from models.month import CHINA, add_months, evaluation_month  # noqa: F401  (add_months: the demo's)


def demo_day(moment: datetime) -> date:
    """The demo's `today` for a build at `moment` (aware): the last day whose noon (China) has
    passed. The demo is stamped up to that noon, so between 00:00 and 12:00 in Beijing it is built
    as of yesterday noon and nothing in it lies in the future."""
    return (moment.astimezone(CHINA) - timedelta(hours=12)).date()


@dataclass(frozen=True)
class DemoCalendar:
    today: date
    now: datetime = field(default=None)  # aware; defaults to noon of `today` in China

    def __post_init__(self):
        if self.now is None:
            object.__setattr__(self, "now", datetime.combine(self.today, time(12, 0), CHINA))

    @property
    def current(self) -> str:
        return evaluation_month(self.today)

    @property
    def months(self) -> list[str]:
        return [add_months(self.current, n) for n in (-2, -1, 0)]

    @property
    def published(self) -> list[str]:
        return self.months[:-1]

    @property
    def year(self) -> int:
        return int(self.months[0][:4])

    @property
    def last_year(self) -> int:
        return self.year - 1

    @property
    def last_year_month(self) -> str:
        return f"{self.last_year:04d}-06"

    @property
    def observation(self) -> tuple[int, int]:
        quarter = (self.today.month - 1) // 3 + 1
        return (self.today.year, quarter - 1) if quarter > 1 else (self.today.year - 1, 4)

    def observation_months(self) -> list[str]:
        year, quarter = self.observation
        return [f"{year:04d}-{3 * (quarter - 1) + k:02d}" for k in (1, 2, 3)]

    def at(self, month: str, day: int, hour: int = 10) -> datetime:
        following = add_months(month, 1)
        year, mon = (int(x) for x in following.split("-"))
        return self.on(date(year, mon, max(1, min(day, 28))), hour)

    def on(self, day: date, hour: int = 10) -> datetime:
        """`hour` o'clock (China) on `day`, never later than an hour before now."""
        moment = datetime.combine(day, time(hour, 0), CHINA)
        return min(moment, self.now - timedelta(hours=1)).astimezone(timezone.utc)

    def within(self, month: str, day: int, hour: int = 10) -> datetime:
        """A moment on day `day` of `month` itself (capped like `at`)."""
        return self.at(add_months(month, -1), day, hour)

    def before(self, days: float) -> datetime:
        return (self.now - timedelta(days=days)).astimezone(timezone.utc)
