"""Administration: users, courts and divisions, the audit log (审管办 only)."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from forms.admin import CourtForm, DivisionForm, UserForm
from models import Court, Division, Role, User
from reviewer import permissions as p
from reviewer.admin import services
from reviewer.admin.audit_log import audit_page, filter_choices, readable
from reviewer.errors import get_or_404, require
from reviewer.extensions import db
from reviewer.web.unit_of_work import attempt

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _only_admins():
    require(p.is_admin(current_user))


@bp.route("/users")
def users():
    query = select(User).options(selectinload(User.court), selectinload(User.division)).order_by(User.id)
    q = request.args.get("q", "").strip()
    if q:
        query = query.where(or_(User.username.contains(q, autoescape=True),
                                User.display_name.contains(q, autoescape=True)))
    if request.args.get("court", type=int):
        query = query.where(User.court_id == request.args.get("court", type=int))
    role = request.args.get("role")
    if role in {r.value for r in Role}:
        from models import UserRole
        query = query.where(User.role_rows.any(UserRole.role == Role(role)))
    page = db.paginate(query, per_page=30)
    courts = db.session.scalars(select(Court).order_by(Court.sort_order)).all()
    return render_template("admin/users.html", page=page, courts=courts, roles=Role)


def _user_form_data(form) -> dict:
    return {k: v for k, v in form.data.items() if k not in ("csrf_token", "submit")}


def _picking_court() -> bool:
    """The form was sent by 列出该院部门 (or by the script when the court changes): show it again
    with that court's divisions, keeping what was typed, without saving."""
    return request.method == "POST" and "pick_court" in request.form


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    form = UserForm(db_session=db.session)
    if _picking_court():
        return render_template("admin/user_form.html", form=form, user=None)
    if form.validate_on_submit():
        user = services.create_user(current_user, _user_form_data(form))
        flash(f"已创建用户 {user.display_name}。", "success")
        return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def edit_user(user_id):
    user = get_or_404(User, user_id)
    form = UserForm(db_session=db.session, user=user, obj=user)
    if request.method == "GET":
        form.roles.data = [r.value for r in user.roles]
    if _picking_court():
        return render_template("admin/user_form.html", form=form, user=user)
    if form.validate_on_submit():
        with attempt(form.username) as outcome:
            services.update_user(current_user, user, _user_form_data(form))
        if not outcome.failed:
            flash(f"已保存用户 {user.display_name}。", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user)


@bp.route("/courts")
def courts():
    rows = db.session.scalars(
        select(Court).options(selectinload(Court.divisions)).order_by(Court.sort_order, Court.id)).all()
    return render_template("admin/courts.html", courts=rows)


@bp.route("/courts/new", methods=["GET", "POST"])
@bp.route("/courts/<int:court_id>/edit", methods=["GET", "POST"])
def edit_court(court_id=None):
    court = get_or_404(Court, court_id) if court_id else None
    form = CourtForm(db_session=db.session, court=court, obj=court)
    if request.method == "GET" and court:
        form.level.data = court.level.value
    if form.validate_on_submit():
        with attempt() as outcome:
            court = services.save_court(current_user, court, form.data)
        if not outcome.failed:
            flash(f"已保存 {court.name}。", "success")
            return redirect(url_for("admin.courts"))
    return render_template("admin/court_form.html", form=form, court=court)


@bp.route("/courts/<int:court_id>/divisions/new", methods=["GET", "POST"])
@bp.route("/courts/<int:court_id>/divisions/<int:division_id>/edit", methods=["GET", "POST"])
def edit_division(court_id, division_id=None):
    court = get_or_404(Court, court_id)
    division = get_or_404(Division, division_id) if division_id else None
    if division is not None and division.court_id != court.id:
        return redirect(url_for("admin.courts"))
    form = DivisionForm(obj=division)
    if form.validate_on_submit():
        with attempt(form.name) as outcome:
            services.save_division(current_user, court, division, form.data)
        if not outcome.failed:
            flash("部门已保存。", "success")
            return redirect(url_for("admin.courts"))
    return render_template("admin/division_form.html", form=form, court=court, division=division)


@bp.route("/audit")
def audit():
    require(p.can_view_audit(current_user))
    page = audit_page(request.args)
    return render_template("admin/audit.html", page=page, rows=readable(page.items), logins=False,
                           choices=filter_choices(request.args))


@bp.route("/audit/logins")
def audit_logins():
    require(p.can_view_audit(current_user))
    page = audit_page(request.args, logins=True)
    return render_template("admin/audit.html", page=page, rows=readable(page.items), logins=True,
                           choices=filter_choices(request.args, logins=True))
