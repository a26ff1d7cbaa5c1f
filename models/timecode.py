"""Moments in a recording as people read and type them: hh:mm:ss, or mm:ss (seconds may carry up
to three decimals), e.g. "01:02:03", "12:30", "12:30.5"; plain seconds ("750") are read too.
Shown as mm:ss under an hour, hh:mm:ss from an hour on, with one decimal when there is a fraction.
"""
from __future__ import annotations

import math
import re

_CLOCK = re.compile(r"^(?:(\d{1,3})[:：])?(\d{1,3})[:：](\d{1,2}(?:\.\d{1,3})?)$")
_SECONDS = re.compile(r"^\d{1,6}(?:\.\d{1,3})?$")
FORMAT_MESSAGE = "时间格式应为 时:分:秒 或 分:秒，如 01:02:03 或 12:30。"


def parse_timecode(text: str | None) -> float | None:
    """Seconds for a typed time; None when blank; ValueError(FORMAT_MESSAGE) when not a time
    (minutes and seconds of a clock below 60, except the minutes of mm:ss, which may run on)."""
    text = (text or "").strip()
    if not text:
        return None
    if _SECONDS.match(text):
        return float(text)
    match = _CLOCK.match(text)
    if not match:
        raise ValueError(FORMAT_MESSAGE)
    hours, minutes, seconds = match.group(1), int(match.group(2)), float(match.group(3))
    if seconds >= 60 or (hours is not None and minutes >= 60):
        raise ValueError(FORMAT_MESSAGE)
    value = int(hours or 0) * 3600 + minutes * 60 + seconds
    if not math.isfinite(value):
        raise ValueError(FORMAT_MESSAGE)
    return value


def format_timecode(seconds: float | None) -> str:
    """"12:30", "01:02:03", "12:30.5"; "" for None or a value that is not a finite time."""
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return ""
    tenths = round(seconds * 10)
    whole, fraction = divmod(tenths, 10)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours:02d}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
    return f"{text}.{fraction}" if fraction else text
