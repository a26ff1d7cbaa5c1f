"""Pages of the hearing programme: the monthly quota board and the annual top-ten lists."""
from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from models import CourtLevel, Hearing, TopTenEntry, TopTenList
from reviewer import clock, permissions as p
from reviewer.edits import claim_version
from reviewer.errors import DomainError, get_or_404, require
from reviewer.extensions import db
from reviewer.hearings import quotas as quota_service
from reviewer.hearings import topten
from reviewer.recordings.blueprint import bp
from reviewer.hearings.quota_rules import QuotaState
from reviewer.web.unit_of_work import on_error_redirect


def _latest_year(column) -> int:
    """The page's default year: the latest year with data, never later than this year."""
    this_year = clock.today().year
    latest = db.session.scalar(select(func.max(column)))
    if latest is None:
        return this_year
    return min(int(str(latest)[:4]), this_year)


@bp.route("/quotas")
@login_required
def quotas():
    require(p.can_view_hearing_quotas(current_user))
    year = request.args.get("year", type=int) or _latest_year(Hearing.month)
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    own = None if p.is_admin(current_user) else current_user.court_id
    courts = quota_service.basic_courts(own)
    cells = quota_service.board(months, courts, clock.today())
    return render_template("hearings/quotas.html", year=year, months=months, courts=courts, cells=cells,
                           states=QuotaState, deadlines=quota_service.deadlines(months),
                           own_court_is_basic=own is None or (current_user.court and
                                                              current_user.court.level == CourtLevel.BASIC))


@bp.route("/quotas/deadline", methods=["POST"])
@login_required
def quota_deadline():
    require(p.can_manage_hearing_programme(current_user))
    month = request.form.get("month", "")
    try:
        deadline = date.fromisoformat(request.form.get("deadline", ""))
        if len(month) != 7 or month[4] != "-" or not 1 <= int(month[5:]) <= 12:
            raise ValueError
    except ValueError:
        flash("请填写正确的月份（YYYY-MM）和截止日期。", "danger")
        return redirect(url_for("hearings.quotas"))
    quota_service.set_deadline(current_user, month, deadline)
    flash(f"已将{month}的报送截止日设为 {deadline}。", "success")
    return redirect(url_for("hearings.quotas", year=month[:4]))


@bp.route("/top-ten", defaults={"year": None})
@bp.route("/top-ten/<int:year>")
@login_required
def top_ten(year):
    if year is None:
        year = _latest_year(TopTenList.year)
    lists = db.session.scalars(
        select(TopTenList).where(TopTenList.year == year)
        .options(selectinload(TopTenList.entries).selectinload(TopTenEntry.hearing)
                 .selectinload(Hearing.court))
    ).all()
    require(p.can_view_hearing_library(current_user))
    visible = [item for item in lists if p.can_view_top_ten(current_user, item)]
    return render_template("hearings/top_ten.html", year=year, lists=visible, rule=topten.RULE_TEXT,
                           today=clock.today())


def _top_ten_action(list_id, action, typed: dict | None = None):
    """Run `action` on the list; refused (broken rule, stale page), the page comes back with what
    was `typed` in its form (query arguments the template fills in)."""
    require(p.can_manage_hearing_programme(current_user))
    top_list = get_or_404(TopTenList, list_id)
    target = url_for("hearings.top_ten", year=top_list.year)
    on_error_redirect(url_for("hearings.top_ten", year=top_list.year, **typed) if typed else target)
    claim_version(top_list, request.form.get("lock_version"), f"{top_list.year}年{top_list.kind.label}")
    flash(action(top_list), "success")
    return redirect(target)


@bp.route("/top-ten/<int:year>/propose", methods=["POST"])
@login_required
def top_ten_propose(year):
    require(p.can_manage_hearing_programme(current_user))
    on_error_redirect(url_for("hearings.top_ten", year=year))
    topten.propose_lists(current_user, year)
    flash(f"已按规则拟定{year}年十大精品庭审和十大问题或瑕疵庭审。", "success")
    return redirect(url_for("hearings.top_ten", year=year))


@bp.route("/top-ten/lists/<int:list_id>/comment", methods=["POST"])
@login_required
def top_ten_comment(list_id):
    def start(top_list):
        try:
            until = date.fromisoformat(request.form.get("comment_until", ""))
        except ValueError:
            raise DomainError("请填写公示截止日期。") from None
        topten.start_comment(current_user, top_list, until, clock.today())
        return f"已开始公示，公示期至 {until}。"
    typed = request.form.get("comment_until", "")[:10]
    return _top_ten_action(list_id, start, {"list": list_id, "comment_until": typed} if typed else None)


@bp.route("/top-ten/lists/<int:list_id>/publish", methods=["POST"])
@login_required
def top_ten_publish(list_id):
    return _top_ten_action(list_id, lambda top_list: topten.publish(current_user, top_list, clock.today())
                           or "榜单已正式发布，入选录像已进入示范库。")


@bp.route("/top-ten/entries/<int:entry_id>/provincial", methods=["POST"])
@login_required
def top_ten_provincial(entry_id):
    require(p.can_manage_hearing_programme(current_user))  # 403 before 404: ids reveal nothing
    entry = get_or_404(TopTenEntry, entry_id)
    flag = request.form.get("flag") == "1"
    return _top_ten_action(entry.list_id, lambda top_list: topten.set_provincial(current_user, entry, flag)
                           or ("已推荐至省法院庭审视频展播。" if flag else "已取消推荐。"))


@bp.route("/top-ten/entries/<int:entry_id>/remove", methods=["POST"])
@login_required
def top_ten_remove(entry_id):
    require(p.can_manage_hearing_programme(current_user))  # 403 before 404: ids reveal nothing
    entry = get_or_404(TopTenEntry, entry_id)
    return _top_ten_action(entry.list_id, lambda top_list: topten.remove_entry(current_user, entry)
                           or "已从拟定榜单中移除。")
