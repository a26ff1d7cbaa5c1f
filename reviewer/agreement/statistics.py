"""Agreement between reviewers: intraclass correlation and Krippendorff's alpha. Pure, no Flask.

The numbers come from two well-kept libraries (the choice is explained in `docs/agreement.md`):

* **ICC** — `pingouin.intraclass_corr` (validated by its authors against R's `psych::ICC`).
  Shrout & Fleiss (1979), *Intraclass correlations: uses in assessing rater reliability*,
  Psychological Bulletin 86(2), 420–428, case 2 (random subjects, random raters, absolute
  agreement), with MSR the between-subjects, MSC the between-raters and MSE the residual mean
  square of the two-way ANOVA on an n subjects × k raters table::

      ICC(2,1) = (MSR − MSE) / (MSR + (k − 1)·MSE + k·(MSC − MSE)/n)
      ICC(2,k) = (MSR − MSE) / (MSR + (MSC − MSE)/n)

  95 % confidence intervals from the F distribution as in McGraw & Wong (1996), table 7
  (pingouin calls these ICC(A,1) and ICC(A,k)). ICC(1,1) (one-way, raters not the same for
  every subject) is returned beside them.
* **Krippendorff's alpha** — the `krippendorff` package: α = 1 − D_o / D_e, with D_o the observed
  and D_e the expected disagreement computed from the coincidence matrix of pairable values and
  the level's distance (nominal, ordinal, interval, ratio). Krippendorff, K. (2011), *Computing
  Krippendorff's Alpha-Reliability*, Annenberg School for Communication, and *Content Analysis*
  (2004), §11.3. Units coded by one reviewer only are not pairable and do not count.

Small samples are reported honestly: an `Estimate` without a value carries the reason
(`INSUFFICIENT` = "样本不足") and the number of subjects it had.

Readings (plain language, thresholds shown on the page):

* ICC — Koo & Li (2016), J. Chiropractic Medicine 15(2): < 0.50 poor, 0.50–0.75 moderate,
  ≥ 0.75 good → 较差 / 一般 / 良好.
* alpha — Krippendorff (2004, p. 241): α ≥ 0.800 reliable, 0.667 ≤ α < 0.800 tentative,
  below 0.667 not reliable → 良好 / 一般 / 较差.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# pingouin, pandas and krippendorff (with SciPy) are imported where they are used: they cost about
# 2 s, which every CLI command and worker would pay at start-up otherwise (issue 19).

INSUFFICIENT = "样本不足"
NO_VARIATION = "评分完全相同，无法计算"
MIN_SUBJECTS_ICC = 5      # subjects with all k sheets
MIN_UNITS_ALPHA = 5       # units (subjects) with at least two values
ICC_THRESHOLDS = (0.50, 0.75)
ALPHA_THRESHOLDS = (0.667, 0.800)
GOOD, FAIR, POOR = "一致性良好", "一致性一般", "一致性较差"
READING_BADGES = {GOOD: "text-bg-success", FAIR: "text-bg-warning", POOR: "text-bg-danger"}


@dataclass(frozen=True)
class Estimate:
    """A statistic with its 95 % interval; `value` is None when it cannot be given (see `note`)."""

    value: float | None
    low: float | None = None
    high: float | None = None
    n: int = 0
    note: str | None = None

    @property
    def sufficient(self) -> bool:
        return self.value is not None

    def as_dict(self, digits: int = 3) -> dict:
        def r(x):
            return None if x is None else round(float(x), digits)
        return {"value": r(self.value), "low": r(self.low), "high": r(self.high), "n": self.n,
                "note": self.note}


def missing(n: int, note: str = INSUFFICIENT) -> Estimate:
    return Estimate(None, n=n, note=note)


@dataclass(frozen=True)
class IccResult:
    """ICC(2,1), ICC(2,k) and ICC(1,1) of an n × k table (n subjects, k sheets each)."""

    single: Estimate     # ICC(2,1)
    average: Estimate    # ICC(2,k)
    oneway: Estimate     # ICC(1,1)
    k: int

    def as_dict(self) -> dict:
        return {"icc_2_1": self.single.as_dict(), "icc_2_k": self.average.as_dict(),
                "icc_1_1": self.oneway.as_dict(), "k": self.k}


def icc(table) -> IccResult:
    """ICC(2,1), ICC(2,k), ICC(1,1) with 95 % intervals for `table`, shape (n subjects, k raters).

    Every cell must be a number (a complete, balanced design). Fewer than `MIN_SUBJECTS_ICC`
    subjects or fewer than two raters → estimates without value, note "样本不足"; a table without
    any variation → note `NO_VARIATION`.
    """
    matrix = np.asarray(table, dtype=float)
    n, k = matrix.shape if matrix.ndim == 2 else (0, 0)
    if n < MIN_SUBJECTS_ICC or k < 2 or np.isnan(matrix).any():
        return IccResult(missing(n), missing(n), missing(n), k)
    if np.ptp(matrix) == 0:
        return IccResult(*(missing(n, NO_VARIATION) for _ in range(3)), k)
    import pandas as pd
    from pingouin import intraclass_corr

    long = pd.DataFrame({"subject": np.repeat(np.arange(n), k), "rater": np.tile(np.arange(k), n),
                         "score": matrix.ravel()})
    with np.errstate(divide="ignore", invalid="ignore"):
        rows = intraclass_corr(long, targets="subject", raters="rater", ratings="score").set_index("Type")

    def pick(kind: str) -> Estimate:
        value, (low, high) = rows.at[kind, "ICC"], rows.at[kind, "CI95"]
        if not np.isfinite(value):
            return missing(n, NO_VARIATION)
        return Estimate(float(value), float(low), float(high), n)
    return IccResult(pick("ICC(A,1)"), pick("ICC(A,k)"), pick("ICC(1,1)"), k)


def panel_table(subjects, order, values) -> np.ndarray:
    """The n × k table for `icc` from long data: one row per sheet (subject, order key, value).

    k is the most common number of sheets per subject (at least 2); subjects with exactly k
    sheets are kept, their sheets placed in `order` (e.g. submission time) as raters 1…k. Returns
    an empty (0, 0) array when no subject has two sheets.
    """
    subjects, order, values = (np.asarray(a) for a in (subjects, order, values))
    if subjects.size == 0:
        return np.empty((0, 0))
    sort = np.lexsort((order, subjects))
    subjects, values = subjects[sort], values[sort].astype(float)
    counts = np.unique(subjects, return_counts=True)[1]
    multi = counts[counts >= 2]
    if multi.size == 0:
        return np.empty((0, 0))
    k = int(np.bincount(multi).argmax())
    keep = np.repeat(counts == k, counts)
    return values[keep].reshape(-1, k)


def value_counts(units, values) -> tuple[np.ndarray, np.ndarray]:
    """Units × values count table (Krippendorff's n_uv) and the sorted value domain.

    `units` (non-negative integer codes, best dense: 0…number of subjects) and `values` are
    parallel arrays, one entry per coded value (one sheet's value for a subject). Units with a
    single value are dropped
    (not pairable). Units on which every reviewer gave the same value v are merged into one unit
    per v: such a unit with m values adds exactly m to the coincidence o_vv (m(m−1)/(m−1)), so
    merging them changes nothing in α and keeps the table small for a year of data.
    """
    units, values = np.asarray(units, dtype=np.int64), np.asarray(values, dtype=float)
    domain, value_index = np.unique(values, return_inverse=True)
    size = int(units.max()) + 1 if units.size else 0
    table = np.bincount(units * domain.size + value_index,
                        minlength=size * domain.size).reshape(size, domain.size)
    table = table[table.sum(axis=1) >= 2]
    agreeing = np.count_nonzero(table, axis=1) == 1
    merged = table[agreeing].sum(axis=0)
    merged_rows = np.diag(merged)[merged > 0]
    return np.vstack([table[~agreeing], merged_rows]), domain


def alpha(units, values, level: str = "interval") -> Estimate:
    """Krippendorff's alpha of long data: `units` (non-negative integer codes) and `values`
    parallel, one entry per sheet.

    `level`: "nominal", "ordinal", "interval" or "ratio". Ordinal values must be given as
    numbers in their order (e.g. grade rank 0 = 优秀 … 3 = 不合格). `n` of the result is the number of
    pairable units. Fewer than `MIN_UNITS_ALPHA` pairable units → "样本不足"; a single value
    throughout → `NO_VARIATION` (alpha is undefined when nothing varies).
    """
    units, values = np.asarray(units, dtype=np.int64), np.asarray(values, dtype=float)
    per_unit = np.bincount(units) if units.size else np.zeros(0, dtype=np.int64)
    pairable = per_unit[units] >= 2
    n = int((per_unit >= 2).sum())
    if n < MIN_UNITS_ALPHA:
        return missing(n)
    if np.ptp(values[pairable]) == 0:
        return missing(n, NO_VARIATION)
    table, domain = value_counts(units[pairable], values[pairable])
    import krippendorff

    value = krippendorff.alpha(value_counts=table, value_domain=domain, level_of_measurement=level)
    return Estimate(float(value), n=n)


def reading(estimate: Estimate, thresholds: tuple[float, float]) -> str:
    """一致性良好 / 一般 / 较差 for an estimate and its (fair, good) thresholds; the note otherwise."""
    if not estimate.sufficient:
        return estimate.note or INSUFFICIENT
    fair, good = thresholds
    if estimate.value >= good:
        return GOOD
    return FAIR if estimate.value >= fair else POOR


def badge_of(reading_text: str) -> str:
    """The badge class a reading is shown with; notes (样本不足 …) are grey."""
    return READING_BADGES.get(reading_text, "text-bg-secondary")


def icc_reading(estimate: Estimate) -> str:
    return reading(estimate, ICC_THRESHOLDS)


def alpha_reading(estimate: Estimate) -> str:
    return reading(estimate, ALPHA_THRESHOLDS)
