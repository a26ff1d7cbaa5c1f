"""Export downloads (.xlsx) for the 审管办: reviews item by item, court and reviewer statistics."""
from flask import Blueprint, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from reviewer import permissions as p
from reviewer.errors import require
from reviewer.web.unit_of_work import on_error_redirect
from reviewer.exports import workbooks

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
