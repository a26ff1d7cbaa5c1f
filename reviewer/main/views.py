"""The home page (工作台): what needs the signed-in person's attention."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from reviewer.main import panels  # noqa: F401  (registers the evaluation panels)
from reviewer.main.dashboard import DASHBOARD_PANELS

bp = Blueprint("main", __name__)


@bp.route("/")
@login_required
def index():
    shown = [panel(current_user) for panel in DASHBOARD_PANELS]
    return render_template("main/index.html", panels=[p for p in shown if p])


@bp.route("/healthz")
def healthz():
    return {"status": "ok"}
