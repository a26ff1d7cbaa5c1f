"""The home page (工作台): the dated to-do list, then what needs the person's attention."""
from flask import Blueprint, current_app, render_template
from flask_login import current_user, login_required

from reviewer import signals
from reviewer.filings.services import today_in_china
from reviewer.todos.items import arrange
from reviewer.todos.reminders import collect

bp = Blueprint("main", __name__)


@bp.route("/")
@login_required
def index():
    user, today = current_user._get_current_object(), today_in_china()
    shown = [panel for _receiver, panel in signals.home_panels.send(user)]
    todos = collect(user, today)
    return render_template("main/index.html", panels=[p for p in shown if p], today=today,
                           todos=arrange(todos, today, current_app.config.get("DUE_SOON_DAYS", 3)))


@bp.route("/healthz")
def healthz():
    return {"status": "ok"}
