"""Quality grades (质量等级): the one definition of their codes, labels and default bands.

`Grade` is stored by name (EXCELLENT, …) in the grade columns; the score sheet rules in
`reviewer/scoresheets/scoring.py` use the same names as plain strings (`GRADE_CODES`) and take their
labels from here. Best first.
"""
from __future__ import annotations

from models.base import LabelledEnum


class Grade(LabelledEnum):
    """Quality grades, best first. `Grade.PASS.label` → 合格."""

    EXCELLENT = ("excellent", "优秀")
    PASS = ("pass", "合格")
    FLAWED = ("flawed", "瑕疵")
    FAIL = ("fail", "不合格")


# Default grade bands: minimum score per grade name; 不合格 is everything below 瑕疵.
DEFAULT_GRADE_BANDS: dict[str, float] = {
    Grade.EXCELLENT.name: 90, Grade.PASS.name: 70, Grade.FLAWED.name: 60,
}
