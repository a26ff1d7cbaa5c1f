"""Spread between reviewers (分差): share of subjects over the threshold, per item and per pair. Pure.

* **Subjects.** The spread of a subject is its highest sheet total deduction minus its lowest
  (the same rule as `reviewer.reviews.scoring`); it is *over* when it reaches the sheet's
  threshold (default 10 points). Only subjects with at least two sheets count.
* **Items.** An item's spread on a subject is max − min of the sheets' deductions on that item;
  its threshold is the sheet's threshold in proportion to the item's points
  (threshold × item points / sheet points), e.g. 1 point for a 10-point item on a 100-point sheet
  with threshold 10. Veto items (0 points) count a disagreement on whether the veto was hit.
* **Pairs of reviewers.** Every two reviewers who scored the same subject form a pair on it; per
  pair: shared subjects, mean absolute difference of their totals, share at or over the
  threshold, and the mean signed difference (first minus second, ids in ascending order).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reviewer.agreement.severity import MIN_SHARED
from reviewer.agreement.statistics import INSUFFICIENT


@dataclass(frozen=True)
class Share:
    over: int
    subjects: int

    @property
    def share(self) -> float | None:
        return None if self.subjects == 0 else self.over / self.subjects

    def as_dict(self) -> dict:
        return {"over": self.over, "subjects": self.subjects,
                "share": None if self.share is None else round(self.share, 3)}


@dataclass(frozen=True)
class PairRow:
    first_id: int
    second_id: int
    shared: int
    mean_abs_difference: float
    mean_difference: float
    over: int

    @property
    def note(self) -> str | None:
        return INSUFFICIENT if self.shared < MIN_SHARED else None

    def as_dict(self) -> dict:
        return {"reviewers": [self.first_id, self.second_id], "shared": self.shared,
                "mean_abs_difference": round(self.mean_abs_difference, 2),
                "mean_difference": round(self.mean_difference, 2), "over": self.over,
                "share_over": round(self.over / self.shared, 3), "note": self.note}


def _spreads(subjects, values) -> np.ndarray:
    """max − min per subject with ≥ 2 entries, for each column of `values` (sheets × columns)."""
    subjects = np.asarray(subjects)
    values = np.asarray(values, dtype=float).reshape(subjects.size, -1)
    order = np.argsort(subjects, kind="stable")
    _, starts, counts = np.unique(subjects[order], return_index=True, return_counts=True)
    columns = np.ascontiguousarray(values.T)[:, order]   # reduceat runs fast along contiguous rows
    spread = np.maximum.reduceat(columns, starts, axis=1) - np.minimum.reduceat(columns, starts, axis=1)
    return spread[:, counts >= 2].T


def subject_share(subjects, totals, threshold: float) -> Share:
    """Subjects whose spread of total deductions reaches `threshold` (points)."""
    spread = _spreads(subjects, totals)[:, 0] if len(subjects) else np.empty(0)
    return Share(int((spread >= threshold - 1e-9).sum()), int(spread.size))


def item_shares(subjects, deductions, item_points, threshold: float, sheet_points: float) -> list[Share]:
    """Per item (columns of `deductions`, sheets × items): subjects whose item spread reaches
    threshold × points / sheet points (veto columns: any difference)."""
    if len(subjects) == 0:
        return [Share(0, 0) for _ in item_points]
    spread = _spreads(subjects, deductions)
    result = []
    for column, points in enumerate(item_points):
        values = spread[:, column]
        over = values >= threshold * float(points) / sheet_points - 1e-9 if points else values > 1e-9
        result.append(Share(int(over.sum()), int(spread.shape[0])))
    return result


def pairs(subjects, reviewers, totals, threshold: float) -> list[PairRow]:
    """Per pair of reviewers sharing subjects (module docstring), most shared subjects first.

    Sheets sorted by subject; the pairs of sheets on one subject are the sheets `d` places apart
    within a subject's run, for d = 1 … the most sheets a subject has; each pair is oriented
    (lower reviewer id first) and summed per pair of reviewers with `bincount` (a pandas self-merge
    and group-by cost the agreement page 15–20 ms)."""
    subjects, reviewers = np.asarray(subjects), np.asarray(reviewers)
    totals = np.asarray(totals, dtype=float)
    if subjects.size < 2:
        return []
    order = np.argsort(subjects, kind="stable")
    subjects, reviewers, totals = subjects[order], reviewers[order], totals[order]
    runs = np.unique(subjects, return_counts=True)[1]
    lefts, rights = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for distance in range(1, int(runs.max())):
        left = np.flatnonzero(subjects[:-distance] == subjects[distance:])
        lefts.append(left)
        rights.append(left + distance)
    left, right = np.concatenate(lefts), np.concatenate(rights)
    swap = reviewers[left] > reviewers[right]
    left, right = np.where(swap, right, left), np.where(swap, left, right)
    keep = reviewers[left] < reviewers[right]
    left, right = left[keep], right[keep]
    if left.size == 0:
        return []
    keys, group = np.unique(np.stack([reviewers[left], reviewers[right]], axis=1), axis=0, return_inverse=True)
    group = group.ravel()
    difference = totals[left] - totals[right]
    shared = np.bincount(group)
    absolute = np.bincount(group, np.abs(difference))
    signed = np.bincount(group, difference)
    over = np.bincount(group, (np.abs(difference) >= threshold - 1e-9).astype(float))
    rows = [PairRow(int(a), int(b), int(n), float(mad / n), float(md / n), int(o))
            for (a, b), n, mad, md, o in zip(keys, shared, absolute, signed, over)]
    return sorted(rows, key=lambda p: (-p.shared, p.first_id, p.second_id))
