"""Hearing recordings (庭审录像): the hearing, its resumable upload and who watched it."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, LabelledEnum, utcnow
from models.court import Court
from models.stored_file import StoredFile
from models.user import User


class HearingNomination(LabelledEnum):
    EXCELLENT = ("excellent", "精品庭审")
    FLAWED = ("flawed", "瑕疵庭审")
    SAMPLE = ("sample", "观摩样本")

    @property
    def badge(self) -> str:
        return {"excellent": "text-bg-success", "flawed": "text-bg-warning"}.get(self.value, "text-bg-secondary")


class HearingStatus(LabelledEnum):
    UPLOADING = ("uploading", "上传中")
    QUEUED = ("queued", "等待处理")
    PROCESSING = ("processing", "处理中")
    READY = ("ready", "可播放")
    FAILED = ("failed", "处理失败")
    ON_SITE = ("on_site", "现场观摩")  # drawn from the hearing schedule: observed in court, no recording

    @property
    def badge(self) -> str:
        """Bootstrap badge classes for this status (templates show, they do not decide)."""
        return {"ready": "text-bg-success", "failed": "text-bg-danger", "on_site": "text-bg-info"}.get(
            self.value, "text-bg-warning")


class Hearing(Base):
    __tablename__ = "hearings"
    __table_args__ = (
        Index("ix_hearings_court_month", "court_id", "month"),
        # The hearing list and the exemplar library, newest first, keyset-paged (reviewer/keyset.py).
        Index("ix_hearings_newest", "created_at", "id"),
        Index("ix_hearings_published", "published_at", "id", sqlite_where=text("published_at IS NOT NULL"),
              postgresql_where=text("published_at IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    month: Mapped[str] = mapped_column(String(7), index=True)  # YYYY-MM the court submits it for
    case_number: Mapped[str] = mapped_column(String(80), index=True)
    cause: Mapped[str | None] = mapped_column(String(100))
    procedure: Mapped[str | None] = mapped_column(String(30))
    hearing_date: Mapped[date | None]
    presiding_judge_name: Mapped[str | None] = mapped_column(String(50))
    judge_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    nomination: Mapped[HearingNomination] = mapped_column(default=HearingNomination.SAMPLE, index=True)
    status: Mapped[HearingStatus] = mapped_column(default=HearingStatus.UPLOADING, index=True)

    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))  # as uploaded
    playback_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))  # transcode
    poster_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    duration_seconds: Mapped[float | None]
    container: Mapped[str | None] = mapped_column(String(20))
    video_codec: Mapped[str | None] = mapped_column(String(30))
    audio_codec: Mapped[str | None] = mapped_column(String(30))
    width: Mapped[int | None]
    height: Mapped[int | None]
    playable_in_browser: Mapped[bool] = mapped_column(default=False)
    rotation: Mapped[int] = mapped_column(default=0)  # degrees turned upright in playback/poster
    audio_note: Mapped[str | None] = mapped_column(String(300))  # which audio tracks were kept
    progress: Mapped[int] = mapped_column(default=0)  # processing, percent
    processing_error: Mapped[str | None] = mapped_column(Text)

    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]  # upload completed: counts for the monthly quota
    published_at: Mapped[datetime | None]  # joined the exemplar library
    required_viewing: Mapped[bool] = mapped_column(default=False)  # every judge must watch it

    court: Mapped[Court] = relationship()
    judge: Mapped[User | None] = relationship(foreign_keys=[judge_id])
    uploaded_by: Mapped[User | None] = relationship(foreign_keys=[uploaded_by_id])
    file: Mapped[StoredFile | None] = relationship(foreign_keys=[file_id])
    playback_file: Mapped[StoredFile | None] = relationship(foreign_keys=[playback_file_id])
    poster_file: Mapped[StoredFile | None] = relationship(foreign_keys=[poster_file_id])
    upload: Mapped["HearingUpload | None"] = relationship(back_populates="hearing", uselist=False)

    @property
    def playable_file(self) -> StoredFile | None:
        """The file the player streams: the transcode if there is one, else the original."""
        if self.playback_file is not None:
            return self.playback_file
        return self.file if self.playable_in_browser else None

    def __repr__(self) -> str:
        return f"<Hearing {self.id} {self.case_number} {self.status.name}>"


class HearingUpload(Base):
    """A resumable upload in progress: bytes received so far are `offset` of `size`."""

    __tablename__ = "hearing_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id", ondelete="CASCADE"), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    offset: Mapped[int] = mapped_column(BigInteger, default=0)
    original_name: Mapped[str] = mapped_column(String(300))
    # Where the received bytes go: local backend, the partial file relative to UPLOAD_ROOT; S3,
    # the key the multipart upload completes into (`multipart_id`; reviewer/storage/multipart.py).
    partial_path: Mapped[str] = mapped_column(String(300))
    multipart_id: Mapped[str | None] = mapped_column(String(300))
    # The writer's lease (reviewer/recordings/upload_lock.py): one PATCH at a time across nodes.
    lock_owner: Mapped[str | None] = mapped_column(String(32))
    lock_until: Mapped[datetime | None]
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    completed_at: Mapped[datetime | None]

    hearing: Mapped[Hearing] = relationship(back_populates="upload")
    created_by: Mapped[User] = relationship()

    @property
    def complete(self) -> bool:
        return self.completed_at is not None

    def __repr__(self) -> str:
        return f"<HearingUpload {self.token} {self.offset}/{self.size}>"


class WatchRecord(Base):
    """Who watched a published recording, how far, and when."""

    __tablename__ = "hearing_watch_records"
    __table_args__ = (UniqueConstraint("hearing_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearings.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    first_watched_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_watched_at: Mapped[datetime] = mapped_column(default=utcnow)
    seconds_watched: Mapped[float] = mapped_column(default=0.0)  # furthest position reached
    completed: Mapped[bool] = mapped_column(default=False)

    hearing: Mapped[Hearing] = relationship()
    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<WatchRecord hearing {self.hearing_id} user {self.user_id}>"
