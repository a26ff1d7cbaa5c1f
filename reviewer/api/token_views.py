"""The site's page for personal API tokens: list (name, scope, last use, expiry), create (the
secret is shown once), revoke. Ordinary site routes: session and CSRF."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from forms.api_token import RevokeForm, TokenForm
from models import ApiToken, TokenScope
from reviewer import permissions as p
from reviewer.auth import tokens
from reviewer.errors import get_or_404, require
from reviewer.web.unit_of_work import attempt

bp = Blueprint("tokens", __name__, url_prefix="/account/tokens")


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    require(p.can_hold_api_tokens(current_user))
    form, secret = TokenForm(), None
    if form.validate_on_submit():
        with attempt(form.name) as outcome:
            _token, secret = tokens.create_token(current_user, form.name.data, TokenScope(form.scope.data),
                                                 form.days.data)
        if not outcome.failed:
            flash("令牌已创建。请立即复制保存：它只显示这一次。", "success")
            form = TokenForm(formdata=None)
    return render_template("api/tokens.html", form=form, secret=secret, rows=tokens.tokens_of(current_user))


@bp.route("/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id):
    token = get_or_404(ApiToken, token_id)
    require(p.can_hold_api_tokens(current_user) and token.user_id == current_user.id)
    if RevokeForm().validate_on_submit():
        tokens.revoke_token(current_user, token)
        flash(f"已撤销令牌“{token.name}”。", "success")
    return redirect(url_for("tokens.index"))
