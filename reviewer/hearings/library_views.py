"""Exemplar library of hearing recordings: browse, watch (recorded), publish, who-watched report."""
from __future__ import annotations

import math

from flask import abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from models import Hearing
from reviewer import keyset
from reviewer import permissions as p
from reviewer.errors import get_or_404, require
from reviewer.extensions import db
from reviewer.hearings import library
from reviewer.recordings.blueprint import bp
from reviewer.web.unit_of_work import on_error_redirect


@bp.route("/library")
@login_required
def library_index():
    require(p.can_view_hearing_library(current_user))
    filters = {k: v for k, v in request.args.items() if v and k in ("court", "year", "nomination", "q")}
    if "court" in filters:
        filters["court"] = request.args.get("court", type=int)
    if filters.get("year") and not str(filters["year"]).isdigit():
        abort(400)
    try:
        # keyset on (published_at, id), total counted up to 1000 (ix_hearings_published)
        page = keyset.paginate(library.library_query(filters), (Hearing.published_at, Hearing.id), request.args,
                               per_page=20)
    except ValueError:
        abort(400)
    return render_template("hearings/library.html", page=page, filters=filters)


@bp.route("/library/<int:hearing_id>")
@login_required
def library_detail(hearing_id):
    hearing = get_or_404(Hearing, hearing_id)
    if hearing.published_at is None:
        abort(404)
    require(p.can_view_hearing_library(current_user))
    items, general = library.findings(hearing)
    return render_template("hearings/library_detail.html", hearing=hearing, items=items, general=general)


@bp.route("/<int:hearing_id>/watch", methods=["POST"])
@login_required
def watch(hearing_id):
    hearing = get_or_404(Hearing, hearing_id)
    require(p.can_record_watching(current_user, hearing))
    # the player's pings may overlap (the first two both create the record): the later one is
    # refused by the request's unit of work with JSON, not a redirect; the record stays one row
    g.uow_refusal = lambda message: (jsonify(message=message), 409)
    payload = request.get_json(silent=True) or {}
    try:
        position = float(payload.get("position", request.form.get("position", "")))
    except (TypeError, ValueError, OverflowError):
        return jsonify(message="播放位置必须是数字。"), 400
    # Finite, not negative, within the recording (one second of slack for the player's rounding).
    if not math.isfinite(position) or position < 0 or (
            hearing.duration_seconds and position > hearing.duration_seconds + 1):
        return jsonify(message="播放位置无效：应在 0 与录像时长之间。"), 400
    record = library.record_watch(current_user, hearing, position)
    return jsonify(seconds_watched=record.seconds_watched, completed=record.completed)


@bp.route("/<int:hearing_id>/publish", methods=["POST"])
@login_required
def publish(hearing_id):
    hearing = get_or_404(Hearing, hearing_id)
    require(p.can_publish_hearing(current_user, hearing))
    target = url_for("hearings.library_detail", hearing_id=hearing.id)
    on_error_redirect(target)
    library.publish(current_user, hearing, required=request.form.get("required") == "1")
    flash("已放入示范库。", "success")
    return redirect(target)


@bp.route("/library/watching")
@login_required
def watching():
    require(p.can_manage_hearing_programme(current_user))
    page = db.paginate(library.judges_query(), per_page=50)
    required, records = library.watch_matrix([u.id for u in page.items])
    return render_template("hearings/watching.html", page=page, required=required, records=records)
