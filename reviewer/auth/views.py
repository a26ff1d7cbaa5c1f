"""Log in, log out, change one's own password."""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from forms.auth import ChangePasswordForm, LoginForm
from reviewer.auth import services
from reviewer.web.unit_of_work import attempt

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user, refusal = services.attempt_login(form.username.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        flash(refusal, "danger")  # the attempt's audit row is committed with the request
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    services.record_logout(current_user)
    logout_user()
    flash("您已退出登录。", "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        with attempt(form.current) as outcome:
            services.change_password(current_user, form.current.data, form.new.data)
        if not outcome.failed:
            # Other sessions ended; this one goes on under the new session version.
            remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
            login_user(current_user._get_current_object(), remember=remembered)
            flash("密码已修改，其他设备上的登录已失效。", "success")
            return redirect(url_for("main.index"))
    return render_template("auth/password.html", form=form)
