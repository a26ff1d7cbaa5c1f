"""Would the severity adjustment move a judgment into or out of a monthly list?

The lists are proposed by `rules.rank_month` twice: once on the raw combined scores (what the
list uses by default) and once with each entry's score replaced by its severity-adjusted score
(`reviewer.agreement.severity`, fitted on the month's quarter); grades, veto counts and
tie-breaks stay as they are. An entry listed in one proposal and not in the other is flagged.
Which score the list uses is the office's choice (`reviewer.agreement.settings`), raw by default,
and the sentence stating it joins the published rule.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Mapping

from reviewer.agreement import services as agreement
from reviewer.agreement.settings import RAW, basis_rule, current_settings
from reviewer.rankings.rules import EXCELLENT, FLAWED, RankingEntry, RankingPolicy, rank_month

LIST_LABELS = {EXCELLENT: "优秀榜", FLAWED: "瑕疵榜"}


def with_scores(entries: Iterable[RankingEntry], scores: Mapping[int, float]) -> list[RankingEntry]:
    """Entries whose score is replaced by `scores[subject_id]` where given."""
    return [replace(e, score=scores[e.subject_id]) if e.score is not None and e.subject_id in scores else e
            for e in entries]


def moves(entries: Iterable[RankingEntry], adjusted: Mapping[int, float],
          policy: RankingPolicy | None = None) -> dict[int, str]:
    """subject_id → "调整后进入优秀榜" / "调整后移出瑕疵榜" … for the entries the adjustment moves."""
    entries = list(entries)
    raw = rank_month(entries, policy)
    other = rank_month(with_scores(entries, adjusted), policy)
    flags: dict[int, list[str]] = {}
    for kind in (EXCELLENT, FLAWED):
        before = {e.subject_id for e in getattr(raw, kind).entries}
        after = {e.subject_id for e in getattr(other, kind).entries}
        for subject_id in after - before:
            flags.setdefault(subject_id, []).append(f"调整后进入{LIST_LABELS[kind]}")
        for subject_id in before - after:
            flags.setdefault(subject_id, []).append(f"调整后移出{LIST_LABELS[kind]}")
    return {subject_id: "；".join(texts) for subject_id, texts in flags.items()}


@dataclass(frozen=True)
class RankingFairness:
    period_label: str
    adjusted: dict          # judgment id → adjusted score
    moves: dict             # judgment id → "调整后进入优秀榜" …
    basis: str
    rule: str


def for_ranking(month: str, entries: Iterable[RankingEntry], policy=None) -> RankingFairness:
    """Adjusted scores of the month's candidates and the list moves the adjustment would cause."""
    entries = list(entries)
    result = agreement.severity_for_month("judgment", month)
    adjusted = {}
    for entry in entries:
        scores = result.model.scores_of(entry.subject_id)
        if scores is not None:
            adjusted[entry.subject_id] = scores[1]
    basis = current_settings().ranking_basis
    return RankingFairness(result.period.label, adjusted, moves(entries, adjusted, policy), basis, basis_rule(basis))


def ranking_entries(month: str, entries: Iterable[RankingEntry]) -> list[RankingEntry]:
    """The entries the monthly proposal ranks: raw scores, or adjusted ones if the office chose so."""
    entries = list(entries)
    if current_settings().ranking_basis == RAW:
        return entries
    return with_scores(entries, for_ranking(month, entries).adjusted)
