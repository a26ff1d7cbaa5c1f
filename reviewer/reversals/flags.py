"""The ≥ 3 list (measure 6) for the office and the supervision office, and the talk records.

The counting itself is rules.flagged_judges; this module feeds it the register (one query) and
reads who already had their admonishment talk for the year.
"""
from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import User
from models.reversal import AdmonishmentTalk, ReversalCase, ReversalEvaluation
from reviewer import audit, clock
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.reversals import rules


def threshold() -> int:
    return int(current_app.config.get("REVERSAL_TALK_THRESHOLD", rules.DEFAULT_THRESHOLD))


def flagged(year: int):
    """[(JudgeYear, judge, [cases], talk or None)] for judges flagged in `year`.

    The rule (rules.flagged_judges) reads each of the year's cases as a few columns of the case and
    its evaluation (one query over `ix_reversal_cases_decided_on`'s range for the year, not an
    EXTRACT over every year's); only the flagged judges' cases, the judges with their courts and
    their talks are then loaded whole (four more)."""
    rows = db.session.execute(
        select(ReversalCase.id, ReversalCase.judge_id, ReversalCase.decided_on, ReversalCase.excluded,
               ReversalCase.major_impact, ReversalEvaluation.problem_confirmed, ReversalEvaluation.decision_confirmed)
        .outerjoin(ReversalEvaluation, ReversalEvaluation.case_id == ReversalCase.id)
        .where(ReversalCase.decided_on >= date(year, 1, 1), ReversalCase.decided_on < date(year + 1, 1, 1),
               ReversalCase.judge_id.is_not(None)))
    facts = [rules.CaseFacts(case_id, judge_id, decided_on, excluded, rules.final_confirmation(problem, decision),
                             major_impact)
             for case_id, judge_id, decided_on, excluded, major_impact, problem, decision in rows]
    found = rules.flagged_judges(facts, year, threshold())
    if not found:
        return []
    listed = {i for f in found for i in f.confirmed + f.major_impact}
    by_id = {c.id: c for c in db.session.scalars(select(ReversalCase).where(ReversalCase.id.in_(listed)))}
    judges = {u.id: u for u in db.session.scalars(select(User).options(selectinload(User.court))
                                                  .where(User.id.in_([f.judge_id for f in found])))}
    talks = {t.judge_id: t for t in db.session.scalars(select(AdmonishmentTalk).where(
        AdmonishmentTalk.year == year, AdmonishmentTalk.judge_id.in_(judges)))}
    return [(f, judges[f.judge_id], [by_id[i] for i in sorted(set(f.confirmed + f.major_impact))],
             talks.get(f.judge_id)) for f in found]


def record_talk(actor, judge: User, year: int, held_on: date, note: str) -> AdmonishmentTalk:
    if not any(f.judge_id == judge.id for f, *_ in flagged(year)):
        raise DomainError(f"{judge.display_name} 不在 {year} 年度诫勉谈话名单中。")
    if held_on > clock.today() or held_on.year < year:
        raise DomainError("谈话日期应在该年度之内或之后，且不晚于今天。")
    if db.session.scalar(select(AdmonishmentTalk.id).where(
            AdmonishmentTalk.judge_id == judge.id, AdmonishmentTalk.year == year)) is not None:
        raise DomainError("该年度的诫勉谈话已记录。")
    talk = AdmonishmentTalk(judge_id=judge.id, year=year, held_on=held_on, note=(note or "").strip() or None,
                            recorded_by_id=actor.id)
    db.session.add(talk)
    db.session.flush()
    audit.record(actor, "reversal.talk", talk, summary=f"记录 {judge.display_name} {year} 年度诫勉谈话")
    return talk
