"""The agreement page (评查一致性) for the office: agreement, spread, severity, with method and sources.

The page reads the report the background job stored (`report_store`): the statistics libraries
(pandas, pingouin, krippendorff) are never loaded in a web worker (issue 19 item 4).
"""
from __future__ import annotations

from flask import render_template, request
from flask_login import current_user, login_required

from reviewer import clock, permissions as p
from reviewer.agreement import charts, loading, report_store, services, statistics
from reviewer.agreement.blueprint import bp
from reviewer.errors import require

__all__ = ["bp"]


@bp.route("/")
@login_required
def index():
    require(p.can_view_agreement(current_user))
    kind = request.args.get("kind") or "judgment"
    period = request.args.get("period") or (loading.latest_month(kind) if kind in loading.SUBJECT_MODELS else None) \
        or clock.today().strftime("%Y-%m")
    found = services.scope(kind, period, request.args.get("sheet", type=int))
    page = report_store.for_page(found)
    report = page.report
    result = services.AgreementResult(found.kind, found.period, found.sheet, found.versions, report,
                                      loading.reviewer_names(row.reviewer_id for row in report.severities)
                                      if report else {})
    charts_of = {}
    if report is not None:
        charts_of = {
            "item_chart": charts.bars([(row.item.label[:14], row.alpha.value, row.alpha.note) for row in report.items],
                                      statistics.ALPHA_THRESHOLDS),
            "severity_chart": charts.forest([(result.names.get(row.reviewer_id, str(row.reviewer_id)),
                                              row.severity.value, row.severity.low, row.severity.high)
                                             for row in report.severities]),
            "pairs": report.pairs[:60]}
    return render_template("agreement/index.html", result=result, report=report, page=page,
                           kinds=loading.SUBJECT_LABELS, statistics=statistics, **charts_of)
