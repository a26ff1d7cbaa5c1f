"""Monthly draw pages: the 公示 list and record, announcing, drawing, the entry beside its judgment."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.routing import BuildError
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forms.draw import AnnounceForm, DrawnUploadForm, PerformForm
from models import Court, Judgment
from models.draw import DrawEntry, DrawStatus, MonthlyDraw
from reviewer import permissions as p
from reviewer.draws import drawn, services
from reviewer.errors import get_or_404, require
from reviewer.exemplars.anonymize import anonymize_paragraphs
from reviewer.extensions import db
from reviewer.web.unit_of_work import each_in_savepoint, on_error_redirect

bp = Blueprint("draws", __name__, url_prefix="/draws")


@bp.route("/")
@login_required
def index():
    require(p.can_view_draws(current_user))
    month = request.args.get("month") or None
    page = db.paginate(services.draws_query(month=month))
    return render_template("draws/index.html", page=page, month=month)


@bp.route("/announce", methods=["GET", "POST"])
@login_required
def announce():
    require(p.can_manage_draws(current_user))
    form = AnnounceForm()
    courts = db.session.scalars(select(Court).where(Court.active.is_(True))
                                .order_by(Court.sort_order, Court.id)).all()
    form.court_ids.choices = [(c.id, c.name) for c in courts]
    if form.validate_on_submit():
        by_id = {c.id: c for c in courts}
        # a batch: each court's refusal is reported, the others go on
        report = each_in_savepoint(
            [by_id[court_id] for court_id in form.court_ids.data],
            lambda court: services.announce(current_user, court, form.month.data, form.value_source.data))
        done = [court.name for court, message in report if message is None]
        failed = [message for _court, message in report if message is not None]
        if done:
            flash("已冻结名单并公告：" + "、".join(done), "success")
        for message in failed:
            flash(message, "danger")
        if done:
            return redirect(url_for("draws.index", month=form.month.data))
    return render_template("draws/announce.html", form=form)


@bp.route("/<int:draw_id>")
@login_required
def detail(draw_id):
    require(p.can_view_draws(current_user))
    draw = services.load_draw(draw_id)
    if draw is None:
        return get_or_404(MonthlyDraw, draw_id)
    form = PerformForm() if (p.can_manage_draws(current_user)
                             and draw.status == DrawStatus.ANNOUNCED) else None
    return render_template("draws/detail.html", draw=draw, form=form,
                           results=services.verify(draw), mismatches=drawn.checks(draw))


@bp.route("/<int:draw_id>/perform", methods=["POST"])
@login_required
def perform(draw_id):
    require(p.can_manage_draws(current_user))
    draw = services.load_draw(draw_id) or get_or_404(MonthlyDraw, draw_id)
    form = PerformForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "danger")
        return redirect(url_for("draws.detail", draw_id=draw_id))
    on_error_redirect(url_for("draws.detail", draw_id=draw_id))
    services.perform(current_user, draw, form.public_value.data)
    flash("抽取完成，结果已公示。", "success")
    return redirect(url_for("draws.detail", draw_id=draw_id))


@bp.route("/entries/<int:entry_id>")
@login_required
def entry(entry_id):
    require(p.can_view_draws(current_user))
    item = db.session.scalar(
        select(DrawEntry).options(
            joinedload(DrawEntry.draw).joinedload(MonthlyDraw.court),
            joinedload(DrawEntry.judgment).joinedload(Judgment.court))
        .where(DrawEntry.id == entry_id)) or get_or_404(DrawEntry, entry_id)
    judgment, draw = item.judgment, item.draw
    paragraphs, anonymised = [], False
    if drawn.is_public(judgment):   # shown once the court has checked and submitted it
        if p.can_view_drawn_judgment_text(current_user, judgment):
            paragraphs = judgment.paragraphs or []
        else:
            paragraphs = anonymize_paragraphs(judgment.paragraphs or [], judgment.parties or [])
            anonymised = True
    may_upload = (item.result_case_number and judgment is None
                  and p.can_upload_for_court(current_user, draw.court_id))
    return render_template("draws/entry.html", item=item, draw=draw, judgment=judgment,
                           public=drawn.is_public(judgment), paragraphs=paragraphs, anonymised=anonymised,
                           problems=services.verify_entry_record(draw, item),
                           mismatches=drawn.check(item),
                           judgment_url=_judgment_url(judgment),
                           upload_form=DrawnUploadForm() if may_upload else None)


@bp.route("/entries/<int:entry_id>/upload", methods=["POST"])
@login_required
def upload_drawn(entry_id):
    item = get_or_404(DrawEntry, entry_id)
    require(p.can_upload_for_court(current_user, item.draw.court_id))
    form = DrawnUploadForm()
    on_error_redirect(url_for("draws.entry", entry_id=entry_id))
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "danger")
        return redirect(url_for("draws.entry", entry_id=entry_id))
    judgment = drawn.upload_drawn(current_user, item, form.file.data.stream, form.file.data.filename)
    flash("已接收抽中文书，请核对提取的信息后报送；报送后在公示页显示。", "success")
    return redirect(_judgment_url(judgment) or url_for("draws.entry", entry_id=entry_id))


def _judgment_url(judgment) -> str | None:
    """Link to the judgment's own page when the viewer may open it (and intake provides one)."""
    if judgment is None or not p.can_view_judgment(current_user, judgment):
        return None
    try:
        return url_for("judgments.detail", judgment_id=judgment.id)
    except BuildError:
        return None
