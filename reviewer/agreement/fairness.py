"""Severity where decisions are made: the compare page and the assignment board (the ranking
draft's part is `reviewer.rankings.adjustment`).

Each function fits the severity model of the subject's quarter (`services.severity_for_month`) and
reads from it; the number of SQL statements does not depend on the data. Read-only.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from models import ReviewStatus
from reviewer.agreement import calibrated, services, severity


@dataclass(frozen=True)
class SheetNote:
    """One submitted sheet on the compare page: its reviewer's severity and whether it is unusual."""

    severity: severity.Severity | None
    difference: float | None         # own total deduction − mean of the co-reviewers'
    unusual: bool
    calibration: calibrated.CalibratedPattern | None = None
    off_calibration: bool = False    # departs from the reviewer's calibrated pattern


@dataclass(frozen=True)
class SubjectFairness:
    period_label: str
    raw: float | None
    adjusted: float | None
    notes: dict = field(default_factory=dict)     # review id → SheetNote

    @property
    def shift(self) -> float | None:
        return None if self.raw is None or self.adjusted is None else round(self.adjusted - self.raw, 2)


def for_subject(kind: str, subject_id: int, month: str, reviews) -> SubjectFairness:
    """Raw and adjusted combined score of a subject, and a note per submitted sheet."""
    result = services.severity_for_month(kind, month)
    report = result.model
    scores = report.scores_of(subject_id)
    submitted = [r for r in reviews if r.status == ReviewStatus.SUBMITTED]
    patterns = calibrated.patterns({r.reviewer_id for r in submitted})
    notes = {}
    if len(submitted) >= 2:
        totals = [float(r.total_deduction) for r in submitted]
        diffs, _ = severity.differences([subject_id] * len(totals), totals)
        for review, diff in zip(submitted, diffs):
            row, pattern = report.severity_of(review.reviewer_id), patterns.get(review.reviewer_id)
            notes[review.id] = SheetNote(row, round(float(diff), 2), severity.unusual_sheet(float(diff), row),
                                         pattern, calibrated.departs(float(diff), pattern))
    else:
        for review in submitted:
            notes[review.id] = SheetNote(report.severity_of(review.reviewer_id), None, False,
                                         patterns.get(review.reviewer_id))
    raw, adjusted = scores if scores else (None, None)
    return SubjectFairness(result.period.label, raw, adjusted, notes)


def reviewer_severities(kind: str, month: str) -> dict[int, severity.Severity]:
    """reviewer id → severity over the month's quarter (for the assignment board; `effect` is not
    fitted there, 0.0)."""
    return {row.reviewer_id: row for row in services.severities_for_month(kind, month)}
