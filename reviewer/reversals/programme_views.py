"""The programme's boards: the ≥ 3 list, quality meetings, guidance library, points ledger,
leaders' cases."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from forms.reversal import CorrectionForm, GuidanceForm, ManualEntryForm, MeetingForm, RuleForm, TalkForm
from models import CourtLevel, Division, User
from models.month import is_month
from models.points import PointsEntry, PointsSubject
from models.reversal import GuidanceDocument, GuidanceKind, QualityMeeting
from reviewer import clock, permissions as p
from reviewer.errors import get_or_404, require
from reviewer.extensions import db
from reviewer.reversals import choices, flags, guidance, ledger, meetings
from reviewer.reversals.blueprint import bp
from reviewer.reversals.export import points_workbook
from reviewer.reversals.views import _flash_errors, send_stored
from reviewer.web.unit_of_work import attempt, on_error_redirect

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year() -> int:
    year = request.args.get("year", type=int) or clock.today().year
    if not 2000 <= year <= 2100:
        abort(404)
    return year


def recent_months(count: int = 6) -> list[str]:
    today = clock.today()
    months, y, m = [], today.year, today.month
    for _ in range(count):
        months.append(f"{y}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return list(reversed(months))


@bp.route("/flags")
@login_required
def flag_list():
    require(p.can_view_flags(current_user))
    year = _year()
    return render_template("reversals/flags.html", rows=flags.flagged(year), year=year,
                           threshold=flags.threshold(), form=TalkForm(held_on=clock.today()))


@bp.route("/flags/<int:year>/<int:judge_id>/talk", methods=["POST"])
@login_required
def talk(year, judge_id):
    require(p.can_record_talk(current_user))
    judge = get_or_404(User, judge_id)
    form = TalkForm()
    on_error_redirect(url_for("reversals.flag_list", year=year))
    if form.validate_on_submit():
        flags.record_talk(current_user, judge, year, form.held_on.data, form.note.data)
        flash("已记录诫勉谈话。", "success")
    else:
        _flash_errors(form)
    return redirect(url_for("reversals.flag_list", year=year))


@bp.route("/meetings")
@login_required
def meeting_board():
    require(p.can_view_meetings(current_user))
    months = recent_months()
    divisions, cells = meetings.board(months, clock.today())
    if not p.can_see_all_reversals(current_user):
        divisions = [d for d in divisions if d.court_id == current_user.court_id]
    return render_template("reversals/meetings.html", divisions=divisions, months=months, cells=cells)


def _meeting_divisions():
    if p.is_admin(current_user):
        return choices.divisions(empty=None)
    ids = [current_user.division_id] if current_user.division_id else []
    if p.is_liaison(current_user) and current_user.court_id:
        ids += list(db.session.scalars(select(Division.id).where(Division.court_id == current_user.court_id)))
    return choices.divisions(division_ids=ids, empty=None)


@bp.route("/meetings/new", methods=["GET", "POST"])
@login_required
def meeting_new():
    form = MeetingForm(request.args if request.method == "GET" and request.args else None)
    form.division_id.choices = _meeting_divisions()
    require(bool(form.division_id.choices))
    division = db.session.get(Division, form.division_id.data) if form.division_id.data else None
    month = form.month.data or request.args.get("month") or recent_months(2)[0]
    case_rows = meetings.cases_of(division.id, month) if division and is_month(month) else []
    form.case_ids.choices = [(c.id, f"{c.case_number}（{c.result.label}）") for c in case_rows]
    if request.method == "POST" and form.validate_on_submit():
        require(p.can_file_meeting(current_user, division))
        with attempt(form.held_on) as outcome:
            meetings.file_meeting(current_user, division, form.month.data, form.held_on.data, form.case_ids.data,
                                  form.problems.data, form.measures.data, form.minutes.data)
        if not outcome.failed:
            flash("评析会记录已登记，待庭长确认。", "success")
            return redirect(url_for("reversals.meeting_board"))
    return render_template("reversals/meeting_new.html", form=form)


@bp.route("/meetings/<int:meeting_id>")
@login_required
def meeting(meeting_id):
    item = get_or_404(QualityMeeting, meeting_id)
    require(p.can_view_meeting(current_user, item))
    return render_template("reversals/meeting.html", meeting=item)


@bp.route("/meetings/<int:meeting_id>/confirm", methods=["POST"])
@login_required
def meeting_confirm(meeting_id):
    item = get_or_404(QualityMeeting, meeting_id)
    require(p.can_confirm_meeting(current_user, item))
    on_error_redirect(url_for("reversals.meeting", meeting_id=item.id))
    meetings.confirm(current_user, item)
    flash("已确认（庭长签字），记录已报审管办备案。", "success")
    return redirect(url_for("reversals.meeting", meeting_id=item.id))


@bp.route("/meetings/<int:meeting_id>/minutes")
@login_required
def meeting_minutes(meeting_id):
    item = get_or_404(QualityMeeting, meeting_id)
    require(p.can_view_meeting(current_user, item))
    return send_stored(item.minutes)


@bp.route("/guidance")
@login_required
def guidance_index():
    require(p.can_read_guidance(current_user))
    kind = request.args.get("kind", "")
    kind = GuidanceKind(kind) if kind in {k.value for k in GuidanceKind} else None
    q = request.args.get("q", "")
    docs, more = guidance.search(q, kind, request.args.get("before", type=int))
    return render_template("reversals/guidance.html", docs=docs, more=more, q=q, kind=kind, kinds=GuidanceKind)


@bp.route("/guidance/new", methods=["GET", "POST"])
@login_required
def guidance_new():
    require(p.can_publish_guidance(current_user))
    form = GuidanceForm()
    ids = None if p.is_admin(current_user) else [current_user.division_id]
    form.division_id.choices = choices.divisions(CourtLevel.INTERMEDIATE, ids, empty=None)
    if form.validate_on_submit():
        division = get_or_404(Division, form.division_id.data)
        with attempt(form.title) as outcome:
            doc = guidance.publish(current_user, division, GuidanceKind(form.kind.data), form.title.data,
                                   form.body.data, form.published_on.data, form.file.data)
        if not outcome.failed:
            flash("已发布。", "success")
            return redirect(url_for("reversals.guidance_doc", doc_id=doc.id))
    return render_template("reversals/guidance_new.html", form=form)


@bp.route("/guidance/<int:doc_id>")
@login_required
def guidance_doc(doc_id):
    require(p.can_read_guidance(current_user))
    return render_template("reversals/guidance_doc.html", doc=get_or_404(GuidanceDocument, doc_id))


@bp.route("/guidance/<int:doc_id>/attachment")
@login_required
def guidance_file(doc_id):
    require(p.can_read_guidance(current_user))
    return send_stored(get_or_404(GuidanceDocument, doc_id).file)


@bp.route("/points")
@login_required
def points():
    require(p.can_view_points(current_user))
    year = _year()
    judges, divisions = ledger.totals(year)
    rules = ledger.ensure_rules()
    return render_template("reversals/points.html", year=year, judges=judges, divisions=divisions,
                           entries=ledger.entries(year, limit=200), rules=rules,
                           rule_form=RuleForm(), entry_form=_entry_form(rules), correction_form=CorrectionForm())


def _entry_form(rules=None) -> ManualEntryForm:
    form = ManualEntryForm()
    form.rule_code.choices = list({r.code: (r.code, f"{r.label}（{r.subject.label}）")
                                   for r in rules or ledger.ensure_rules()}.values())
    form.division_id.choices = choices.divisions()
    return form


@bp.route("/points/entries", methods=["POST"])
@login_required
def points_entry():
    """An entry under a rule the office added (e.g. excellent/flawed judgments or hearings), for a
    judge typed by username or name, or a chosen division."""
    require(p.can_manage_reversals(current_user))
    form = _entry_form()
    on_error_redirect(url_for("reversals.points"))
    if form.validate_on_submit():
        judge_id = choices.judge_named(form.judge.data) if (form.judge.data or "").strip() else None
        ledger.post(current_user, code=form.rule_code.data, on=form.occurred_on.data, source=None,
                    note=form.note.data, judge_id=judge_id, division_id=form.division_id.data)
        flash("已登记计分。", "success")
    else:
        _flash_errors(form)
    return redirect(url_for("reversals.points", year=form.occurred_on.data.year if form.occurred_on.data else None))


@bp.route("/points/export.xlsx")
@login_required
def points_export():
    require(p.can_view_points(current_user))
    year = _year()
    return send_file(points_workbook(year), mimetype=XLSX, as_attachment=True, download_name=f"{year}年绩效考核分值.xlsx")


@bp.route("/points/rules", methods=["POST"])
@login_required
def points_rule():
    require(p.can_manage_reversals(current_user))
    form = RuleForm()
    on_error_redirect(url_for("reversals.points"))
    if form.validate_on_submit():
        ledger.add_rule(current_user, form.code.data, form.label.data, form.points.data,
                        PointsSubject(form.subject.data), form.effective_from.data, form.effective_until.data)
        flash("已新增计分规则。", "success")
    else:
        _flash_errors(form)
    return redirect(url_for("reversals.points"))


@bp.route("/points/corrections", methods=["POST"])
@login_required
def points_correct():
    """A counter-entry for the ledger entry `entry_id` (the row's 冲正 button), with the reason typed
    above the ledger: one form for the page instead of one per row."""
    require(p.can_manage_reversals(current_user))
    form = CorrectionForm()
    entry = db.session.get(PointsEntry, form.entry_id.data) if form.entry_id.data else None
    target = url_for("reversals.points", year=entry.occurred_on.year if entry else None)
    on_error_redirect(target)
    if entry is None and form.entry_id.data:
        abort(404)
    if form.validate_on_submit():
        ledger.correct(current_user, entry, form.reason.data)
        flash("已登记冲正记录。", "success")
    else:
        _flash_errors(form)
    return redirect(target)
