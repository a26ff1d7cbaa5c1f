"""In-site notifications (站内通知), optionally also sent by mail."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, LabelledEnum, utcnow
from models.user import User


class NotificationKind(LabelledEnum):
    ASSIGNMENT = ("assignment", "新的评查任务")
    DUE_SOON = ("due_soon", "即将到期")
    OVERDUE = ("overdue", "已逾期")
    LIST_PUBLISHED = ("list_published", "榜单公布")
    OBJECTION = ("objection", "异议")
    GENERAL = ("general", "通知")


class Notification(Base):
    __tablename__ = "notifications"
    # `dedupe_key` makes repeated reminders idempotent: one row per user and key.
    __table_args__ = (
        UniqueConstraint("user_id", "dedupe_key"),
        Index("ix_notifications_user_unread", "user_id", "read_at"),
        # A user's notifications newest first, page by page (keyset on the id): thousands per
        # reviewer after ten years, of which a page reads 21.
        Index("ix_notifications_user_newest", "user_id", "id"),
        # The mail outbox sweep (notifications.services.deliver_mail, every ten minutes) reads the
        # last day's unmailed rows: a range of this index, not a scan of ten years' 150,000 rows.
        Index("ix_notifications_unmailed", "created_at", sqlite_where=text("emailed_at IS NULL"),
              postgresql_where=text("emailed_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind]
    text: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(300))
    dedupe_key: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def __repr__(self) -> str:
        return f"<Notification {self.kind.value} user={self.user_id}>"
