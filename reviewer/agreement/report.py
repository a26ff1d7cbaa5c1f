"""One agreement report from a period's submitted sheets: the figures of issue #18 items 1 and 2. Pure.

Input (`SheetData`) is long data, one row per submitted sheet, all on one score-sheet version:
subject, reviewer, submission order, and the sheet's deduction on every item (veto items hold
1 when hit, 0 otherwise). The report holds:

* ICC(2,1), ICC(2,k), ICC(1,1) of the sheets' scores (points − total deduction);
* Krippendorff's alpha of the grades (ordinal; a sheet's grade is its score's band, 不合格 when it
  hits a veto item, as `reviewer.scoresheets.scoring` grades a combined score) and of each item's
  deductions (interval; veto items nominal);
* the share of subjects whose spread reaches the threshold, per item and per pair of reviewers;
* each reviewer's severity, consistency and model effect; each subject's raw and adjusted score.

Formulas and sources are in `statistics`, `severity` and `dispersion`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from reviewer.agreement import dispersion, severity, statistics
from reviewer.agreement.statistics import Estimate, IccResult

GRADE_ORDER = ("EXCELLENT", "PASS", "FLAWED", "FAIL")   # rank 0 … 3 for the ordinal alpha


@dataclass(frozen=True)
class ItemInfo:
    key: str
    label: str
    points: float
    veto: bool = False


@dataclass
class SheetData:
    """Parallel arrays, one entry per submitted sheet (see the module docstring)."""

    subjects: np.ndarray
    reviewers: np.ndarray
    order: np.ndarray
    deductions: np.ndarray            # sheets × items
    items: list[ItemInfo]
    total_points: float
    grade_bands: dict
    spread_threshold: float

    @classmethod
    def empty(cls, items, total_points, grade_bands, spread_threshold) -> "SheetData":
        none = np.zeros(0, dtype=np.int64)
        return cls(none, none, none.astype(float), np.zeros((0, len(items))), list(items),
                   total_points, grade_bands, spread_threshold)

    @property
    def veto_columns(self) -> np.ndarray:
        return np.array([item.veto for item in self.items], dtype=bool)

    @property
    def totals(self) -> np.ndarray:
        """Total deduction per sheet (points)."""
        return self.deductions[:, ~self.veto_columns].sum(axis=1)

    def grade_ranks(self) -> np.ndarray:
        """0 = 优秀 … 3 = 不合格 per sheet, from the score bands and veto hits."""
        scores = self.total_points - self.totals
        minimums = [float(self.grade_bands.get(code, 0)) for code in GRADE_ORDER[:3]]
        ranks = np.full(scores.size, 3)
        for rank in (2, 1, 0):
            ranks[scores >= minimums[rank] - 1e-9] = rank
        vetoed = self.deductions[:, self.veto_columns].sum(axis=1) > 0 if self.veto_columns.any() \
            else np.zeros(scores.size, dtype=bool)
        ranks[vetoed] = 3
        return ranks


@dataclass(frozen=True)
class ItemAgreement:
    item: ItemInfo
    alpha: Estimate
    over: dispersion.Share

    @property
    def reading(self) -> str:
        return statistics.alpha_reading(self.alpha)

    @property
    def badge(self) -> str:
        return statistics.badge_of(self.reading)


class SeverityLookup:
    """Reading a fitted severity model: needs `severities`, `scored_subjects`, `raw_scores` and
    `adjusted_scores` on the instance."""

    def scores_of(self, subject_id: int) -> tuple[float, float] | None:
        """(raw, adjusted) combined score of a subject in the report, None if it has no sheet."""
        at = int(np.searchsorted(self.scored_subjects, subject_id))
        if at < self.scored_subjects.size and self.scored_subjects[at] == subject_id:
            return float(self.raw_scores[at]), float(self.adjusted_scores[at])
        return None

    def severity_of(self, reviewer_id: int) -> "severity.Severity | None":
        return next((row for row in self.severities if row.reviewer_id == reviewer_id), None)


@dataclass
class SeverityModel(SeverityLookup):
    """Only the reviewer-effect model of a scope (what the compare page, the assignment board and the
    ranking draft show): the severities and each subject's raw and adjusted score."""

    severities: list[severity.Severity]
    scored_subjects: np.ndarray
    raw_scores: np.ndarray
    adjusted_scores: np.ndarray


@dataclass
class AgreementReport(SeverityLookup):
    sheets: int
    subjects: int
    shared_subjects: int
    reviewers: int
    icc: IccResult
    grade_alpha: Estimate
    over: dispersion.Share
    items: list[ItemAgreement]
    pairs: list[dispersion.PairRow]
    severities: list[severity.Severity]
    scored_subjects: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    raw_scores: np.ndarray = field(default_factory=lambda: np.zeros(0))       # per scored subject
    adjusted_scores: np.ndarray = field(default_factory=lambda: np.zeros(0))  # severity-adjusted
    spread_threshold: float = 10.0

    @property
    def icc_reading(self) -> str:
        return statistics.icc_reading(self.icc.single)

    @property
    def grade_reading(self) -> str:
        return statistics.alpha_reading(self.grade_alpha)

    @property
    def icc_badge(self) -> str:
        return statistics.badge_of(self.icc_reading)

    @property
    def grade_badge(self) -> str:
        return statistics.badge_of(self.grade_reading)

    def as_dict(self, names: dict | None = None) -> dict:
        names = names or {}
        return {
            "sheets": self.sheets, "subjects": self.subjects, "shared_subjects": self.shared_subjects,
            "reviewers": self.reviewers, "spread_threshold": self.spread_threshold,
            "icc": {**self.icc.as_dict(), "reading": self.icc_reading},
            "alpha": {
                "grade_ordinal": {**self.grade_alpha.as_dict(), "reading": self.grade_reading},
                "items_interval": [{"key": row.item.key, "label": row.item.label,
                                    "level": "nominal" if row.item.veto else "interval",
                                    **row.alpha.as_dict(), "reading": row.reading,
                                    "spread_over": row.over.as_dict()} for row in self.items],
            },
            "spread_over": self.over.as_dict(),
            "pairs": [{**row.as_dict(), "names": [names.get(row.first_id), names.get(row.second_id)]}
                      for row in self.pairs],
            "severity": [{**row.as_dict(), "name": names.get(row.reviewer_id)} for row in self.severities],
        }


def build(data: SheetData) -> AgreementReport:
    """The report for `data` (module docstring). Empty data gives a report of "样本不足"."""
    subject_codes = np.unique(data.subjects, return_inverse=True)[1] if data.subjects.size \
        else np.zeros(0, dtype=np.int64)
    totals = data.totals
    scores = data.total_points - totals
    per_subject = np.bincount(subject_codes) if subject_codes.size else np.zeros(0, dtype=np.int64)
    items = []
    shares = dispersion.item_shares(subject_codes, data.deductions, [i.points for i in data.items],
                                    data.spread_threshold, data.total_points)
    for column, item in enumerate(data.items):
        level = "nominal" if item.veto else "interval"
        items.append(ItemAgreement(item, statistics.alpha(subject_codes, data.deductions[:, column], level),
                                   shares[column]))
    model = build_severity(data)
    return AgreementReport(
        sheets=int(data.subjects.size), subjects=int(per_subject.size),
        shared_subjects=int((per_subject >= 2).sum()), reviewers=int(np.unique(data.reviewers).size),
        icc=statistics.icc(statistics.panel_table(subject_codes, data.order, scores)),
        grade_alpha=statistics.alpha(subject_codes, data.grade_ranks(), "ordinal"),
        over=dispersion.subject_share(subject_codes, totals, data.spread_threshold),
        items=items,
        pairs=dispersion.pairs(data.subjects, data.reviewers, totals, data.spread_threshold),
        severities=model.severities, scored_subjects=model.scored_subjects, raw_scores=model.raw_scores,
        adjusted_scores=model.adjusted_scores,
        spread_threshold=data.spread_threshold,
    )


def build_severity(data: SheetData) -> SeverityModel:
    """The severity model of `data` alone, without the agreement figures (ICC, alphas, pairs):
    the same numbers as `build(data)`'s severities and scores at a fraction of the cost."""
    return fit_severity(data.subjects, data.reviewers, data.totals, data.total_points)


def fit_severity(subjects, reviewers, totals, total_points: float) -> SeverityModel:
    """The severity model from parallel per-sheet arrays: subject, reviewer, total deduction (points)."""
    totals = np.asarray(totals, dtype=float)
    severities = severity.severities(subjects, reviewers, totals)
    scored, raw, adjusted = severity.adjusted_scores(subjects, reviewers, total_points - totals,
                                                     severities, total_points)
    return SeverityModel(severities, scored, raw, adjusted)
