"""Moments in a recording typed and shown as hh:mm:ss or mm:ss (models/timecode.py)."""
from __future__ import annotations

import pytest

from models.timecode import FORMAT_MESSAGE, format_timecode, parse_timecode


@pytest.mark.parametrize("text, seconds", [
    ("01:02:03", 3723.0), ("1:02:03", 3723.0), ("12:30", 750.0), ("0:05", 5.0), ("90:00", 5400.0),
    ("12:30.5", 750.5), ("00:00:00.25", 0.25), ("750", 750.0), ("1.5", 1.5), (" 12：30 ", 750.0),
    ("１２:３０", 750.0),  # full-width digits, as a Chinese input method may type them
    ("", None), ("  ", None), (None, None),
])
def test_typed_times_are_read(text, seconds):
    assert parse_timecode(text) == seconds


@pytest.mark.parametrize("text", ["1:60", "1:60:00", "12", "nan", "inf", "-5", "1e5", "1::2", "a:b",
                                  "12:30:", "1:2:3:4", "1234:00:00"])
def test_anything_else_is_refused_with_the_chinese_message(text):
    if text == "12":
        assert parse_timecode(text) == 12.0  # plain seconds
        return
    with pytest.raises(ValueError, match=FORMAT_MESSAGE):
        parse_timecode(text)


@pytest.mark.parametrize("seconds, text", [
    (0, "00:00"), (5, "00:05"), (750, "12:30"), (750.5, "12:30.5"), (3599.96, "01:00:00"), (3723, "01:02:03"),
    (36000, "10:00:00"), (None, ""), (float("nan"), ""), (float("inf"), ""), (-1, ""),
])
def test_times_are_shown_as_mm_ss_or_hh_mm_ss(seconds, text):
    assert format_timecode(seconds) == text


@pytest.mark.parametrize("seconds", [0, 5, 59.9, 750.5, 3723, 86399.9])
def test_what_is_shown_reads_back_the_same(seconds):
    assert parse_timecode(format_timecode(seconds)) == pytest.approx(seconds)
