"""The reviews blueprint and its template filters (routes live in views.py and admin_views.py)."""
from flask import Blueprint

from reviewer.scoresheets.scoring import fmt

bp = Blueprint("reviews", __name__, url_prefix="/reviews")


@bp.app_template_filter("points")
def points_filter(value):
    """Scores and deductions without trailing zeros: 10, 7.5, 3.25."""
    return fmt(value)


@bp.app_template_filter("grade_label")
def grade_label_filter(code):
    """The Chinese label of a grade code from the scoring rules (EXCELLENT → 优秀)."""
    from models import Grade

    return Grade[code].label if code else "—"
