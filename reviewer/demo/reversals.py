"""Demo step: the 发改 programme over the last four months, relative to today.

Through the real services: cases of three basic courts changed by the intermediate court (and one
by the provincial court) in every state — self-check due and overdue, waiting for evaluation,
evaluated, objected and decided by a judges' meeting, closed with a deduction, excluded for new
evidence; judge_wang reaches three confirmed cases this year (the ≥ 3 list); quality meetings
held (confirmed), filed but unconfirmed and missed; guidance from the intermediate court; last
month's notice published; a leader named for a remanded case; the provincial case evaluated by the
审判监督庭 (`judge_jd`); one case reviewed with the 发改 score sheet by two reviewers (one sheet
submitted, one open). Extra log-ins: `supervision` (监察室), `leader_jf` (解放区法院副院长) and
`judge_jd` (中院审判监督庭).
"""
from __future__ import annotations

import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from models import Division, Grade, Role, User
from models.base import clock_at
from models.reversal import (DecisionBody, GuidanceKind, HigherLevel, ReversalCase, ReversalResult,
                             ReversalStatus)
from reviewer.demo.people import DEMO_PASSWORD
from reviewer import clock, storage
from reviewer.extensions import db
from reviewer.reversals import flags, guidance, ledger, meetings, notice, register, rules, subject, workflow
from reviewer.reviews import assigning
from reviewer.reviews import services as review_services
from reviewer.reviews.inputs import ItemEntry, RemarkEntry, ReviewInput
from reviewer.scoresheets.services import install_default_sheets

EXTRA_USERS = [("supervision", "监察室干部", [Role.SUPERVISION], "豫08", None),
               ("leader_jf", "孙副院长", [Role.JUDGE], "豫0802", None),
               ("judge_jd", "周法官", [Role.JUDGE], "豫08", "审判监督庭")]
# (judge, number, months ago, day, result, reason, level, state)
CASES = [
    ("judge_wang", 11, 3, 6, ReversalResult.REMANDED, "fact_unclear", HigherLevel.INTERMEDIATE, "closed"),
    ("judge_wang", 12, 2, 9, ReversalResult.REVERSED, "law_error", HigherLevel.INTERMEDIATE, "closed"),
    ("judge_wang", 13, 1, 14, ReversalResult.REVERSED, "procedure", HigherLevel.INTERMEDIATE, "evaluated"),
    ("judge_zhang", 21, 3, 20, ReversalResult.REVERSED, "new_evidence", HigherLevel.INTERMEDIATE, "closed"),
    ("judge_zhang", 22, 1, 3, ReversalResult.RULING_CHANGED, "discretion", HigherLevel.INTERMEDIATE, "evaluating"),
    ("judge_zhang", 23, 0, 0, ReversalResult.REMANDED, "fact_unclear", HigherLevel.INTERMEDIATE, "self_check"),
    ("judge_li", 31, 2, 17, ReversalResult.RETRIAL, "law_error", HigherLevel.PROVINCIAL, "disputed"),
    ("judge_li", 32, 1, 22, ReversalResult.REMANDED, "fact_unclear", HigherLevel.INTERMEDIATE, "decided"),
    ("judge_li", 33, 0, 0, ReversalResult.REVERSED, "other", HigherLevel.INTERMEDIATE, "overdue"),
]


def _months_ago(today: date, n: int, day: int) -> date:
    first = today.replace(day=1)
    for _ in range(n):
        first = (first - timedelta(days=1)).replace(day=1)
    return first.replace(day=max(1, min(day, 28))) if day else today - timedelta(days=3 if n == 0 else 0)


def _users(ctx) -> dict[str, User]:
    for username, name, roles, code, division in EXTRA_USERS:
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            court = ctx.courts[code]
            unit = db.session.scalar(select(Division).where(Division.court_id == court.id, Division.name == division)) \
                if division else None
            user = User(username=username, display_name=name, court=court, division=unit, password_hash="")
            user.set_password(DEMO_PASSWORD)
            user.set_roles(roles)
            db.session.add(user)
        ctx.users[username] = user
    db.session.flush()
    return ctx.users


def _record(admin, judge: User, n: int, on: date, result, reason, level, city_division, today) -> ReversalCase:
    reasons = {r.code: r.id for r in register.ensure_reasons()}
    recorded = min(today, on + timedelta(days=4))
    if n == 33:   # recorded long enough ago to be overdue
        on, recorded = today - timedelta(days=20), today - timedelta(days=18)
    return register.record_case(admin, register.CaseInput(
        case_number=f"（{on.year}）{judge.court.code}民初{n * 37}号", court_id=judge.court_id,
        division_id=judge.division_id, judge_id=judge.id,
        higher_case_number=f"（{on.year}）{'豫08民终' if level == HigherLevel.INTERMEDIATE else '豫民再'}{n * 11}号",
        higher_level=level, higher_division_id=city_division.id if level == HigherLevel.INTERMEDIATE else None,
        result=result, decided_on=on, reason_id=reasons[reason]), recorded)


def _advance(admin, case: ReversalCase, state: str, today: date, monitor: User | None = None) -> None:
    if state in ("self_check", "overdue"):
        return
    workflow.submit_self_check(case.judge, case, "对案件证据的审查和事实认定不够细致，今后将加强庭前证据交换和合议。")
    if state == "evaluating":
        return
    confirmed = case.reason.code != "discretion"
    evaluator = monitor if case.higher_level == HigherLevel.PROVINCIAL and monitor is not None else admin
    workflow.evaluate(evaluator, case, confirmed=confirmed, categories=[case.reason.code],
                      points=Decimal("-1") if confirmed else Decimal("0"),
                      opinion="经评查，一审" + ("确实存在问题。" if confirmed else "不存在问题。"),
                      basic_view="一审认为现有证据足以认定案件事实。",
                      intermediate_view="二审认为关键事实证据不足，应当补强。", today=today)
    if state == "closed":
        workflow.close_uncontested(admin, case)
    elif state in ("disputed", "decided") and case.status == ReversalStatus.EVALUATED:
        workflow.object_once(case.judge, case, "二审采信的证据在一审中未提交，不应认定一审存在问题。")
    if state == "decided":
        workflow.decide(admin, case, body=DecisionBody.JUDGES_MEETING, confirmed=False, points=Decimal("0"),
                        text="经民事专业法官会议讨论，二审改判系因新证据，一审不存在问题。", decided_on=today - timedelta(days=2))


def _sheet_reviews(admin, case: ReversalCase, users) -> None:
    """双向评析 with the 发改 score sheet: a basic court's reviewer submits, the intermediate court's is
    still at work."""
    install_default_sheets()
    basic, city = users.get("reviewer3"), users.get("reviewer1")
    if basic is None or city is None or case.status not in subject.REVIEWABLE:
        return
    due = clock.today() + timedelta(days=7)
    first = assigning.assign(subject.REVERSAL.kind, case.id, basic, admin, due_date=due)
    assigning.assign(subject.REVERSAL.kind, case.id, city, admin, due_date=due)
    review = review_services.start_review(first, basic)
    item = review.sheet.item_by_key("reversal.procedure")
    data = ReviewInput(entries={item.id: ItemEntry(occurrences=1, reason="未依法通知第三人参加诉讼。")},
                       remarks=[RemarkEntry(text="自查报告对程序问题认识到位。", item_id=item.id, paragraph_index=0)],
                       overall_comment="基层法院视角：程序瑕疵属实，实体处理并无明显不当。", proposed_grade=Grade.PASS)
    review_services.save_review(review, data, basic, submit=True)


def _minutes(author: User, month: str):
    """A small Word file standing in for the signed minutes."""
    from docx import Document

    document = Document()
    document.add_heading(f"{author.division.name}{month}案件质量评析会会议记录", level=1)
    document.add_paragraph("参加人员：庭长及全庭员额法官。评析本月发改案件，分析问题，研究整改措施。")
    document.add_paragraph(f"庭长：{author.display_name}（签字）")
    with tempfile.NamedTemporaryFile(suffix=".docx", delete=False) as handle:
        document.save(handle)
    return storage.store_path(Path(handle.name), "minutes", f"{month}评析会记录.docx", workflow.DOCX_MIME,
                              uploaded_by=author, ext=".docx")


def seed_reversals(ctx) -> str | None:
    if db.session.scalar(select(ReversalCase.id).limit(1)) is not None or "admin" not in ctx.users:
        return None
    today = ctx.today
    users = _users(ctx)
    admin = users["admin"]
    ledger.ensure_rules()
    city_division = db.session.scalar(select(Division).where(
        Division.court_id == ctx.courts["豫08"].id, Division.name == "民一庭"))
    cases = []
    cal = ctx.calendar
    for username, n, ago, day, result, reason, level, state in CASES:
        decided = _months_ago(today, ago, day)
        with clock_at(cal.on(min(today, decided + timedelta(days=4)), 10)):
            case = _record(admin, users[username], n, decided, result, reason, level, city_division, today)
        with clock_at(cal.on(min(today, decided + timedelta(days=12)), 15)):
            _advance(admin, case, state, today, users.get("judge_jd"))
        cases.append(case)
    _sheet_reviews(admin, cases[2], users)
    register.assign_leader(admin, cases[0], users["leader_jf"])
    wang, zhao = users["judge_wang"], users["judge_zhao"]
    for ago, confirm in ((3, True), (2, False)):
        month = _months_ago(today, ago, 1).strftime("%Y-%m")
        linked = [c.id for c in meetings.cases_of(wang.division_id, month)]
        if not linked:
            continue
        held = rules.month_bounds(month)[1] + timedelta(days=3)
        with clock_at(cal.on(held, 17)):
            meeting = meetings.file_meeting(wang, wang.division, month, held, linked,
                                            "证据审查不细，事实认定依赖当事人陈述。", "建立证据清单制度，重大案件合议前核对证据。")
            if confirm:
                meeting.minutes_id = _minutes(wang, month).id
                meetings.confirm(wang, meeting)
    if zhao.division is not None:
        with clock_at(cal.on(_months_ago(today, 2, 10), 16)):
            guidance.publish(zhao, zhao.division, GuidanceKind.CLASS_CASE, "民间借贷纠纷类案裁判指引",
                             "一、借贷合意的认定……\n二、利息的计算……\n三、虚假诉讼的甄别……", _months_ago(today, 2, 10))
        with clock_at(cal.on(_months_ago(today, 1, 25), 16)):
            guidance.publish(zhao, zhao.division, GuidanceKind.QUARTERLY_MEETING, "民事发改案件“面对面”双向评析会",
                             "与各基层法院民一庭法官就本季度发改案件逐案评析。", _months_ago(today, 1, 25))
    last = _months_ago(today, 1, 1).strftime("%Y-%m")
    if notice.compile_month(last)["received"]:
        with clock_at(cal.at(last, 10, 11)):
            notice.publish(admin, last)
    flagged = flags.flagged(today.year)
    db.session.flush()
    return (f"发改案件：{len(cases)} 件（最近四个月），诫勉谈话名单 {len(flagged)} 人，"
            f"登录 supervision（监察室）、leader_jf（院领导）、judge_jd（审判监督庭）")
