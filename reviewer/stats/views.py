"""The statistics page: tables and charts (vendored Chart.js) for the office."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from models import Grade
from reviewer import permissions as p
from reviewer.errors import require
from reviewer.stats import queries

bp = Blueprint("stats", __name__, url_prefix="/stats")


@bp.route("/")
@login_required
def index():
    require(p.can_view_stats(current_user))
    kind = request.args.get("kind", "judgment")
    kind = kind if kind in queries.SUBJECT_MODELS else "judgment"
    # The period: a year or a month (`month=` kept for old links); by default the latest year.
    period = (queries.valid_period(request.args.get("period") or request.args.get("month"))
              or queries.latest_year(kind))
    courts = queries.court_month(period, kind=kind)
    reviewers = queries.reviewers(period, kind=kind)
    chart = {
        "grades": [g.label for g in Grade],
        "courtLabels": [f"{r.month} {r.court}" for r in courts],
        "gradeCounts": [[r.grades[g] for r in courts] for g in Grade],
        "meanScores": [r.mean_score for r in courts],
        "reviewerLabels": [r.name for r in reviewers if r.severity is not None],
        "severity": [r.severity for r in reviewers if r.severity is not None],
    }
    months = queries.months(kind)
    return render_template("stats/index.html", courts=courts, reviewers=reviewers, period=period,
                           months=months, years=sorted({m[:4] for m in months}, reverse=True), grades=list(Grade),
                           chart=chart, kind=kind, kinds=queries.SUBJECT_LABELS)
