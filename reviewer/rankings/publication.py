"""Publishing a month's ranking (张榜公布) and withdrawing it with a recorded reason.

Publishing locks the evaluations behind the listed judgments (`Evaluation.locked`), marks the
judgments published and indexes them for the exemplar library; who is told is wired to
`signals.ranking_published` and `signals.ranking_withdrawn` (reviewer.notifications.loop).
"""
from __future__ import annotations

from sqlalchemy import select

from models import Evaluation, JudgmentStatus, utcnow
from models.ranking import ListKind, MonthlyRanking, RankingEntry, RankingStatus
from reviewer import audit, signals
from reviewer.errors import DomainError
from reviewer.exemplars import search
from reviewer.extensions import db
from reviewer.rankings import rules
from reviewer.rankings.services import POLICY, candidates, check_version, eligible
from reviewer.templating import CHINA


def publish(ranking: MonthlyRanking, actor, lock_version) -> None:
    if ranking.is_published:
        raise DomainError("该榜单已公布。")
    check_version(ranking, lock_version)
    if not ranking.entries:
        raise DomainError("榜单为空，无可公布的文书。")
    pool = candidates(ranking.month)
    listed = [pool[e.judgment_id].evaluation_id for e in ranking.entries if e.judgment_id in pool]
    evaluations = {e.id: e for e in db.session.scalars(select(Evaluation).where(Evaluation.id.in_(listed)))}
    for kind in ListKind:
        entries = ranking.entries_of(kind)
        problem = rules.check_list_size(len(entries), sum(1 for c in pool.values() if eligible(kind, c)), POLICY)
        if problem:
            raise DomainError(f"{kind.label}榜：{problem}")
        for entry in entries:
            candidate = pool.get(entry.judgment_id)
            if candidate is None or not eligible(kind, candidate):
                raise DomainError(f"{entry.judgment.case_number} 的评查结果已变化，不再符合{kind.label}榜条件，请调整后再公布。")
            if not (entry.reason or "").strip():
                raise DomainError(f"{kind.label}榜第 {entry.position} 名（{entry.judgment.case_number}）缺少公布理由。")
            entry.evaluation_id = candidate.evaluation_id
            entry.withdrawn_at = None  # publishing the month again replaces an entry's withdrawal
            entry.score, entry.grade = candidate.computed_score, candidate.final_grade.name
            evaluations[candidate.evaluation_id].locked = True
            entry.judgment.status = JudgmentStatus.PUBLISHED
            search.index_judgment(entry.judgment)
    now = utcnow()
    ranking.status = RankingStatus.PUBLISHED
    ranking.published_at, ranking.published_by_id = now, actor.id
    ranking.updated_at, ranking.updated_by_id = now, actor.id
    db.session.flush()
    audit.record(actor, "ranking.publish", ranking, after={"month": ranking.month, "entries": [
        (e.kind.value, e.position, e.judgment_id) for e in ranking.entries]},
        summary=f"公布 {ranking.month} 优秀/瑕疵裁判文书榜")
    signals.ranking_published.send(ranking, actor=actor)


def unpublish(ranking: MonthlyRanking, actor, reason: str) -> None:
    reason = (reason or "").strip()
    if not ranking.is_published:
        raise DomainError("该榜单尚未公布。")
    if not reason:
        raise DomainError("撤销公布必须填写理由。")
    evaluation_ids = [e.evaluation_id for e in ranking.entries if e.evaluation_id]
    for evaluation in db.session.scalars(select(Evaluation).where(Evaluation.id.in_(evaluation_ids))):
        evaluation.locked = False
    for entry in ranking.entries:
        entry.judgment.status = JudgmentStatus.EVALUATED
        search.unindex_judgment(entry.judgment_id)
    now = utcnow()
    ranking.status = RankingStatus.DRAFT
    ranking.unpublished_at, ranking.unpublished_by_id, ranking.unpublish_reason = now, actor.id, reason
    ranking.updated_at, ranking.updated_by_id = now, actor.id
    db.session.flush()
    audit.record(actor, "ranking.unpublish", ranking, before={"status": "published"},
                 after={"status": "draft", "reason": reason}, summary=f"撤销公布 {ranking.month}：{reason}")
    signals.ranking_withdrawn.send(ranking, actor=actor, reason=reason)


def withdraw_entry(entry: RankingEntry, actor, reason: str) -> None:
    """Withdraw one entry of a published list for a second look (an upheld objection): its
    evaluation is unlocked and its judgment leaves the library; the list stays published and shows
    the entry struck out with `reason` (public)."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("撤回条目必须填写公开的理由。")
    if not entry.ranking.is_published:
        raise DomainError("该榜单尚未公布，无需撤回条目，可直接修改草稿。")
    if entry.withdrawn_at is not None:
        raise DomainError("该条目已撤回。")
    evaluation = db.session.get(Evaluation, entry.evaluation_id) if entry.evaluation_id else None
    if evaluation is not None:
        evaluation.locked = False
    entry.judgment.status = JudgmentStatus.EVALUATED
    search.unindex_judgment(entry.judgment_id)
    now = utcnow()
    entry.withdrawn_at = now
    entry.public_note = _append(entry.public_note, f"{_day(now)} 撤回复核：{reason}")
    db.session.flush()
    audit.record(actor, "ranking.entry_withdraw", entry.ranking, after={"judgment_id": entry.judgment_id,
                 "reason": reason}, summary=f"撤回 {entry.ranking.month} 榜单中的 {entry.judgment.case_number}：{reason}")
    signals.ranking_entry_changed.send(entry, actor=actor, action="withdrawn")


def republish_entry(entry: RankingEntry, actor) -> None:
    """Publish a withdrawn entry again with its re-confirmed grade and score, if it still belongs on
    its list; otherwise it stays withdrawn (the public note says why it left)."""
    if entry.withdrawn_at is None or not entry.ranking.is_published:
        raise DomainError("该条目未被撤回，无需重新公布。")
    candidate = candidates(entry.ranking.month).get(entry.judgment_id)
    if candidate is None:
        raise DomainError("复核后的等级尚未确认，请先在对比页确认等级。")
    if not eligible(entry.kind, candidate):
        raise DomainError(f"复核后等级为{candidate.final_grade.label}，不再符合{entry.kind.label}榜条件；"
                          "该条目保持撤回，公示页显示撤回理由。")
    before = {"score": entry.score, "grade": entry.grade}
    db.session.get(Evaluation, candidate.evaluation_id).locked = True
    entry.evaluation_id = candidate.evaluation_id
    entry.score, entry.grade = candidate.computed_score, candidate.final_grade.name
    entry.judgment.status = JudgmentStatus.PUBLISHED
    search.index_judgment(entry.judgment)
    now = utcnow()
    entry.withdrawn_at = None
    entry.public_note = _append(entry.public_note, f"{_day(now)} 复核后重新公布（{candidate.final_grade.label}，"
                                                  f"{candidate.computed_score} 分）")
    db.session.flush()
    audit.record(actor, "ranking.entry_republish", entry.ranking, before=before,
                 after={"judgment_id": entry.judgment_id, "score": entry.score, "grade": entry.grade},
                 summary=f"重新公布 {entry.ranking.month} 榜单中的 {entry.judgment.case_number}")
    signals.ranking_entry_changed.send(entry, actor=actor, action="republished")


def _append(note: str | None, line: str) -> str:
    return f"{note}；{line}" if note else line


def _day(moment) -> str:
    return moment.astimezone(CHINA).date().isoformat()
