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
from reviewer.rankings.rules import EXCELLENT, FLAWED, MonthlyRanking, RankingEntry, RankingPolicy, rank_month

LIST_LABELS = {EXCELLENT: "优秀榜", FLAWED: "瑕疵榜"}


def with_scores(entries: Iterable[RankingEntry], scores: Mapping[int, float]) -> list[RankingEntry]:
    """Entries whose score is replaced by `scores[subject_id]` where given."""
    return [replace(e, score=scores[e.subject_id]) if e.score is not None and e.subject_id in scores else e
            for e in entries]


def rankable(entries: Iterable[RankingEntry], policy: RankingPolicy | None = None) -> list[RankingEntry]:
    """The entries `rank_month` can list: scored, with a grade of either list. Ranking only these
    gives the same lists and notes as ranking all (the rule drops the others itself); a month's
    ~400 candidates hold a few dozen."""
    policy = policy or RankingPolicy()
    grades = set(policy.excellent_grades) | set(policy.flawed_grades)
    return [e for e in entries if e.score is not None and e.grade in grades]


def _flags(raw: MonthlyRanking, other: MonthlyRanking) -> dict[int, str]:
    flags: dict[int, list[str]] = {}
    for kind in (EXCELLENT, FLAWED):
        before = {e.subject_id for e in getattr(raw, kind).entries}
        after = {e.subject_id for e in getattr(other, kind).entries}
        for subject_id in after - before:
            flags.setdefault(subject_id, []).append(f"调整后进入{LIST_LABELS[kind]}")
        for subject_id in before - after:
            flags.setdefault(subject_id, []).append(f"调整后移出{LIST_LABELS[kind]}")
    return {subject_id: "；".join(texts) for subject_id, texts in flags.items()}


def moves(entries: Iterable[RankingEntry], adjusted: Mapping[int, float],
          policy: RankingPolicy | None = None) -> dict[int, str]:
    """subject_id → "调整后进入优秀榜" / "调整后移出瑕疵榜" … for the entries the adjustment moves."""
    entries = rankable(entries, policy)
    return _flags(rank_month(entries, policy), rank_month(with_scores(entries, adjusted), policy))


@dataclass(frozen=True)
class RankingFairness:
    period_label: str
    adjusted: dict          # judgment id → adjusted score (rankable entries and those asked for)
    moves: dict             # judgment id → "调整后进入优秀榜" …
    basis: str
    rule: str
    proposal: MonthlyRanking | None = None   # the month's lists on the office's basis (`basis`)


def for_ranking(month: str, entries: Iterable[RankingEntry], policy=None, shown: Iterable[int] = ()) -> RankingFairness:
    """Adjusted scores of the month's rankable candidates (and of the judgment ids in `shown`, e.g.
    the draft's rows), the list moves the adjustment would cause, and the proposal on the office's
    chosen basis: both rankings are computed here once, so the editor needs no second proposal."""
    entries = rankable(entries, policy)
    result = agreement.severity_for_month("judgment", month)
    adjusted = {}
    for subject_id in {e.subject_id for e in entries} | set(shown):
        scores = result.model.scores_of(subject_id)
        if scores is not None:
            adjusted[subject_id] = scores[1]
    raw, other = rank_month(entries, policy), rank_month(with_scores(entries, adjusted), policy)
    basis = current_settings().ranking_basis
    return RankingFairness(result.period.label, adjusted, _flags(raw, other), basis, basis_rule(basis),
                           raw if basis == RAW else other)


def ranking_entries(month: str, entries: Iterable[RankingEntry]) -> list[RankingEntry]:
    """The entries the monthly proposal ranks: raw scores, or adjusted ones if the office chose so."""
    entries = list(entries)
    if current_settings().ranking_basis == RAW:
        return entries
    return with_scores(entries, for_ranking(month, entries).adjusted)
