"""Pages of the quarterly observation rounds (the office only; panel members work in their queue)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from models import (Hearing, ObservationEntry, ObservationMode, ObservationRound, Role,
                    ScheduledHearing, User, UserRole)
from reviewer import clock, permissions as p
from reviewer.edits import claim_version
from reviewer.errors import DomainError, get_or_404, require
from reviewer.extensions import db
from reviewer.hearings import rounds
from reviewer.recordings.blueprint import bp
from reviewer.reviews.assigning import assignments_for
from reviewer.web.unit_of_work import on_error_redirect


def _claim(obs: ObservationRound) -> None:
    """The round page's forms carry the round's version: a save from a stale page is refused."""
    claim_version(obs, request.form.get("lock_version"), obs.title)


def _done(message: str, target: str):
    """The request's unit of work commits after the view; a broken rule went to `on_error_redirect`."""
    flash(message, "success")
    return redirect(target)


@bp.route("/rounds")
@login_required
def rounds_index():
    require(p.can_manage_hearing_programme(current_user))
    items = db.session.scalars(select(ObservationRound).order_by(
        ObservationRound.year.desc(), ObservationRound.quarter.desc())).all()
    counts = dict(db.session.execute(select(ObservationEntry.round_id, func.count(ObservationEntry.id))
                                     .group_by(ObservationEntry.round_id)).all())
    schedule = db.session.scalar(select(func.count(ScheduledHearing.id)).where(ScheduledHearing.hearing_id.is_(None)))
    return render_template("hearings/rounds.html", rounds=items, counts=counts, schedule=schedule,
                           this_year=clock.today().year, this_quarter=(clock.today().month - 1) // 3 + 1)


@bp.route("/rounds/new", methods=["POST"])
@login_required
def round_new():
    require(p.can_manage_hearing_programme(current_user))
    target = url_for("hearings.rounds_index")
    on_error_redirect(target)
    obs = rounds.open_round(current_user, request.form.get("year", type=int) or 0,
                            request.form.get("quarter", type=int) or 0)
    return _done(f"已开启{obs.title}。", url_for("hearings.round_detail", round_id=obs.id))


@bp.route("/rounds/schedule", methods=["POST"])
@login_required
def round_schedule():
    require(p.can_manage_hearing_programme(current_user))
    target = url_for("hearings.rounds_index")
    upload = request.files.get("schedule")
    if upload is None or not upload.filename:
        flash("请选择开庭排期文件（CSV）。", "danger")
        return redirect(target)
    on_error_redirect(target)
    added, present = rounds.import_schedule(current_user, upload.stream)
    return _done(f"已导入 {added} 条开庭排期" + (f"，{present} 条已存在" if present else "") + "。", target)


@bp.route("/rounds/<int:round_id>")
@login_required
def round_detail(round_id):
    require(p.can_manage_hearing_programme(current_user))
    obs = db.session.scalar(select(ObservationRound).where(ObservationRound.id == round_id).options(
        selectinload(ObservationRound.entries).selectinload(ObservationEntry.hearing)
        .options(selectinload(Hearing.court), selectinload(Hearing.file), selectinload(Hearing.playback_file))))
    if obs is None:
        return get_or_404(ObservationRound, round_id)
    panels = assignments_for("hearing", [e.hearing_id for e in obs.entries])
    reviewers = db.session.scalars(select(User).join(UserRole).where(
        UserRole.role == Role.REVIEWER, User.active.is_(True)).options(selectinload(User.court))
        .order_by(User.court_id, User.display_name)).all()
    pool, _ = rounds.candidates(obs) if obs.drawn_at is None else ([], {})
    return render_template("hearings/round_detail.html", obs=obs, panels=panels, reviewers=reviewers,
                           pool=pool, levels=rounds.level_labels(), modes=ObservationMode)


@bp.route("/rounds/<int:round_id>/draw", methods=["POST"])
@login_required
def round_draw(round_id):
    require(p.can_manage_hearing_programme(current_user))
    obs = get_or_404(ObservationRound, round_id)
    target = url_for("hearings.round_detail", round_id=obs.id)
    per_level = {"intermediate": max(0, request.form.get("intermediate", type=int) or 0),
                 "basic": max(0, request.form.get("basic", type=int) or 0)}
    max_per_court = request.form.get("max_per_court", type=int) or None
    typed = {name: request.form.get(name, "")[:6] for name in ("intermediate", "basic", "max_per_court")}
    on_error_redirect(url_for("hearings.round_detail", round_id=obs.id, **typed))  # refused: the numbers stay
    _claim(obs)
    entries = rounds.draw_round(current_user, obs, per_level, max_per_court=max_per_court)
    return _done(f"已抽取 {len(entries)} 件（随机种子 {obs.seed}）。", target)


@bp.route("/rounds/entries/<int:entry_id>/mode", methods=["POST"])
@login_required
def round_entry_mode(entry_id):
    require(p.can_manage_hearing_programme(current_user))
    entry = get_or_404(ObservationEntry, entry_id)
    target = url_for("hearings.round_detail", round_id=entry.round_id)
    on_error_redirect(target)
    _claim(entry.round)
    try:
        mode = ObservationMode(request.form.get("mode", ""))
    except ValueError:
        raise DomainError("观摩方式不正确。") from None
    rounds.set_mode(current_user, entry, mode)
    return _done("已更新观摩方式。", target)


@bp.route("/rounds/entries/<int:entry_id>/panel", methods=["POST"])
@login_required
def round_entry_panel(entry_id):
    require(p.can_manage_hearing_programme(current_user))
    entry = get_or_404(ObservationEntry, entry_id)
    target = url_for("hearings.round_detail", round_id=entry.round_id)
    reviewer = db.session.get(User, request.form.get("reviewer_id", type=int) or 0)
    if reviewer is None or not reviewer.has_role(Role.REVIEWER):
        flash("请选择评查员。", "danger")
        return redirect(target)
    on_error_redirect(target)
    _claim(entry.round)
    rounds.assign_panel_member(current_user, entry, reviewer, request.form.get("leader") == "1")
    return _done(f"已将{reviewer.display_name}加入评查组。", target)


@bp.route("/rounds/<int:round_id>/close", methods=["POST"])
@login_required
def round_close(round_id):
    require(p.can_manage_hearing_programme(current_user))
    obs = get_or_404(ObservationRound, round_id)
    on_error_redirect(url_for("hearings.round_detail", round_id=obs.id))
    _claim(obs)
    rounds.close_round(current_user, obs)
    return _done(f"{obs.title}已结束。", url_for("hearings.rounds_index"))
