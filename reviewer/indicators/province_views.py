"""The office enters the province's ranks (全省排名) of the basic courts, month by month, from the high
court's notice; the dashboard shows them against the plan's top-80 goal (`province.TOP`)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forms.indicators import province_rank_form
from models.month import is_month
from reviewer import permissions as p
from reviewer.errors import require
from reviewer.indicators import province
from reviewer.indicators.blueprint import bp
from reviewer.indicators.views import default_period
from reviewer.web.unit_of_work import attempt

__all__ = ["bp"]


def _entries(form, court_ids, keys) -> dict:
    def value(name):
        return getattr(form, name).data
    return {(court_id, key): province.Entry(value(f"rank_{court_id}_{key}"), value(f"total_{court_id}_{key}"),
                                            value(f"value_{court_id}_{key}"))
            for court_id in court_ids for key in keys}


@bp.route("/province-ranks", methods=["GET", "POST"])
@login_required
def province_ranks():
    """GET ?month=YYYY-MM shows the month's table (default: last full month); POST saves it."""
    require(p.can_manage_indicators(current_user))
    courts = province.basic_courts()
    court_ids, keys = [c.id for c in courts], list(province.KEYS)
    month = request.values.get("month", "")
    if not is_month(month):
        month = default_period().last
    rows = province.month_rows(month)
    data = {"month": month, "version": province.version(month)}
    for (court_id, key), row in rows.items():
        data.update({f"rank_{court_id}_{key}": row.rank, f"total_{court_id}_{key}": row.total,
                     f"value_{court_id}_{key}": row.value})
    form = province_rank_form(court_ids, keys, formdata=request.form if request.method == "POST" else None,
                              data=data)
    if request.method == "POST" and form.validate_on_submit():
        with attempt() as outcome:
            changed = province.save_month(current_user, form.month.data, _entries(form, court_ids, keys),
                                          form.version.data or "")
        if not outcome.failed:
            flash(f"{form.month.data} 全省排名已保存（{changed} 项有变化）。", "success")
            return redirect(url_for("indicators.province_ranks", month=form.month.data))
    return render_template("indicators/province_ranks.html", form=form, courts=courts, keys=province.KEYS,
                           month=month, top=province.TOP)
