"""Export downloads (.xlsx): for the 审管办, reviews item by item and court and reviewer statistics;
for whoever may see a list page, that list with its current filters.

Each export counts its size in SQL first. Up to `EXPORT_JOB_ROWS` rows the workbook is made and
sent in the request (GET or POST). Above it, a GET (a link or bookmark) answers with a page that
says how large it is and offers a POST button; a POST (CSRF-checked) records the request, queues
the job and goes to its page (正在生成…, reviewer.exports.request_views).
"""
from flask import Blueprint, abort, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from models.month import is_month
from reviewer import audit, subjects
from reviewer import permissions as p
from reviewer.errors import require
from reviewer.exports import kinds, lists, requests
from reviewer.exports.sheets import XLSX, save_to_temp
from reviewer.exports.tracking import Tracker
from reviewer.jobs import enqueue_after_commit
from reviewer.web.unit_of_work import on_error_redirect

bp = Blueprint("exports", __name__, url_prefix="/exports")
BOTH = ["GET", "POST"]


@bp.route("/")
@login_required
def index():
    require(p.can_export_reviews(current_user))
    return render_template("exports/index.html")


def _export(name: str, refused_to: str | None = None):
    """Send export `name` now, or offer / start it as a background job (see the module docstring)."""
    require(p.can_request_export(current_user, name))
    kind = kinds.get(name)
    if refused_to:
        on_error_redirect(refused_to)
    try:
        params = kind.params(request.form if request.method == "POST" else request.args)
    except ValueError:   # an unknown status or the like in a hand-made address
        abort(400)
    estimate = kind.estimate(current_user, params)
    if estimate <= requests.job_rows():
        stream = save_to_temp(kind.build(current_user, params, Tracker()))
        audit.record(current_user, "exports.download", None, summary=f"下载“{kind.title(params)}”（{estimate} 行）")
        return send_file(stream, mimetype=XLSX, as_attachment=True, download_name=f"{kind.title(params)}.xlsx")
    if request.method != "POST":
        return render_template("exports/confirm.html", kind=kind, title=kind.title(params), params=params,
                               estimate=estimate, action=request.path)
    export = requests.ask(current_user, kind, params, estimate)
    enqueue_after_commit("exports.build", export.id)
    return redirect(url_for("exports.request_page", export_id=export.id), code=303)


@bp.route("/reviews.xlsx", methods=BOTH)
@login_required
def reviews():
    return _export("reviews", url_for("exports.index"))


@bp.route("/statistics.xlsx", methods=BOTH)
@login_required
def statistics():
    return _export("statistics", url_for("exports.index"))


@bp.route("/lists/judgments.xlsx", methods=BOTH)
@login_required
def judgments_list():
    return _export("judgments")


@bp.route("/lists/hearings.xlsx", methods=BOTH)
@login_required
def hearings_list():
    return _export("hearings")


@bp.route("/lists/objections.xlsx", methods=BOTH)
@login_required
def objections_list():
    return _export("objections")


@bp.route("/lists/evaluations.xlsx")
@login_required
def evaluations_list():
    """One month of one kind of subject: always small, always made in the request."""
    require(p.can_manage_assignments(current_user))
    kind, month = request.args.get("kind") or "judgment", request.args.get("month", "")
    if subjects.get(kind) is None or not is_month(month):
        abort(404)
    return send_file(lists.evaluations(kind, month), mimetype=XLSX, as_attachment=True,
                     download_name=f"{month}评查结果.xlsx")
