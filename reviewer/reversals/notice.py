"""The monthly 发改 notice (月度通报, measure 6): the month's cases received (our courts' cases
changed by a higher court) and issued (basic-court cases the intermediate court's divisions
changed), by court and division, with reasons and the evaluation's result; published on the
site (every signed-in user reads it) and as a Word bulletin in the style of the other bulletins.

Publishing gives the notice its 文号 (bulletins.services.assign_number, kind "reversal"); a
published month is the one with that bulletin row.
"""
from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from models.bulletin import Bulletin
from models.reversal import ReversalCase
from reviewer import audit
from reviewer.bulletins import builders
from reviewer.bulletins import services as bulletins
from reviewer.bulletins.layout import Notice
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.reversals import rules

KIND = "reversal"


def _result(case: ReversalCase) -> str:
    evaluation = case.evaluation
    if case.excluded:
        return "不计入（除外情形）"
    if evaluation is None:
        return "评查中"
    confirmed = rules.final_confirmation(evaluation.problem_confirmed, evaluation.decision_confirmed)
    return "确有问题" if confirmed else "不存在问题"


def compile_month(month: str) -> dict:
    """{'month', 'received': [row], 'issued': [row], 'by_reason': [(name, n)], 'by_court': [(name, n)]}."""
    first, last = rules.month_bounds(month)
    cases = list(db.session.scalars(
        select(ReversalCase).options(joinedload(ReversalCase.court), joinedload(ReversalCase.division),
                                     joinedload(ReversalCase.higher_division), joinedload(ReversalCase.judge),
                                     joinedload(ReversalCase.reason), selectinload(ReversalCase.evaluation))
        .where(ReversalCase.decided_on.between(first, last))
        .order_by(ReversalCase.court_id, ReversalCase.division_id, ReversalCase.decided_on)))

    def row(c: ReversalCase) -> dict:
        return {"court": c.court.name, "division": c.division.name if c.division else "",
                "case_number": c.case_number, "judge": c.judge.display_name if c.judge else "",
                "higher": f"{c.higher_level.label} {c.higher_case_number}", "result": c.result.label,
                "reason": c.reason.name, "evaluation": _result(c), "id": c.id,
                "higher_division": c.higher_division.name if c.higher_division else ""}
    issued = [row(c) for c in cases if c.higher_division_id is not None]
    return {"month": month, "received": [row(c) for c in cases], "issued": issued,
            "by_reason": Counter(c.reason.name for c in cases).most_common(),
            "by_court": Counter(c.court.name for c in cases).most_common()}


def published(month: str) -> Bulletin | None:
    return db.session.scalar(select(Bulletin).where(Bulletin.kind == KIND, Bulletin.subject_key == month))


def publish(actor, month: str) -> Bulletin:
    if published(month) is not None:
        raise DomainError(f"{month} 的发改案件通报已发布。")
    if not compile_month(month)["received"]:
        raise DomainError(f"{month} 没有登记的发改案件，无需通报。")
    bulletin = bulletins.assign_number(KIND, month, bulletins.issue_year(), actor)
    audit.record(actor, "reversal.notice", bulletin, summary=f"发布 {month} 发改案件通报（{bulletin.number}）")
    return bulletin


def document(month: str, actor) -> Notice:
    bulletin = published(month)
    if bulletin is None:
        raise DomainError(f"{month} 的发改案件通报尚未发布。")
    bulletins.assign_number(KIND, month, bulletin.year, actor)
    header = bulletins.header(bulletin)
    data = compile_month(month)
    notice = Notice(f"关于{builders.month_text(month)}全市法院发改案件情况的通报", header.number)
    reasons = "、".join(f"{name}{n}件" for name, n in data["by_reason"]) or "无"
    notice.para(f"{builders.month_text(month)}，全市法院被上级法院改判、发回重审、指令再审、变更裁定的案件共"
                f"{len(data['received'])}件，其中中院业务庭发改基层法院案件{len(data['issued'])}件。"
                f"发改原因：{reasons}。现将有关情况通报如下：")
    columns = ["序号", "法院", "部门", "原审案号", "承办人", "发改类型", "发改原因", "评查结果"]
    widths = [1.2, 2.0, 1.6, 3.6, 1.6, 1.8, 2.4, 2.0]
    notice.heading("一、被发改案件")
    notice.table(columns, [[str(i), r["court"], r["division"], r["case_number"], r["judge"], r["result"],
                            r["reason"], r["evaluation"]] for i, r in enumerate(data["received"], start=1)],
                 widths_cm=widths)
    notice.heading("二、中院发改基层法院案件")
    if data["issued"]:
        notice.table(["序号", "发改部门", "原审法院", "原审案号", "发改类型", "发改原因"],
                     [[str(i), r["higher_division"], r["court"], r["case_number"], r["result"], r["reason"]]
                      for i, r in enumerate(data["issued"], start=1)], widths_cm=[1.2, 2.4, 2.4, 4.0, 2.2, 2.8])
    else:
        notice.para("本月无。")
    notice.para("各法院、各业务庭要对照通报认真开展自查和案件质量评析，深刻剖析问题，研究整改措施。")
    notice.sign(header.issuer, header.on)
    return notice
