"""Monthly ranking pages: the public board (张榜), and the office's draft, publish and unpublish."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup, escape
from sqlalchemy import select

from forms.ranking import DraftForm, PublishForm, UnpublishForm, list_rows
from models.ranking import ListKind, MonthlyRanking, RankingStatus
from reviewer import permissions as p
from reviewer.agreement import settings
from reviewer.errors import require
from reviewer.extensions import db
from reviewer.web.unit_of_work import on_error_redirect
from reviewer.rankings import adjustment, publication, rules, services

bp = Blueprint("rankings", __name__, url_prefix="/rankings")

STALE_MESSAGE = "该榜单已被他人同时修改，本次保存未生效。请刷新页面查看最新内容后再编辑。"


@bp.route("/")
@login_required
def index():
    require(p.can_view_rankings(current_user))
    query = select(MonthlyRanking).order_by(MonthlyRanking.month.desc())
    if not p.can_manage_rankings(current_user):  # published lists, and withdrawn ones with their reason
        query = query.where((MonthlyRanking.status == RankingStatus.PUBLISHED)
                            | MonthlyRanking.unpublished_at.is_not(None))
    return render_template("rankings/index.html", page=db.paginate(query),
                           month_form=p.can_manage_rankings(current_user))


@bp.route("/<month:month>")
@login_required
def board(month):
    ranking = services.get_ranking(month)
    require(p.can_view_rankings(current_user))
    if ranking is not None and ranking.is_withdrawn and not p.can_manage_rankings(current_user):
        return render_template("rankings/withdrawn.html", ranking=ranking)
    if ranking is None or not (ranking.is_published or p.can_manage_rankings(current_user)):
        return render_template("errors/error.html", code=404, message="该月榜单尚未公布。"), 404
    return render_template("rankings/board.html", ranking=ranking, kinds=list(ListKind),
                           basis_rule=settings.basis_rule(settings.current_settings().ranking_basis))


@bp.route("/<month:month>/edit")
@login_required
def edit(month):
    require(p.can_manage_rankings(current_user))
    ranking = db.session.scalar(select(MonthlyRanking).where(MonthlyRanking.month == month))
    rows = services.draft_rows(ranking)
    pool = services.candidates(month)
    listed = {row.judgment_id for kind_rows in rows.values() for row in kind_rows}
    # the fair-score check ranks the month both ways; the proposal is the one on the office's basis
    fair = adjustment.for_ranking(month, services.rankable_entries(pool), services.POLICY, shown=listed)
    proposal = fair.proposal
    addable = {kind: _options(sorted((c for c in pool.values() if services.eligible(kind, c)
                                      and c.judgment_id not in listed), key=lambda c: -(c.computed_score or 0)))
               for kind in ListKind}
    draft_form, publish_form = DraftForm(), PublishForm()
    if ranking is not None:
        draft_form.lock_version.data = publish_form.lock_version.data = ranking.lock_version
    return render_template(
        "rankings/edit.html", month=month, ranking=ranking, rows=rows, pool=pool, proposal=proposal,
        rule=rules.describe_rule(services.POLICY) + [fair.rule], policy=services.POLICY, kinds=list(ListKind),
        fairness=fair,
        addable=addable, draft_form=draft_form, publish_form=publish_form, unpublish_form=UnpublishForm(),
        kind_of=services.KIND_OF,
    )


def _options(candidates) -> Markup:
    """The `<option>`s of a list's 新增 menu (case number, score, grade), written here in one pass:
    ~400 a month, which a template loop escaped and joined one by one."""
    return Markup("".join(f'<option value="{c.judgment_id}">{escape(c.case_number)}'
                          f'（{c.computed_score} · {c.final_grade.label}）</option>' for c in candidates))


@bp.route("/<month:month>/draft", methods=["POST"])
@login_required
def create_draft(month):
    require(p.can_manage_rankings(current_user))
    if DraftForm().validate_on_submit():
        # a duplicate key here means another admin created the month's draft at the same moment
        on_error_redirect(url_for("rankings.edit", month=month),
                          conflict=f"{month} 的榜单草稿已由他人同时生成，本次操作未生效，请查看现有草稿。")
        services.create_draft(month, current_user)
        db.session.flush()
        flash("已按规则生成榜单草稿，请核对并填写公布理由。", "success")
    return redirect(url_for("rankings.edit", month=month))


@bp.route("/<month:month>/save", methods=["POST"])
@login_required
def save(month):
    require(p.can_manage_rankings(current_user))
    ranking = _ranking_or_404(month)
    form = DraftForm()
    if form.validate_on_submit():
        lists, errors = {}, []
        for kind in ListKind:
            lists[kind], kind_errors = list_rows(request.form, kind)
            errors += kind_errors
        if errors:
            for message in errors:
                flash(message, "danger")
            return redirect(url_for("rankings.edit", month=month))
        return _commit(lambda: services.save_draft(ranking, current_user, form.lock_version.data, lists),
                       "草稿已保存。", month)
    return redirect(url_for("rankings.edit", month=month))


@bp.route("/<month:month>/publish", methods=["POST"])
@login_required
def publish(month):
    require(p.can_manage_rankings(current_user))
    ranking = _ranking_or_404(month)
    form = PublishForm()
    if form.validate_on_submit():
        return _commit(lambda: publication.publish(ranking, current_user, form.lock_version.data),
                       "榜单已张榜公布，相关评查结果已锁定。", month, to_board=True)
    return redirect(url_for("rankings.edit", month=month))


@bp.route("/<month:month>/unpublish", methods=["POST"])
@login_required
def unpublish(month):
    require(p.can_manage_rankings(current_user))
    ranking = _ranking_or_404(month)
    form = UnpublishForm()
    if not form.validate_on_submit():
        for message in form.reason.errors:
            flash(message, "danger")
        return redirect(url_for("rankings.edit", month=month))
    return _commit(lambda: publication.unpublish(ranking, current_user, form.reason.data),
                   "已撤销公布，榜单回到草稿状态，评查结果已解锁。", month)


def _commit(action, message, month, to_board=False):
    """Run one ranking service; the request's unit of work commits it or reports its refusal."""
    on_error_redirect(url_for("rankings.edit", month=month), conflict=STALE_MESSAGE)
    action()
    db.session.flush()
    flash(message, "success")
    return redirect(url_for("rankings.board" if to_board else "rankings.edit", month=month))


def _ranking_or_404(month):
    ranking = services.get_ranking(month)
    if ranking is None:
        abort(404)
    return ranking

