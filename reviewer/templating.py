"""Template globals and filters: permissions, navigation, labels, dates."""
from __future__ import annotations

from models.base import utcnow
from models.month import current_evaluation_month
from models.timecode import format_timecode
from reviewer import permissions
from reviewer.clock import CHINA
from reviewer.navigation import nav_for


def local_time(value, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if value is None:
        return ""
    if getattr(value, "tzinfo", None) is not None:
        value = value.astimezone(CHINA)
    return value.strftime(fmt)


def month_label(value: str | None) -> str:
    if not value:
        return ""
    year, month = value.split("-")
    return f"{year}年{int(month)}月"


def print_date() -> str:
    """Today in China, for the printed page's header."""
    return utcnow().astimezone(CHINA).strftime("%Y年%m月%d日")


def register_template_helpers(app) -> None:
    app.jinja_env.globals.update(perm=permissions, nav_for=nav_for, evaluation_month=current_evaluation_month,
                                 print_date=print_date)
    app.jinja_env.filters.update(local_time=local_time, month_label=month_label, timecode=format_timecode)
