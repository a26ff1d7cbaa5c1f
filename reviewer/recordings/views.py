"""Hearing recordings: list, declare and upload, detail with player, stream, poster, withdraw."""
from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forms.hearing import HearingFilterForm, HearingForm
from models import Court, Hearing
from reviewer.admin.reference import courts_visible_to, judge_choices
from reviewer import keyset
from reviewer import permissions as p
from reviewer import storage
from reviewer.errors import get_or_404, require
from reviewer.recordings import services, uploads
from reviewer.recordings.blueprint import bp
from reviewer.jobs import enqueue_after_commit
from reviewer.web.unit_of_work import attempt

@bp.route("/")
@login_required
def index():
    require(p.can_list_hearings(current_user))
    form = HearingFilterForm(request.args)
    form.court.choices = [("", "全部法院")] + [(c.id, c.name) for c in courts_visible_to(current_user)]
    filters = {k: v for k, v in request.args.items() if v}
    if "court" in filters:
        filters["court"] = request.args.get("court", type=int)
    try:
        query = services.hearing_list_query(current_user, filters)
    except ValueError:
        abort(400)
    # keyset on (created_at, id) with the total counted up to 1000: an OFFSET page and a count of
    # every hearing grew with the years (ix_hearings_newest)
    page = keyset.paginate(query, (Hearing.created_at, Hearing.id), request.args, per_page=20)
    return render_template("hearings/index.html", page=page, form=form)


def hearing_form(formdata=None, **kwargs) -> HearingForm:
    """The hearing declaration form with the courts and judges the current user may choose."""
    form = HearingForm(formdata, **kwargs) if formdata is not None else HearingForm(**kwargs)
    courts = courts_visible_to(current_user)
    form.court_id.choices = [(c.id, c.name) for c in courts]
    form.judge_id.choices = judge_choices([c.id for c in courts], "（不关联）")
    return form


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    require(p.can_upload_hearings(current_user))
    form = hearing_form()
    if request.method == "GET":
        form.court_id.data = current_user.court_id
        return render_template("hearings/new.html", form=form)
    if not form.validate():
        return jsonify(message="请检查填写的内容。", errors=form.errors), 400
    court = get_or_404(Court, form.court_id.data)
    require(p.can_upload_hearing_for_court(current_user, court.id))
    with attempt(form.file_name) as outcome:  # a refusal rolls back; the script shows the message
        hearing, upload = services.create_hearing(current_user, court, form.data)
    if outcome.failed:
        return jsonify(message=outcome.message, errors={}), 400
    return jsonify(upload_url=url_for("hearings.tus_upload", token=upload.token),
                   detail_url=url_for("hearings.detail", hearing_id=hearing.id),
                   offset=0, size=upload.size), 201


@bp.route("/<int:hearing_id>")
@login_required
def detail(hearing_id):
    hearing = get_or_404(Hearing, hearing_id)
    require(p.can_view_hearing(current_user, hearing))
    upload = hearing.upload
    resumable = (upload is not None and not upload.complete
                 and p.can_write_hearing_upload(current_user, upload))
    received = uploads.held(upload) if upload is not None else 0  # the file, not the row: see uploads
    return render_template("hearings/detail.html", hearing=hearing, upload=upload, resumable=resumable,
                           received=received, stalled=services.is_stalled(hearing))


@bp.route("/<int:hearing_id>/status")
@login_required
def status(hearing_id):
    hearing = get_or_404(Hearing, hearing_id)
    require(p.can_view_hearing(current_user, hearing))
    return jsonify(status=hearing.status.value, label=hearing.status.label, progress=hearing.progress,
                   error=hearing.processing_error)


@bp.route("/<int:hearing_id>/video")
@login_required
def video(hearing_id):
    hearing = get_or_404(Hearing, hearing_id)
    require(p.can_view_hearing(current_user, hearing))
    stored = hearing.playable_file
    if stored is None:
        abort(404)
    response = storage.send_stored(stored, mimetype=storage.download_mime(stored), conditional=True,
                                   download_name=storage.download_name(stored), max_age=3600)
    if hearing.published_at is None:  # not in the public library: no shared or on-disk caches
        response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<int:hearing_id>/poster")
@login_required
def poster(hearing_id):
    hearing = get_or_404(Hearing, hearing_id)
    require(p.can_view_hearing(current_user, hearing))
    if hearing.poster_file is None:
        abort(404)
    return storage.send_stored(hearing.poster_file, mimetype="image/jpeg", conditional=True, max_age=86400)


@bp.route("/<int:hearing_id>/delete", methods=["POST"])
@login_required
def delete(hearing_id):
    hearing = get_or_404(Hearing, hearing_id)
    stalled = services.is_stalled(hearing)
    require(p.can_delete_hearing(current_user, hearing, stalled))
    services.delete_hearing(current_user, hearing, stalled)
    flash("录像已撤回。", "success")
    return redirect(url_for("hearings.index"))


@bp.route("/<int:hearing_id>/reprocess", methods=["POST"])
@login_required
def reprocess(hearing_id):
    hearing = get_or_404(Hearing, hearing_id)
    require(p.can_reprocess_hearing(current_user, hearing, services.is_stalled(hearing)))
    services.requeue(current_user, hearing)
    enqueue_after_commit("hearings.process", hearing.id)
    flash("已重新排队处理。", "success")
    return redirect(url_for("hearings.detail", hearing_id=hearing.id))
