"""Indicator pages: the dashboard (courts × indicators against targets), the cases behind a figure,
CSV exports and the watch lists. Each court sees itself; the office sees all (permissions.indicators)."""
from __future__ import annotations

import csv
import io
from urllib.parse import quote

from flask import Response, abort, flash, redirect, render_template, request, stream_with_context, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from models import Court, Role, User, UserRole
from models.notification import NotificationKind
from reviewer import audit, clock
from reviewer import permissions as p
from reviewer.errors import get_or_404, require
from reviewer.exports.cells import csv_text
from reviewer.extensions import db
from reviewer.indicators import cases as case_lists
from reviewer.indicators import figures, province, watch
from reviewer.indicators.blueprint import bp
from reviewer.indicators.charts import sparkline
from reviewer.indicators.formulas import BY_KEY, INDICATORS
from reviewer.indicators.periods import Period, PeriodError, add_months, month_key, parse_period
from reviewer.notifications.services import notify
from reviewer.web.unit_of_work import on_error_redirect

__all__ = ["bp"]


def _scope():
    scope = p.indicator_scope(current_user)
    require(scope is not None)
    return scope


def _courts(scope) -> list[Court]:
    query = select(Court).where(Court.active.is_(True)).order_by(Court.sort_order, Court.id)
    if not scope.whole_city:
        query = query.where(Court.id == scope.court_id)
    return list(db.session.scalars(query))


def default_period() -> Period:
    """The last full month."""
    month = add_months(month_key(clock.today()), -1)
    return Period(month, month)


def _period() -> Period:
    text = request.args.get("period", "").strip()
    if not text:
        return default_period()
    try:
        return parse_period(text)
    except PeriodError as error:
        flash(str(error), "warning")
        return default_period()


def _ranks(board) -> dict[tuple[int, str], int]:
    """{(court id, key): rank} among courts (not the city), best first, by each target's direction."""
    ranks = {}
    courts = [row for row in board.rows if row.court is not None]
    for indicator in INDICATORS:
        scored = [(row.court.id, row.cells[indicator.key]) for row in courts]
        scored = [(i, c) for i, c in scored if c.figure.value is not None]
        lower_better = any(c.target and c.target.op == "<=" for _, c in scored)
        scored.sort(key=lambda item: item[1].figure.value, reverse=not lower_better)
        for rank, (court_id, _) in enumerate(scored, start=1):
            ranks[(court_id, indicator.key)] = rank
    return ranks


def _board(trend_for: int | None = None, saved=None):
    scope = _scope()
    period = _period()
    return scope, period, figures.board(period, _courts(scope), with_city=scope.whole_city, division=scope.division,
                                        trend_for=trend_for, opts=figures.options(saved) if saved else None)


@bp.route("/")
@login_required
def index():
    focus = request.args.get("focus", type=int)
    saved = figures.settings()
    scope, period, board = _board(trend_for=focus, saved=saved)
    focus_row = next((row for row in board.rows if any(row.trend.values())), board.rows[-1] if board.rows else None)
    sparks = {}
    if focus_row is not None:
        for indicator in INDICATORS:
            cell = focus_row.cells[indicator.key]
            sparks[indicator.key] = sparkline(focus_row.trend[indicator.key],
                                              cell.target.value if cell.target else None)
    ranking = p.can_view_indicator_ranking(current_user, saved.ranking_enabled)
    province_courts = province.basic_among([row.court for row in board.rows if row.court is not None])
    return render_template("indicators/index.html", board=board, period=period, scope=scope,
                           indicators=INDICATORS, focus_row=focus_row, sparks=sparks,
                           ranks=_ranks(board) if ranking else None, province_courts=province_courts,
                           province_rows=province.latest_in(period, [c.id for c in province_courts]),
                           province_keys=province.KEYS, province_top=province.TOP)


@bp.route("/export.csv")
@login_required
def export():
    _, period, board = _board()
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(["法院", "序号", "指标", "数值", "分子", "分母", "目标", "目标层级", "是否达标", "口径"])
    for row in board.rows:
        for indicator in INDICATORS:
            cell = row.cells[indicator.key]
            writer.writerow([csv_text(row.label), indicator.number, indicator.name, cell.figure.display,
                             f"{cell.figure.numerator:g}", f"{cell.figure.denominator:g}",
                             cell.target.display if cell.target else "—", cell.target_level or "",
                             cell.verdict.label, indicator.caliber])
    name = f"质效指标_{period.code.replace(':', '_')}.csv"
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": _attachment(name)})


def _attachment(name: str) -> str:
    return f"attachment; filename=indicators.csv; filename*=UTF-8''{quote(name)}"


def _case_args():
    scope = _scope()
    court = get_or_404(Court, request.args.get("court", type=int) or 0)
    require(p.can_view_indicator_court(current_user, court.id))
    key = request.args.get("key", "")
    if key not in BY_KEY:
        abort(404)
    side = "num" if request.args.get("side") == "num" else "den"
    wanted = case_lists.counters_of(key, side, figures.options())
    return scope, court, key, side, wanted, _period()


@bp.route("/cases")
@login_required
def cases():
    scope, court, key, side, wanted, period = _case_args()
    after = request.args.get("after", 0, type=int)
    records, next_after = case_lists.page(court.id, period, wanted, scope.division, after)
    return render_template("indicators/cases.html", court=court, indicator=BY_KEY[key], side=side,
                           period=period, rows=case_lists.table_rows(records), next_after=next_after,
                           columns=case_lists.COLUMNS)


@bp.route("/cases.csv")
@login_required
def cases_csv():
    scope, court, key, side, wanted, period = _case_args()
    lines = case_lists.csv_lines(case_lists.matching(court.id, period, wanted, scope.division))
    name = f"{court.name}_{BY_KEY[key].name}_{'分子' if side == 'num' else '分母'}_{period.code.replace(':', '_')}.csv"
    return Response(stream_with_context(lines), mimetype="text/csv",
                    headers={"Content-Disposition": _attachment(name)})


@bp.route("/watch")
@login_required
def watch_lists():
    scope = _scope()
    require(p.can_view_watch_lists(current_user))
    snaps = watch.snapshots(None if scope.whole_city else [scope.court_id])
    kind = request.args.get("kind", "overdue")
    if kind not in watch.LISTS:
        abort(404)
    records, next_after = watch.page(kind, snaps, scope.division, watch.parse_cursor(request.args.get("after")))
    courts = {s.court.id: s.court for s in snaps}
    return render_template("indicators/watch.html", snaps=snaps, counts=watch.counts(snaps, scope.division),
                           kind=kind, lists=watch.LISTS, rows=case_lists.table_rows(records), next_after=next_after,
                           courts=courts, columns=case_lists.COLUMNS)


@bp.route("/watch/remind", methods=["POST"])
@login_required
def remind():
    require(p.can_manage_indicators(current_user))
    on_error_redirect(url_for("indicators.watch_lists"))
    snaps = watch.snapshots(None)
    counts = watch.counts(snaps)
    liaisons = db.session.scalars(select(User).join(UserRole).where(
        UserRole.role == Role.LIAISON, User.active.is_(True), User.court_id.in_([s.court.id for s in snaps]))).all()
    sent = 0
    for user in liaisons:
        parts = [f"{label} {counts[kind].get(user.court_id, 0)} 件" for kind, label in watch.LISTS.items()
                 if counts[kind].get(user.court_id)]
        if parts and notify(user, NotificationKind.GENERAL, "请关注本院重点案件：" + "，".join(parts) + "。",
                            url=url_for("indicators.watch_lists"),
                            dedupe_key=f"indicator-watch:{clock.today().isoformat()}"):
            sent += 1
    audit.record(current_user, "indicators.remind", None, summary=f"重点案件提醒已发送给 {sent} 位法院联络员")
    flash(f"已向 {sent} 位法院联络员发送重点案件提醒。", "success")
    return redirect(url_for("indicators.watch_lists"))
