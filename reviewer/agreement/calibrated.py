"""A reviewer's calibrated pattern (issue 18 item 5): how their calibration sheets differed from the
reference judgments' agreed deductions, and whether a live sheet departs from that pattern.

Over a reviewer's submitted calibration attempts, `total_difference` = own total deduction − the
reference's (points). Its mean is the reviewer's calibrated bias, its standard deviation their
calibrated spread. On the compare page a sheet's difference from its co-reviewers' mean stands in
for its difference from an agreed assessment, so a sheet departs from the calibrated pattern when
that difference lies more than `SDS` spreads from the bias and at least `MIN_POINTS` from it —
the same rule as `severity.unusual_sheet` applies to the live severity. Needs `MIN_ATTEMPTS`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import func, select

from models import AttemptStatus, CalibrationAttempt
from reviewer.extensions import db

SDS = 2.0
MIN_POINTS = 1.0
MIN_ATTEMPTS = 2


@dataclass(frozen=True)
class CalibratedPattern:
    attempts: int
    bias: float          # mean of own − reference total deduction, points
    spread: float        # population standard deviation of the same, points


def patterns(reviewer_ids) -> dict[int, CalibratedPattern]:
    """reviewer id → pattern over their submitted attempts (one SQL statement; SQLite has no
    STDDEV, so the spread comes from the mean of squares)."""
    ids = list(reviewer_ids)
    if not ids:
        return {}
    diff = CalibrationAttempt.total_difference
    rows = db.session.execute(
        select(CalibrationAttempt.reviewer_id, func.count(CalibrationAttempt.id), func.avg(diff),
               func.avg(diff * diff))
        .where(CalibrationAttempt.reviewer_id.in_(ids), CalibrationAttempt.status == AttemptStatus.SUBMITTED,
               diff.is_not(None))
        .group_by(CalibrationAttempt.reviewer_id))
    result = {}
    for reviewer_id, count, mean, mean_square in rows:
        mean, mean_square = float(mean), float(mean_square)
        result[reviewer_id] = CalibratedPattern(int(count), round(mean, 2),
                                                round(math.sqrt(max(0.0, mean_square - mean * mean)), 2))
    return result


def departs(difference: float | None, pattern: CalibratedPattern | None, sds: float = SDS) -> bool:
    """Does a sheet (its difference from the co-reviewers' mean, points) depart from the pattern?"""
    if difference is None or pattern is None or pattern.attempts < MIN_ATTEMPTS:
        return False
    gap = abs(difference - pattern.bias)
    return gap >= MIN_POINTS and gap > sds * pattern.spread
