"""Reviewer severity (宽严度) and a severity-adjusted score. Pure, no Flask.

Input is long data, one entry per submitted sheet: the subject, the reviewer and the sheet's
total deduction (扣分合计, points).

**Severity.** For each sheet on a subject that n ≥ 2 reviewers scored, the difference
``d = own total − mean total of the other n − 1 reviewers`` on that subject. A reviewer's severity
is the mean of their d over the subjects they *share* with others; its 95 % interval is Student's
t interval ``mean ± t(0.975, m−1) · sd / √m`` (m shared subjects; the quantile from
`scipy.special.stdtrit`, which `scipy.stats.t.ppf` itself calls). Positive means
stricter (more deducted) than the co-reviewers. Fewer than `MIN_SHARED` shared subjects →
"样本不足". Consistency is the standard deviation of d: small means the reviewer departs from
the others by a steady amount (a constant severity the adjusted score can correct), large means
they disagree case by case.

**Adjusted score.** An additive reviewer-effect model (a two-way fixed-effects model without
interaction, as in Shrout & Fleiss's case 2 ANOVA)::

    deduction(s, r) = μ_s + b_r + ε

fitted by least squares on the sheets of subjects with at least two sheets, with μ_s eliminated by
centring within each subject and the minimum-norm solution (`numpy.linalg.lstsq` on the normal
equations of the sparse design, `scipy.sparse`), so the effects of each connected group of
reviewers average zero. Only reviewers with at least
`MIN_SHARED` shared subjects are corrected (the others keep b_r = 0). The adjusted score of a
subject is its raw combined score plus the mean of its reviewers' effects (each sheet's
deduction minus its reviewer's effect, averaged), kept within 0…total points.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reviewer.agreement.statistics import INSUFFICIENT, Estimate, missing

MIN_SHARED = 5


@dataclass(frozen=True)
class Severity:
    """One reviewer's severity (points of deduction vs co-reviewers) and consistency (sd, points)."""

    reviewer_id: int
    severity: Estimate       # mean difference with its 95 % interval, n = shared subjects
    consistency: float | None
    effect: float            # b_r of the additive model (0 when not corrected)
    sheets: int              # all submitted sheets in scope

    @property
    def reading(self) -> str:
        s = self.severity
        if not s.sufficient:
            return s.note or INSUFFICIENT
        if s.low > 0:
            return "偏严"
        if s.high < 0:
            return "偏宽"
        return "与同组无明显差异"

    @property
    def badge(self) -> str:
        """Badge class: red when stricter than the group, blue when more lenient, light otherwise."""
        return {"偏严": "text-bg-danger", "偏宽": "text-bg-primary"}.get(self.reading, "text-bg-light")

    def as_dict(self) -> dict:
        return {"reviewer_id": self.reviewer_id, "severity": self.severity.as_dict(2),
                "consistency": None if self.consistency is None else round(self.consistency, 2),
                "effect": round(self.effect, 2), "sheets": self.sheets, "reading": self.reading}


UNUSUAL_SDS = 2.0


def unusual_sheet(difference: float, row: Severity | None, sds: float = UNUSUAL_SDS) -> bool:
    """Does a sheet depart from its reviewer's usual pattern?

    `difference` is the sheet's total deduction minus the mean of its co-reviewers' (as in
    `differences`). It is unusual when the reviewer's severity is known and the difference lies
    more than `sds` standard deviations (the reviewer's consistency) from their mean severity, and
    at least 1 point from it.
    """
    if row is None or not row.severity.sufficient or not row.consistency:
        return False
    gap = abs(difference - row.severity.value)
    return gap > sds * row.consistency and gap >= 1.0


def _codes(values) -> tuple[np.ndarray, np.ndarray]:
    uniques, index = np.unique(np.asarray(values), return_inverse=True)
    return uniques, index


def differences(subjects, totals) -> tuple[np.ndarray, np.ndarray]:
    """Per sheet: own total minus the mean of the others on the same subject, and a shared mask."""
    totals = np.asarray(totals, dtype=float)
    _, s = _codes(subjects)
    count = np.bincount(s)[s]
    total = np.bincount(s, weights=totals)[s]
    shared = count >= 2
    diff = np.zeros_like(totals)
    diff[shared] = totals[shared] - (total[shared] - totals[shared]) / (count[shared] - 1)
    return diff, shared


def reviewer_effects(subjects, reviewers, totals) -> dict[int, float]:
    """b_r of the additive model (module docstring), for every reviewer with a shared sheet."""
    totals = np.asarray(totals, dtype=float)
    _, shared = differences(subjects, totals)
    if not shared.any():
        return {}
    subj = np.asarray(subjects)[shared]
    rev_ids, r = _codes(np.asarray(reviewers)[shared])
    _, s = _codes(subj)
    y = totals[shared]
    from scipy import sparse   # here, not at import time (start-up cost, issue 19)

    count = np.bincount(s)
    rows = np.arange(y.size)
    by_subject = sparse.csr_matrix((np.ones(y.size), (rows, s)), shape=(y.size, count.size))
    by_reviewer = sparse.csr_matrix((np.ones(y.size), (rows, r)), shape=(y.size, rev_ids.size))
    # Centring within subjects, C = I − S·D⁻¹·Sᵀ, removes μ_s: C·y = C·R·b + ε.
    subject_means = sparse.diags(1.0 / count) @ (by_subject.T @ by_reviewer)
    design = (by_reviewer - by_subject @ subject_means).tocsr()
    y_centred = y - (np.bincount(s, weights=y) / count)[s]
    # Minimum-norm least squares through the (reviewers × reviewers) normal equations:
    # pinv(XᵀX)·Xᵀy = pinv(X)·y, the same solution as an iterative solver on X, at a fraction of the cost.
    effects = np.linalg.lstsq((design.T @ design).toarray(), design.T @ y_centred, rcond=None)[0]
    return {int(rid): float(b) for rid, b in zip(rev_ids, effects)}


def severities(subjects, reviewers, totals, with_effects: bool = True) -> list[Severity]:
    """Severity, consistency and model effect per reviewer, strictest first (module docstring).
    Without `with_effects` the additive model is not fitted and every effect is 0.0 (for pages
    that show the severities only)."""
    reviewers = np.asarray(reviewers)
    diff, shared = differences(subjects, totals)
    # scipy.special, not scipy.stats (same function; the stats package costs ~45 MB more per worker).
    from scipy.special import stdtrit

    effects = reviewer_effects(subjects, reviewers, totals) if with_effects else {}
    rev_ids, r = _codes(reviewers)
    sheets = np.bincount(r, minlength=rev_ids.size)
    m = np.bincount(r[shared], minlength=rev_ids.size)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.bincount(r[shared], weights=diff[shared], minlength=rev_ids.size) / m
        squares = np.bincount(r[shared], weights=(diff[shared] - mean[r[shared]]) ** 2, minlength=rev_ids.size)
        sd = np.sqrt(squares / (m - 1))
        half = stdtrit(np.maximum(m - 1, 1), 0.975) * sd / np.sqrt(m)
    result = []
    for at, rid in enumerate(rev_ids.tolist()):
        if m[at] < MIN_SHARED:
            result.append(Severity(rid, missing(int(m[at])), None, 0.0, int(sheets[at])))
            continue
        value, spread = float(mean[at]), float(half[at])
        result.append(Severity(rid, Estimate(value, value - spread, value + spread, int(m[at])), float(sd[at]),
                               effects.get(rid, 0.0), int(sheets[at])))
    return sorted(result, key=lambda x: (x.severity.value is None, -(x.severity.value or 0),
                                         x.reviewer_id))


def adjusted_scores(subjects, reviewers, scores, severity_rows: list[Severity],
                    total_points: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(subject ids, raw scores, adjusted scores), one entry per subject, ids ascending.

    `subjects`, `reviewers`, `scores` are parallel per sheet (score = points − total deduction).
    Raw = mean sheet score (the combined score, Σ(points − mean deduction)); adjusted = raw + mean
    effect of the subject's reviewers, within 0…`total_points`, both rounded to 2 decimals.
    Reviewers whose severity is "样本不足" count with effect 0.
    """
    subjects, reviewers = np.asarray(subjects), np.asarray(reviewers)
    scores = np.asarray(scores, dtype=float)
    if subjects.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0)
    effect = {row.reviewer_id: row.effect for row in severity_rows if row.severity.sufficient}
    rev_ids, rev_codes = np.unique(reviewers, return_inverse=True)
    per_sheet = np.array([effect.get(int(r), 0.0) for r in rev_ids])[rev_codes]
    ids, codes = np.unique(subjects, return_inverse=True)
    count = np.bincount(codes)
    raw = np.bincount(codes, weights=scores) / count
    adjusted = np.clip(raw + np.bincount(codes, weights=per_sheet) / count, 0.0, float(total_points))
    return ids, np.round(raw, 2), np.round(adjusted, 2)
