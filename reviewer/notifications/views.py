"""Notification pages: the list, mark one or all read; the unread badge for the navbar."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from models.notification import Notification
from reviewer import keyset
from reviewer import permissions as p
from reviewer.errors import get_or_404, require
from reviewer.extensions import db
from reviewer.notifications import services

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.app_context_processor
def unread_badge():
    """`unread_notifications()` in every template; one COUNT query, only when a page asks."""
    def unread_notifications() -> int:
        if not p.can_view_notifications(current_user):
            return 0
        return services.unread_count(current_user)
    return {"unread_notifications": unread_notifications}


# Newest first by id (creation order, as the API lists them): keyset pages on
# ix_notifications_user_newest, the total counted up to 1,000 (reviewer/keyset.py).
NEWEST_FIRST = (Notification.id,)


@bp.route("/")
@login_required
def index():
    require(p.can_view_notifications(current_user))
    page = keyset.paginate(select(Notification).where(Notification.user_id == current_user.id),
                           NEWEST_FIRST, request.args)
    return render_template("notifications/index.html", page=page)


@bp.route("/<int:notification_id>/read", methods=["POST"])
@login_required
def read(notification_id):
    note = get_or_404(Notification, notification_id)
    require(note.user_id == current_user.id)
    services.mark_read(current_user, note)
    if note.url and _local(note.url):
        return redirect(note.url)
    return redirect(url_for("notifications.index"))


@bp.route("/read-all", methods=["POST"])
@login_required
def read_all():
    require(p.can_view_notifications(current_user))
    services.mark_all_read(current_user)
    return redirect(url_for("notifications.index"))


def _local(url: str) -> bool:
    """A path on this site: not absolute, not protocol-relative, and no backslash (browsers read
    `/\\host` as `//host`)."""
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and url.startswith("/") and "\\" not in url
