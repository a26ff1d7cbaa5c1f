"""The monthly 发改 notices (page, publication, Word bulletin) and the leaders' cases."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from models import User
from models.bulletin import Bulletin
from models.reversal import ReversalCase, ReversalResult
from reviewer import keyset
from reviewer import permissions as p
from reviewer.bulletins.services import DOCX_MIME
from reviewer.bulletins.services import to_bytes as bulletin_bytes
from reviewer.errors import require
from reviewer.extensions import db
from reviewer.reversals import notice
from reviewer.reversals.blueprint import bp
from reviewer.reversals.programme_views import recent_months
from reviewer.web.unit_of_work import on_error_redirect


LEADER_PAGE = 50


@bp.route("/leaders")
@login_required
def leaders():
    """The remanded and retried cases, newest first, a keyset page of 50 (it was the newest 300,
    all loaded and drawn on every view), and each leader's number of cases (one aggregate)."""
    require(p.can_manage_reversals(current_user))
    proposed = [r for r in ReversalResult if r.proposed_for_leaders]
    page = keyset.paginate(
        select(ReversalCase).options(joinedload(ReversalCase.court), joinedload(ReversalCase.leader))
        .where(ReversalCase.result.in_(proposed)), (ReversalCase.decided_on, ReversalCase.id), request.args,
        per_page=LEADER_PAGE)
    counted = func.count(ReversalCase.id)
    counts = db.session.execute(
        select(User.display_name, counted).join(ReversalCase, ReversalCase.leader_id == User.id)
        .group_by(User.id, User.display_name).order_by(counted.desc(), User.id)).all()
    return render_template("reversals/leaders.html", page=page, cases=page.items, counts=counts)


@bp.route("/notices")
@login_required
def notices():
    require(p.can_list_reversals(current_user))
    months = list(reversed(recent_months(12)))
    published = {b.subject_key: b for b in db.session.scalars(
        select(Bulletin).where(Bulletin.kind == notice.KIND, Bulletin.subject_key.in_(months)))}
    return render_template("reversals/notices.html", months=months, published=published)


@bp.route("/notices/<month:month>")
@login_required
def notice_page(month):
    bulletin = notice.published(month)
    require(p.can_read_notice(current_user, bulletin is not None))
    return render_template("reversals/notice.html", month=month, data=notice.compile_month(month), bulletin=bulletin)


@bp.route("/notices/<month:month>/publish", methods=["POST"])
@login_required
def notice_publish(month):
    require(p.can_manage_reversals(current_user))
    on_error_redirect(url_for("reversals.notice_page", month=month))
    notice.publish(current_user, month)
    flash("通报已发布。", "success")
    return redirect(url_for("reversals.notice_page", month=month))


@bp.route("/notices/<month:month>/docx", methods=["POST"])
@login_required
def notice_docx(month):
    require(p.can_manage_reversals(current_user))
    on_error_redirect(url_for("reversals.notice_page", month=month))
    document = notice.document(month, current_user)
    return send_file(bulletin_bytes(document), mimetype=DOCX_MIME, as_attachment=True,
                     download_name=f"{month}发改案件通报.docx")
