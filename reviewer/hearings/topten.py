"""The annual top-ten hearing lists: propose by rule, comment period (公示), publish, provincial flag."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from models import (Evaluation, Grade, Hearing, TopTenEntry, TopTenKind, TopTenList, TopTenStatus, utcnow)
from reviewer import audit
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.hearings.topten_rules import Candidate, propose

RULE_TEXT = [
    "入选范围：当年（按报送月份）已完成评查、有合议得分的庭审。",
    "十大精品庭审：评定等级为“优秀”且未触发一票否决的庭审，按得分从高到低取前十。",
    "十大问题或瑕疵庭审：评定等级为“瑕疵”或“不合格”、或触发一票否决的庭审，按得分从低到高取前十。",
    "得分相同时：参与评查人数多者在前，其次开庭日期早者在前，再次按登记先后。",
    "同一庭审不会同时进入两个榜单；符合条件的不足十件时，榜单按实际件数公布，不以其他庭审补足。",
    "拟定后由审管办公示（公示期内可提出意见），公示期满后正式发布；入选录像进入示范库，精品庭审可推荐至省法院庭审视频展播。",
]


def candidates(year: int) -> list[Candidate]:
    rows = db.session.execute(
        select(Evaluation, Hearing)
        .join(Hearing, (Evaluation.subject_kind == "hearing") & (Evaluation.subject_id == Hearing.id))
        .where(Hearing.month.like(f"{year}-%"), Evaluation.computed_score.is_not(None))
    ).all()
    return [Candidate(hearing.id, evaluation.computed_score, evaluation.grade.value if evaluation.grade else "",
                      evaluation.vetoed, evaluation.review_count, hearing.hearing_date)
            for evaluation, hearing in rows]


def _list(year: int, kind: TopTenKind, actor) -> TopTenList:
    top_list = db.session.scalar(select(TopTenList).where(TopTenList.year == year, TopTenList.kind == kind))
    if top_list is None:
        top_list = TopTenList(year=year, kind=kind, created_by_id=actor.id)
        db.session.add(top_list)
    elif top_list.status != TopTenStatus.PROPOSED:
        raise DomainError(f"{year}年{kind.label}已进入公示或已发布，不能重新拟定。")
    return top_list


def propose_lists(actor, year: int) -> tuple[TopTenList, TopTenList]:
    """(Re)build both proposed lists from the rule; replaces a previous proposal (flushes)."""
    proposal = propose(candidates(year))
    labels = {g.value: g.label for g in Grade}
    made = []
    for kind, chosen in ((TopTenKind.BEST, proposal.best), (TopTenKind.FLAWED, proposal.flawed)):
        top_list = _list(year, kind, actor)
        top_list.entries = [TopTenEntry(hearing_id=c.hearing_id, rank=n, score=c.score,
                                        grade_label=labels.get(c.grade, c.grade))
                            for n, c in enumerate(chosen, start=1)]
        made.append(top_list)
    db.session.flush()
    audit.record(actor, "hearing.top_ten_proposed", made[0],
                 after={"best": [c.hearing_id for c in proposal.best],
                        "flawed": [c.hearing_id for c in proposal.flawed]},
                 summary=f"拟定{year}年十大精品庭审（{len(proposal.best)}件）和十大问题或瑕疵庭审（{len(proposal.flawed)}件）")
    return made[0], made[1]


def remove_entry(actor, entry: TopTenEntry) -> None:
    top_list = entry.list
    if top_list.status != TopTenStatus.PROPOSED:
        raise DomainError("榜单已进入公示或已发布，不能再调整。")
    top_list.entries.remove(entry)
    for n, rest in enumerate(top_list.entries, start=1):
        rest.rank = n
    audit.record(actor, "hearing.top_ten_removed", top_list, before={"hearing_id": entry.hearing_id},
                 summary=f"从{top_list.year}年{top_list.kind.label}中移除一件庭审")
    db.session.flush()


def start_comment(actor, top_list: TopTenList, until: date, today: date) -> None:
    if top_list.status != TopTenStatus.PROPOSED:
        raise DomainError("只有拟定中的榜单可以开始公示。")
    if not top_list.entries:
        raise DomainError("榜单为空，不能公示。")
    if until < today:
        raise DomainError("公示截止日期不能早于今天。")
    top_list.status, top_list.comment_until = TopTenStatus.COMMENT, until
    audit.record(actor, "hearing.top_ten_comment", top_list, after={"comment_until": until.isoformat()},
                 summary=f"{top_list.year}年{top_list.kind.label}开始公示，至 {until}")
    db.session.flush()


def publish(actor, top_list: TopTenList, today: date) -> None:
    """Final publication after the comment period: the hearings join the exemplar library and
    their evaluations are locked."""
    if top_list.status != TopTenStatus.COMMENT:
        raise DomainError("榜单须先公示，公示期满后才能正式发布。")
    if today <= top_list.comment_until:
        raise DomainError(f"公示期至 {top_list.comment_until}，期满后才能正式发布。")
    now = utcnow()
    top_list.status, top_list.published_at = TopTenStatus.PUBLISHED, now
    ids = [e.hearing_id for e in top_list.entries]
    for hearing in db.session.scalars(select(Hearing).where(Hearing.id.in_(ids))):
        if hearing.published_at is None:
            hearing.published_at = now
        hearing.required_viewing = True
    for evaluation in db.session.scalars(select(Evaluation).where(
            Evaluation.subject_kind == "hearing", Evaluation.subject_id.in_(ids))):
        evaluation.locked = True
    audit.record(actor, "hearing.top_ten_published", top_list, after={"hearings": ids},
                 summary=f"正式发布{top_list.year}年{top_list.kind.label}")
    db.session.flush()


def set_provincial(actor, entry: TopTenEntry, flag: bool) -> None:
    if entry.list.kind != TopTenKind.BEST:
        raise DomainError("只有精品庭审可以推荐至省法院展播。")
    entry.provincial_showcase = flag
    audit.record(actor, "hearing.provincial_showcase", entry.list,
                 after={"hearing_id": entry.hearing_id, "flag": flag},
                 summary=("推荐" if flag else "取消推荐") + "庭审至省法院展播")
    db.session.flush()
