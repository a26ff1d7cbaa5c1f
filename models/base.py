"""Declarative base, timestamps and enums with Chinese labels shared by every model."""
from __future__ import annotations

import enum
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone

from sqlalchemy import JSON, DateTime, MetaData
from sqlalchemy.types import TypeDecorator
from sqlalchemy.orm import DeclarativeBase, registry

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


_SET_CLOCK: ContextVar[datetime | None] = ContextVar("set_clock", default=None)


def utcnow() -> datetime:
    """Timezone-aware current time in UTC (the only clock models use); inside `clock_at(moment)`,
    that moment."""
    return _SET_CLOCK.get() or datetime.now(timezone.utc)


@contextmanager
def clock_at(moment: datetime):
    """Run a block as if it were `moment` (an aware datetime): what models and services stamp with
    `utcnow` takes that time. The demo builds past months through the real services with it, so a
    month evaluated in March is not stamped as published today."""
    if moment.tzinfo is None:
        raise ValueError("clock_at needs an aware datetime")
    token = _SET_CLOCK.set(moment.astimezone(timezone.utc))
    try:
        yield
    finally:
        _SET_CLOCK.reset(token)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every database (SQLite drops the zone; it is put back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if isinstance(value, datetime) and value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime(), dict: JSON, list: JSON},
    )


class LabelledEnum(enum.Enum):
    """An enum whose members carry a Chinese label: `Purpose.EXCELLENT.label` → 推荐优秀.

    Members are declared as `NAME = ("value", "中文")`; the stored value is the first element.
    """

    def __new__(cls, value: str, label: str):
        member = object.__new__(cls)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]

    def __str__(self) -> str:
        return self.label
