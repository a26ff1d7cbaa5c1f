"""Judgment intake and browsing: upload, check the extracted data, submit, list, read, download."""
from flask import (Blueprint, flash, redirect, render_template, request, url_for)
from flask_login import current_user, login_required

from forms.judgment import FilterForm, JudgmentMetaForm, UploadForm, lines_to_people, people_to_lines
from models import Court, Judgment, JudgmentStatus, Purpose
from reviewer.admin.reference import courts_visible_to, judge_choices
from reviewer import permissions as p
from reviewer import storage
from reviewer.errors import get_or_404, require
from reviewer.web.unit_of_work import attempt, on_error_redirect
from reviewer.judgments import services
from reviewer.judgments.case_number import parse_case_number
from reviewer.judgments.queries import judgment_list_page

bp = Blueprint("judgments", __name__, url_prefix="/judgments")



@bp.route("/")
@login_required
def index():
    require(p.can_list_judgments(current_user))
    form = FilterForm(request.args)
    courts = courts_visible_to(current_user)
    form.court.choices = [("", "全部法院")] + [(c.id, c.name) for c in courts]
    form.status.choices = [("", "全部状态")] + JudgmentStatus.choices()
    form.purpose.choices = [("", "全部类型")] + Purpose.choices()
    if form.month.data:
        form.month.validate(form)       # a malformed month is said so beside the (empty) list
    filters = {k: v for k, v in request.args.items() if v}
    if "court" in filters:
        filters["court"] = request.args.get("court", type=int)
    page = judgment_list_page(current_user, filters, request.args)
    batch_submit = filters.get("status") == JudgmentStatus.DRAFT.value and p.can_upload_judgments(current_user)
    return render_template("judgments/index.html", page=page, form=form, batch_submit=batch_submit)


@bp.route("/upload", methods=["GET", "POST"])
@login_required
def upload():
    require(p.can_upload_judgments(current_user))
    form = UploadForm()
    courts = courts_visible_to(current_user)
    form.court_id.choices = [(c.id, c.name) for c in courts]
    if request.method == "GET":
        form.court_id.data = current_user.court_id
    if form.validate_on_submit():
        court = get_or_404(Court, form.court_id.data)
        require(p.can_upload_for_court(current_user, court.id))
        files = [(f.filename, f.stream) for f in request.files.getlist(form.files.name) if f.filename]
        result = services.ingest_batch(current_user, court, form.month.data, Purpose(form.purpose.data), files)
        if result.accepted:
            flash(f"已接收 {len(result.accepted)} 份文书，请核对提取的信息后报送。", "success")
        if result.rejected:
            flash(f"{len(result.rejected)} 个文件未被接收，原因见下表。", "danger")
        problems = {j.id: services.court_problems(j) for j in result.accepted}
        return render_template("judgments/upload_result.html", result=result, court_problems=problems)
    return render_template("judgments/upload.html", form=form)


@bp.route("/<int:judgment_id>")
@login_required
def detail(judgment_id):
    judgment = get_or_404(Judgment, judgment_id)
    require(p.can_view_judgment(current_user, judgment))
    if not p.can_view_judgment_original(current_user, judgment):
        return redirect(url_for("exemplars.detail", judgment_id=judgment.id))  # anonymised there
    problems = services.court_problems(judgment) if judgment.status == JudgmentStatus.DRAFT else []
    return render_template("judgments/detail.html", judgment=judgment, court_problems=problems)


@bp.route("/<int:judgment_id>/download")
@login_required
def download(judgment_id):
    judgment = get_or_404(Judgment, judgment_id)
    require(p.can_download_judgment(current_user, judgment))
    stored = judgment.file
    return storage.send_stored(stored, mimetype=storage.download_mime(stored), as_attachment=True,
                               download_name=storage.download_name(stored), conditional=True)


@bp.route("/<int:judgment_id>/edit", methods=["GET", "POST"])
@login_required
def edit(judgment_id):
    judgment = get_or_404(Judgment, judgment_id)
    require(p.can_edit_judgment(current_user, judgment))
    form = JudgmentMetaForm(obj=judgment, case_number_parser=parse_case_number)
    form.judge_id.choices = judge_choices([judgment.court_id])
    if request.method == "GET":
        form.purpose.data = judgment.purpose.value
        form.parties_text.data = people_to_lines(judgment.parties)
        form.signatories_text.data = people_to_lines(judgment.signatories)
    if form.validate_on_submit():
        data = {k: v for k, v in form.data.items()
                if k not in ("csrf_token", "submit", "parties_text", "signatories_text")}
        data["parties"] = lines_to_people(form.parties_text.data)
        data["signatories"] = lines_to_people(form.signatories_text.data)
        with attempt() as outcome:
            services.update_metadata(current_user, judgment, data)
        if not outcome.failed:
            flash("已保存。", "success")
            return redirect(url_for("judgments.detail", judgment_id=judgment.id))
    return render_template("judgments/edit.html", form=form, judgment=judgment)


@bp.route("/<int:judgment_id>/submit", methods=["POST"])
@login_required
def submit(judgment_id):
    judgment = get_or_404(Judgment, judgment_id)
    require(p.can_submit_judgment(current_user, judgment))
    with attempt() as outcome:
        services.submit(current_user, judgment, reason=request.form.get("court_mismatch_reason"))
    if not outcome.failed:
        flash(f"{judgment.title} 已报送评查。", "success")
    return redirect(url_for("judgments.detail", judgment_id=judgment_id))  # the row may be gone: deleted meanwhile


@bp.route("/submit-batch", methods=["POST"])
@login_required
def submit_batch():
    """全部报送: the checked drafts of an upload, all or none, with a line per judgment."""
    require(p.can_upload_judgments(current_user))
    ids = [int(v) for v in request.form.getlist("judgment_ids") if v.isdigit() and len(v) < 12]
    with attempt() as outcome:
        reports = services.submit_many(current_user, ids)
    if outcome.failed:
        reports = getattr(outcome.error, "reports", [])
    else:
        flash(f"已全部报送 {len(reports)} 份文书。", "success")
    return render_template("judgments/batch_result.html", reports=reports, failed=outcome.failed)


@bp.route("/<int:judgment_id>/delete", methods=["POST"])
@login_required
def delete(judgment_id):
    judgment = get_or_404(Judgment, judgment_id)
    require(p.can_delete_judgment(current_user, judgment))
    title = judgment.title
    on_error_redirect(url_for("judgments.detail", judgment_id=judgment_id))
    services.delete_draft(current_user, judgment)
    flash(f"已删除 {title}。", "success")
    return redirect(url_for("judgments.index"))
