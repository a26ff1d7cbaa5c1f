"""The home page (工作台): what needs the signed-in person's attention."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from reviewer import signals

bp = Blueprint("main", __name__)


@bp.route("/")
@login_required
def index():
    shown = [panel for _receiver, panel in signals.home_panels.send(current_user._get_current_object())]
    return render_template("main/index.html", panels=[p for p in shown if p])


@bp.route("/healthz")
def healthz():
    return {"status": "ok"}
