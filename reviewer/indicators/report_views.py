"""Report pages: the office types its commentary, issues the numbered Word report, downloads the archive."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from models.case_register import IndicatorReport
from reviewer import clock, permissions as p
from reviewer import storage
from reviewer.errors import get_or_404, require
from reviewer.indicators import reports
from reviewer.indicators.blueprint import bp
from reviewer.indicators.periods import add_months, month_key
from reviewer.web.unit_of_work import on_error_redirect


@bp.route("/reports")
@login_required
def reports_index():
    require(p.can_manage_indicators(current_user))
    last_month = add_months(month_key(clock.today()), -1)
    return render_template("indicators/reports.html", kinds=reports.KINDS, archive=reports.archive(),
                           default_period=last_month)


@bp.route("/reports/issue", methods=["POST"])
@login_required
def issue_report():
    require(p.can_manage_indicators(current_user))
    on_error_redirect(url_for("indicators.reports_index"))
    report = reports.issue(current_user, request.form.get("kind", ""), request.form.get("period", ""),
                           request.form.get("commentary", ""))
    flash(f"已印发 {report.number}，可在下方存档中下载。", "success")
    return redirect(url_for("indicators.reports_index"))


@bp.route("/reports/<int:report_id>/download")
@login_required
def download_report(report_id):
    require(p.can_manage_indicators(current_user))
    report = get_or_404(IndicatorReport, report_id)
    return storage.send_stored(report.file, mimetype=report.file.mime_type, as_attachment=True,
                               download_name=report.file.original_name)
