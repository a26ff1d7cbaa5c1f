"""Export downloads (.xlsx): for the 审管办, reviews item by item and court and reviewer statistics;
for whoever may see a list page, that list with its current filters."""
from flask import Blueprint, abort, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from reviewer import permissions as p
from reviewer.errors import require
from reviewer.web.unit_of_work import on_error_redirect
from models.month import is_month
from reviewer import subjects
from reviewer.exports import lists, workbooks

bp = Blueprint("exports", __name__, url_prefix="/exports")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/")
@login_required
def index():
    require(p.can_export_reviews(current_user))
    return render_template("exports/index.html")


def _download(build, name: str):
    period = request.args.get("period", "")
    if request.args.get("scope") == "year":   # the month picker's year: the whole year
        period = period[:4]
    on_error_redirect(url_for("exports.index"))
    stream = build(period)
    return send_file(stream, mimetype=XLSX, as_attachment=True, download_name=f"{period}{name}.xlsx")


@bp.route("/reviews.xlsx")
@login_required
def reviews():
    require(p.can_export_reviews(current_user))
    return _download(workbooks.reviews_workbook, "评查明细")


@bp.route("/statistics.xlsx")
@login_required
def statistics():
    require(p.can_export_reviews(current_user))
    return _download(workbooks.statistics_workbook, "评查统计")


def _list_file(stream, name: str):
    return send_file(stream, mimetype=XLSX, as_attachment=True, download_name=f"{name}.xlsx")


def _list_filters() -> dict:
    filters = {k: v for k, v in request.args.items() if v and k not in ("after", "before", "page")}
    if "court" in filters:
        filters["court"] = request.args.get("court", type=int)
    return filters


@bp.route("/lists/judgments.xlsx")
@login_required
def judgments_list():
    require(p.can_list_judgments(current_user))
    return _list_file(lists.judgments(current_user, _list_filters()), "裁判文书列表")


@bp.route("/lists/hearings.xlsx")
@login_required
def hearings_list():
    require(p.can_list_hearings(current_user))
    try:
        stream = lists.hearings(current_user, _list_filters())
    except ValueError:   # an unknown status or nomination in the address
        abort(400)
    return _list_file(stream, "庭审录像列表")


@bp.route("/lists/objections.xlsx")
@login_required
def objections_list():
    require(p.can_answer_objections(current_user))
    return _list_file(lists.objections(request.args.get("status", "open")), "异议列表")


@bp.route("/lists/evaluations.xlsx")
@login_required
def evaluations_list():
    require(p.can_manage_assignments(current_user))
    kind, month = request.args.get("kind") or "judgment", request.args.get("month", "")
    if subjects.get(kind) is None or not is_month(month):
        abort(404)
    return _list_file(lists.evaluations(kind, month), f"{month}评查结果")
