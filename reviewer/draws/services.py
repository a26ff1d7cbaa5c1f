"""Monthly draws: announce (freeze and hash every division head's list), draw, verify, link uploads."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import Court, Judgment, Purpose, User, utcnow
from models.caselist import CaseListImport, ClosedCase, ImportStatus
from models.draw import DrawEntry, DrawStatus, EntryStatus, MonthlyDraw
from reviewer import audit, signals
from reviewer.caselists.services import check_month
from reviewer.draws import lottery
from reviewer.draws.verify import verify_entry
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.filings.rules import can_be_filed
from reviewer.templating import CHINA


def division_heads(court_id: int) -> list[User]:
    """Active division heads of the court, in division order."""
    return list(db.session.scalars(
        select(User).options(selectinload(User.division))
        .where(User.court_id == court_id, User.is_division_head.is_(True), User.active.is_(True))
        .order_by(User.division_id, User.display_name, User.id)))


def announce(actor, court: Court, month: str, value_source: str) -> MonthlyDraw:
    """Freeze each division head's closed cases of the month and publish the lists' hashes.

    Only a month that is over (China time) can be announced: before that its list is incomplete.

    `value_source` states, before it is known, which public value will seed the draw.
    """
    check_month(month)
    if not can_be_filed(month, utcnow().astimezone(CHINA).date()):
        raise DomainError(f"{month} 尚未结束，当月结案名单还不完整，不能公告抽取。")
    value_source = (value_source or "").strip()
    if not value_source:
        raise DomainError("请说明公开随机值的来源（例如某日福彩开奖号码）。")
    if db.session.scalar(select(MonthlyDraw.id).where(
            MonthlyDraw.court_id == court.id, MonthlyDraw.month == month)) is not None:
        raise DomainError(f"{court.name} {month} 已有抽取记录。")
    if db.session.scalar(select(CaseListImport.id).where(
            CaseListImport.court_id == court.id, CaseListImport.month == month,
            CaseListImport.status == ImportStatus.APPLIED)) is None:
        raise DomainError(f"{court.name} {month} 的结案清单尚未导入，无法公告抽取。")
    heads = division_heads(court.id)
    if not heads:
        raise DomainError(f"{court.name} 没有设置业务庭长，无法抽取。")
    cases: dict[int, list[str]] = {}
    for judge_id, number in db.session.execute(
            select(ClosedCase.judge_id, ClosedCase.case_number).where(
                ClosedCase.court_id == court.id, ClosedCase.month == month,
                ClosedCase.judge_id.in_([h.id for h in heads]))):
        cases.setdefault(judge_id, []).append(number)
    draw = MonthlyDraw(court_id=court.id, month=month, algorithm=lottery.ALGORITHM,
                       value_source=value_source, announced_by_id=actor.id, announced_at=utcnow())
    for order, head in enumerate(heads):
        entry = DrawEntry(head_id=head.id, division_id=head.division_id, head_name=head.display_name,
                          division_name=head.division.name if head.division else "未分配部门",
                          sort_key=order)
        if cases.get(head.id):
            entry.candidates = list(lottery.freeze(cases[head.id]))
            entry.list_hash = lottery.list_hash(entry.candidates)
            entry.status = EntryStatus.FROZEN
        else:
            entry.status = EntryStatus.NO_CASES
        draw.entries.append(entry)
    db.session.add(draw)
    db.session.flush()
    audit.record(actor, "draw.announce", draw, after={"value_source": value_source},
                 summary=f"{court.name} {month} 随机抽取公告：{len(heads)} 位庭长")
    return draw


def perform(actor, draw: MonthlyDraw, public_value: str) -> MonthlyDraw:
    """Enter the announced public value and draw every frozen entry."""
    if draw.status != DrawStatus.ANNOUNCED:
        raise DomainError("该月已完成抽取，不能重抽。")
    try:
        value = lottery.canonical_public_value(public_value or "")
    except lottery.LotteryError as error:
        raise DomainError(str(error)) from None
    draw.public_value = value
    for entry in draw.entries:
        if entry.status != EntryStatus.FROZEN:
            continue
        entry.seed = lottery.make_seed(value, entry.list_hash)
        entry.result_index = lottery.draw(entry.candidates, entry.seed)
        entry.result_case_number = entry.candidates[entry.result_index]
        entry.status = EntryStatus.DRAWN
    draw.status = DrawStatus.DRAWN
    draw.drawn_at = utcnow()
    draw.drawn_by_id = actor.id
    db.session.flush()
    _link_existing_uploads(draw)
    audit.record(actor, "draw.perform", draw, after={"public_value": value},
                 summary=f"{draw.court.name} {draw.month} 随机抽取完成")
    signals.draw_performed.send(draw)
    return draw


def verify(draw: MonthlyDraw) -> dict[int, list[str]]:
    """Re-run every entry from the record: {entry id: mismatches} (all lists empty = verified).

    Besides re-running the draw, each frozen list is compared with the head's cases in the
    court's case list for the month (frozen too once the draw is announced), so a candidate list
    rewritten together with its hash, seed and result is caught as well (one query).
    """
    return verify_many([draw])[draw.id]


def verify_many(draws: list[MonthlyDraw]) -> dict[int, dict[int, list[str]]]:
    """`verify` for several draws in one query of the case lists: {draw id: {entry id: mismatches}}.
    The draws' entries should be loaded with them (selectinload) for a constant statement count."""
    draws = list(draws)
    if not draws:
        return {}
    wanted = {(d.court_id, d.month) for d in draws}
    listed: dict[tuple, dict[int, set[str]]] = {}
    for court_id, month, judge_id, number in db.session.execute(
            select(ClosedCase.court_id, ClosedCase.month, ClosedCase.judge_id, ClosedCase.case_number).where(
                ClosedCase.court_id.in_({c for c, _ in wanted}), ClosedCase.month.in_({m for _, m in wanted}))):
        if (court_id, month) in wanted:
            listed.setdefault((court_id, month), {}).setdefault(judge_id, set()).add(number)
    results = {}
    for draw in draws:
        heads = listed.get((draw.court_id, draw.month), {})
        found = {}
        for entry in draw.entries:
            problems = verify_entry_record(draw, entry)
            if set(entry.candidates or []) != heads.get(entry.head_id, set()):
                problems.append("候选名单与该庭长本月结案清单不符")
            found[entry.id] = problems
        results[draw.id] = found
    return results


def verify_entry_record(draw: MonthlyDraw, entry: DrawEntry) -> list[str]:
    return verify_entry(entry.candidates, entry.list_hash, draw.public_value, entry.seed,
                        entry.result_index, entry.result_case_number)


def link_drawn_judgment(judgment: Judgment) -> DrawEntry | None:
    """Intake hook: attach an uploaded 公示 judgment to the draw entry that drew its case number.

    Call it after the judgment's case number and purpose are known (flushes, never commits).
    Only judgments with purpose 随机抽取公示 of the drawing court are linked; returns the entry.
    """
    if judgment.purpose != Purpose.DRAWN or not judgment.case_number:
        return None
    try:
        number = lottery.canonical_candidate(judgment.case_number)
    except lottery.LotteryError:
        return None
    entry = db.session.scalar(
        select(DrawEntry).join(MonthlyDraw)
        .where(MonthlyDraw.court_id == judgment.court_id, DrawEntry.result_case_number == number,
               DrawEntry.judgment_id.is_(None))
        .limit(1))
    if entry is not None:
        entry.judgment_id = judgment.id
        db.session.flush()
    return entry


def _link_existing_uploads(draw: MonthlyDraw) -> None:
    """A 公示 judgment uploaded before the draw finished is linked as soon as it is drawn."""
    numbers = {e.result_case_number: e for e in draw.entries if e.result_case_number}
    if not numbers:
        return
    for judgment in db.session.scalars(select(Judgment).where(
            Judgment.court_id == draw.court_id, Judgment.purpose == Purpose.DRAWN,
            Judgment.case_number.in_(list(numbers)))):
        entry = numbers.get(judgment.case_number)
        if entry is not None and entry.judgment_id is None:
            entry.judgment_id = judgment.id
    db.session.flush()


def draws_query(month: str | None = None, court_id: int | None = None):
    query = (select(MonthlyDraw).options(selectinload(MonthlyDraw.court))
             .order_by(MonthlyDraw.month.desc(), MonthlyDraw.court_id))
    if month:
        query = query.where(MonthlyDraw.month == month)
    if court_id:
        query = query.where(MonthlyDraw.court_id == court_id)
    return query


def load_draw(draw_id: int) -> MonthlyDraw | None:
    return db.session.scalar(
        select(MonthlyDraw).options(
            selectinload(MonthlyDraw.court),
            selectinload(MonthlyDraw.entries).selectinload(DrawEntry.judgment))
        .where(MonthlyDraw.id == draw_id))

