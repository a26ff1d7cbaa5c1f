"""API: the token's user and their notifications."""
from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from models import Notification
from reviewer.api.schemas import NotificationSchema, UserSchema, With
from reviewer.errors import get_or_404
from reviewer.extensions import db
from reviewer.notifications import services as notifications

bp = Blueprint("api_me", __name__, url_prefix="/api/v1", description="令牌的用户与其通知")


class NotificationFilterSchema(Schema):
    unread = fields.Boolean(load_default=False)
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


@bp.route("/me")
class Me(MethodView):
    @bp.response(200, UserSchema)
    def get(self):
        """令牌所属用户"""
        return With(current_user._get_current_object(), token_name=g.api_token.name,
                    token_scope=g.api_token.scope.value)


@bp.route("/notifications")
class Notifications(MethodView):
    @bp.arguments(NotificationFilterSchema, location="query")
    @bp.response(200, NotificationSchema(many=True))
    def get(self, args):
        """令牌用户的通知（最新在前）"""
        query = select(Notification).where(Notification.user_id == current_user.id)
        if args["unread"]:
            query = query.where(Notification.read_at.is_(None))
        return list(db.session.scalars(query.order_by(Notification.id.desc()).limit(args["limit"])))


class ReadAllSchema(Schema):
    marked = fields.Integer(metadata={"description": "本次标为已读的通知数"})


@bp.route("/notifications/<int:notification_id>/read")
class NotificationRead(MethodView):
    @bp.response(200, NotificationSchema)
    @bp.alt_response(404, description="没有这条通知（或不是令牌用户的）")
    def post(self, notification_id):
        """将令牌用户的一条通知标为已读（已读的保持不变）"""
        note = get_or_404(Notification, notification_id)
        if note.user_id != current_user.id:
            abort(404, message="没有这条通知。")
        notifications.mark_read(current_user, note)
        return note


@bp.route("/notifications/read-all")
class NotificationsReadAll(MethodView):
    @bp.response(200, ReadAllSchema)
    def post(self):
        """将令牌用户的全部未读通知标为已读"""
        return {"marked": notifications.mark_all_read(current_user)}
