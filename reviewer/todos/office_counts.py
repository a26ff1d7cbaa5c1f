"""The office's counts that both the home page's panels (`reviewer.main.panels.office_panel`,
`reviewer.draws.dashboard.draws_panel`) and its to-do list (`sources.office_todos`) show: read once
per request, not once per reader.

The result is kept in the request's WSGI environ, so it lives exactly as long as the request (not on
`flask.g`: an application context, and its `g`, outlives a request when one was pushed around it, as
in the tests and the command line). Outside a request (the daily reminder job) it is read on each call.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import has_request_context, request
from sqlalchemy import case, func, select

from models.draw import DrawStatus, MonthlyDraw
from models.objection import Objection, ObjectionStatus
from models.review import Evaluation
from reviewer.extensions import db

_ENVIRON_KEY = "reviewer.office_counts"


@dataclass(frozen=True)
class OfficeCounts:
    """`unconfirmed`: evaluations with a computed score and no confirmed grade; `spread`: of those, the
    ones flagged for a large spread between reviewers; `objections`: objections waiting for an answer,
    `oldest_objection`: when the oldest of them was lodged (UTC, None if there is none);
    `announced_draws`: draws announced and waiting for their public random value."""

    unconfirmed: int
    spread: int
    objections: int
    oldest_objection: datetime | None
    announced_draws: int


def office_counts() -> OfficeCounts:
    """The counts (three aggregate statements, each on a partial or status index), once per request."""
    if not has_request_context():
        return _read()
    counts = request.environ.get(_ENVIRON_KEY)
    if counts is None:
        counts = request.environ[_ENVIRON_KEY] = _read()
    return counts


def _read() -> OfficeCounts:
    # Only unconfirmed rows are read (`ix_evaluations_final_grade` answers `final_grade IS NULL`): the
    # confirmed evaluations of every past month are not scanned on every home page view.
    unconfirmed, spread = db.session.execute(
        select(func.count(Evaluation.id), func.sum(case((Evaluation.spread_flag.is_(True), 1), else_=0)))
        .where(Evaluation.final_grade.is_(None), Evaluation.computed_score.is_not(None))
    ).one()
    objections, oldest = db.session.execute(
        select(func.count(Objection.id), func.min(Objection.created_at))
        .where(Objection.status == ObjectionStatus.OPEN)).one()
    draws = db.session.scalar(select(func.count(MonthlyDraw.id)).where(MonthlyDraw.status == DrawStatus.ANNOUNCED))
    return OfficeCounts(unconfirmed or 0, spread or 0, objections or 0, oldest, draws or 0)
