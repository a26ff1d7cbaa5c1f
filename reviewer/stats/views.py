"""The statistics page: tables and charts (vendored Chart.js) for the office."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from models import Grade
from models.month import is_month
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
    month = request.args.get("month", "")
    month = month if is_month(month) else ""
    courts = queries.court_month(month or None, kind=kind)
    reviewers = queries.reviewers(month or None, kind=kind)
    chart = {
        "grades": [g.label for g in Grade],
        "courtLabels": [f"{r.month} {r.court}" for r in courts],
        "gradeCounts": [[r.grades[g] for r in courts] for g in Grade],
        "meanScores": [r.mean_score for r in courts],
        "reviewerLabels": [r.name for r in reviewers if r.severity is not None],
        "severity": [r.severity for r in reviewers if r.severity is not None],
    }
    return render_template("stats/index.html", courts=courts, reviewers=reviewers, month=month,
                           months=queries.months(kind), grades=list(Grade), chart=chart, kind=kind,
                           kinds=queries.SUBJECT_LABELS)
