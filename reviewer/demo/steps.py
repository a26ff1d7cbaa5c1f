"""The ordered demo steps. A step is `fn(ctx) -> str | None` (a summary line)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from models.base import utcnow
from reviewer.demo.calendar import DemoCalendar, demo_day
from reviewer.demo.draws import seed_draws
from reviewer.demo.fairness import seed_fairness
from reviewer.demo.hearings import seed_hearings
from reviewer.demo.judgments import seed_judgments
from reviewer.demo.people import seed_people
from reviewer.demo.rankings import seed_rankings
from reviewer.demo.reference import seed_reference
from reviewer.demo.reversals import seed_reversals
from reviewer.demo.register import seed_register
from reviewer.demo.reviews import seed_reviews


@dataclass
class DemoContext:
    courts: dict = field(default_factory=dict)      # code → Court
    users: dict = field(default_factory=dict)       # username → User
    judgments: list = field(default_factory=list)
    months: list = field(default_factory=list)      # calendar.months: the last three evaluation months
    extra: dict = field(default_factory=dict)
    calendar: DemoCalendar = field(default_factory=lambda: DemoCalendar(demo_day(utcnow())))

    @property
    def today(self) -> date:
        return self.calendar.today


# Features append their steps here, after the judgments step.
STEPS: list = [seed_reference, seed_people, seed_judgments]
# Reviews: assignments, submitted sheets and confirmed grades for the demo months.
STEPS.append(seed_reviews)
# Reference judgments and calibration on the confirmed reviews (before rankings lock them).
STEPS.append(seed_fairness)
# Rankings publish the confirmed evaluations: keep this after the reviews step.
STEPS.append(seed_rankings)
# Hearing recordings (real small video files) with their reviews, round, top-ten and library.
STEPS.append(seed_hearings)
# The 发改 programme over the last four months (relative to today).
STEPS.append(seed_reversals)
# The case register (案件台账) of the quality indicators: 24 synthetic months for every court.
STEPS.append(seed_register)
# Keep last: its monthly filings compile the reviews the other steps create.
STEPS.append(seed_draws)


def run_steps(today: date | None = None) -> list[str]:
    """Build the demo for `today` (default: `demo_day` of now: today after noon in China, else yesterday); tests inject the day."""
    ctx = DemoContext(calendar=DemoCalendar(today or demo_day(utcnow())))
    lines = []
    for step in STEPS:
        line = step(ctx)
        if line:
            lines.append(line)
    return lines
