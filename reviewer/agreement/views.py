"""The agreement page (评查一致性) for the office: agreement, spread, severity, with method and sources."""
from __future__ import annotations

from datetime import date

from flask import render_template, request
from flask_login import current_user, login_required

from reviewer import permissions as p
from reviewer.agreement import charts, loading, services, statistics
from reviewer.agreement.blueprint import bp
from reviewer.errors import require

__all__ = ["bp"]


@bp.route("/")
@login_required
def index():
    require(p.can_view_agreement(current_user))
    kind = request.args.get("kind") or "judgment"
    period = request.args.get("period") or (loading.latest_month(kind) if kind in loading.SUBJECT_MODELS else None) \
        or date.today().strftime("%Y-%m")
    result = services.compute(kind, period, request.args.get("sheet", type=int))
    report = result.report
    item_chart = charts.bars([(row.item.label[:14], row.alpha.value, row.alpha.note) for row in report.items],
                             statistics.ALPHA_THRESHOLDS)
    severity_chart = charts.forest([(result.names.get(row.reviewer_id, str(row.reviewer_id)),
                                     row.severity.value, row.severity.low, row.severity.high)
                                    for row in report.severities])
    return render_template("agreement/index.html", result=result, report=report, kinds=loading.SUBJECT_LABELS,
                           item_chart=item_chart, severity_chart=severity_chart, statistics=statistics,
                           pairs=report.pairs[:60])
