"""Demo step: score sheets, assignments and realistic reviews of the demo judgments.

Everything goes through the real services (recusal, validation, combining, audit). Deductions are
drawn with a fixed seed from the judgment's purpose: nominated-excellent documents lose a few
points, flawed ones many (one per month hits a veto item), routine ones somewhere between; every
deduction carries a reason and most are anchored to a paragraph of the right section. Earlier
months are fully reviewed and confirmed (one grade per month is overridden with a reason); in the
latest month some sheets are left as drafts or not started, so the queue shows due and overdue work.
"""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from models import Evaluation, Grade, Judgment, JudgmentStatus, Purpose, Review, Role, User, UserRole
from models.base import clock_at
from reviewer.demo.fairness import REVIEWERS_PER_SUBJECT, SEVERITY
from reviewer.extensions import db
from reviewer.reviews import assigning, evaluations, services
from reviewer.scoresheets.scoring import grade_for
from reviewer.scoresheets.services import install_default_sheets

# Deduction reasons: GENERIC fit any document; CIVIL / CRIMINAL only documents of that kind.
GENERIC: dict[str, list[str]] = {
    "format.title": ["标题法院名称缺少“河南省”前缀"],
    "format.case_number": ["首部案号与卷宗立案案号序号不一致"],
    "format.elements": ["当事人住所未写明至门牌号", "当事人出生日期与身份证记载不一致"],
    "format.history": ["审理经过未写明立案日期"],
    "format.signature": ["落款审判员与审理经过所列合议庭成员不一致", "落款日期“二零二一年”应为“二〇二一年”"],
    "reasoning.focus": ["未归纳争议焦点，说理缺乏针对性"],
    "reasoning.law": ["说理以结论代替论证，未结合证据分析"],
    "law.citation": ["引用法条未写明法律全称", "条款项引用有误"],
    "law.order": ["程序法排在实体法之前"],
    "language.typos": ["“截止”应为“截至”", "“部份”应为“部分”", "多字：“的的”"],
    "language.punctuation": ["中文句中使用半角逗号", "书名号使用不当"],
    "language.numbers_dates": ["金额大小写混用", "日期“2021.3.5”书写不规范"],
}
CIVIL: dict[str, list[str]] = {
    "format.title": ["文书名称与裁判结果不符（应为裁定书）"],
    "format.elements": ["委托诉讼代理人未写明执业机构"],
    "format.history": ["未写明适用简易程序转普通程序的情况"],
    "facts.claims": ["原告第二项诉讼请求（利息）未予归纳", "被告答辩意见归纳过简，遗漏时效抗辩"],
    "facts.evidence": ["对被告提交的转账记录未说明是否采信及理由", "证据罗列未区分质证意见"],
    "facts.findings": ["认定借款金额与借条记载不一致", "事故发生时间前后表述不一致"],
    "reasoning.focus": ["争议焦点归纳遗漏利息计算标准"],
    "reasoning.law": ["对过错比例的认定未说明理由"],
    "reasoning.response": ["未回应被告关于诉讼时效的抗辩", "对原告主张的违约金调整未予回应"],
    "law.validity": ["事实发生于2021年后仍引用已废止的《中华人民共和国合同法》"],
    "ruling.clarity": ["给付期限表述不明确，难以执行", "未写明利息的起算日期"],
    "ruling.completeness": ["对原告主张的律师费未作裁判"],
    "ruling.costs": ["案件受理费负担未写明金额"],
}
CRIMINAL: dict[str, list[str]] = {
    "format.elements": ["被告人前科情况未写明", "辩护人未写明执业机构"],
    "format.history": ["未写明公诉机关指派出庭的检察员"],
    "facts.claims": ["公诉机关指控事实归纳不全", "未归纳被告人的辩解要点"],
    "facts.evidence": ["对辩护人提交的证据未说明是否采信", "证据罗列未写明证明对象"],
    "facts.findings": ["犯罪时间前后表述不一致", "认定涉案金额与证据记载不一致"],
    "reasoning.law": ["对量刑情节的认定未说明理由", "对从轻处罚的理由论证不足"],
    "reasoning.response": ["未回应辩护人关于自首的辩护意见", "对被告人认罪认罚情况未予回应"],
    "law.validity": ["引用司法解释已被修订，应引用现行条文"],
    "ruling.clarity": ["刑期起止日期未写明", "罚金缴纳期限不明确"],
    "ruling.completeness": ["对扣押的涉案财物未作处理"],
}
VETO_REASON = "裁判主文所列当事人姓名与首部当事人信息不一致，主文确有错误"
SECTION_OF_KEY = {"format": "head", "facts": "facts", "reasoning": "reasoning", "law": "basis",
                  "ruling": "ruling", "language": "reasoning"}
COMMENTS = {
    Grade.EXCELLENT: ["文书结构规范，事实认定清楚，说理充分，可作为示范文书。",
                      "争议焦点归纳准确，释法说理层层递进，文字简洁。"],
    Grade.PASS: ["文书整体规范，个别要素和文字有瑕疵，说理可进一步加强。",
                 "事实清楚，适用法律正确，但对诉辩意见回应不够充分。"],
    Grade.FLAWED: ["文书存在多处要素和文字错误，说理薄弱，需加强校核。",
                   "事实认定与证据对应不清，法律引用不规范，列为瑕疵文书。"],
    Grade.FAIL: ["裁判主文存在实质性错误，应予纠正。"],
}
TARGETS = {Purpose.EXCELLENT: (2, 8), Purpose.FLAWED: (31, 38), Purpose.ROUTINE: (7, 22), Purpose.DRAWN: (6, 18)}


def seed_reviews(ctx) -> str | None:
    if db.session.scalar(select(Review.id).limit(1)) is not None:
        return None
    install_default_sheets()
    admin = db.session.scalar(select(User).join(UserRole, UserRole.user_id == User.id)
                              .where(UserRole.role == Role.ADMIN).order_by(User.id))
    months = sorted({j.month for j in ctx.judgments}) or list(ctx.months)
    if admin is None or not months:
        return "评查：没有文书或管理员，已跳过"
    rng = random.Random(20210301)
    counts = {"assigned": 0, "submitted": 0, "draft": 0, "confirmed": 0}
    cal = ctx.calendar
    for m, month in enumerate(months):
        latest = m == len(months) - 1
        subjects_ = [j for j in assigning.month_subjects("judgment", month)
                     if j.status == JudgmentStatus.SUBMITTED]
        due = _due(month, latest, 0, cal.today)
        with clock_at(cal.at(month, 4)):
            plan = assigning.auto_assign("judgment", subjects_, admin, due_date=due,
                                         per_subject=REVIEWERS_PER_SUBJECT)
        counts["assigned"] += len(plan.pairs)
        vetoed = False
        for n, judgment in enumerate(subjects_):
            rows = assigning.assignments_for("judgment", [judgment.id])[judgment.id]
            spread = n == 1  # one judgment a month where the reviewers disagree strongly
            for k, assignment in enumerate(rows):
                with clock_at(cal.at(month, 6 + (n + k) % 6, 9 + (n * 3 + k) % 9)):
                    if latest and n % 3 == 2 and k == 1:
                        assignment.due_date = _due(month, latest, n, cal.today)
                        if n % 2:
                            _write(rng, judgment, assignment, submit=False, spread=False, veto=False)
                            counts["draft"] += 1
                        continue
                    veto = (judgment.purpose == Purpose.FLAWED and not vetoed and k == 0 and not latest)
                    vetoed = vetoed or veto
                    _write(rng, judgment, assignment, submit=True, spread=spread and k == 1, veto=veto)
                    counts["submitted"] += 1
        with clock_at(cal.at(month, 12, 15)):
            counts["confirmed"] += _confirm(subjects_, admin, override=not latest)
    db.session.flush()
    return (f"评查：分配 {counts['assigned']} 项，提交评查表 {counts['submitted']} 份，草稿 {counts['draft']} 份，"
            f"确认等级 {counts['confirmed']} 件")


def _due(month: str, latest: bool, n: int, today: date) -> date:
    if latest:
        return today + timedelta(days=(-3 if n % 2 else 2) if n else 10)
    year, mon = (int(x) for x in month.split("-"))
    return date(year + (mon == 12), mon % 12 + 1, 15)


def _write(rng, judgment: Judgment, assignment, *, submit: bool, spread: bool, veto: bool) -> None:
    reviewer = assignment.reviewer
    review = services.start_review(assignment, reviewer)
    sheet = review.sheet
    low, high = TARGETS.get(judgment.purpose, (8, 20))
    target = rng.uniform(low, high) + (12 if spread else 0) + SEVERITY.get(reviewer.username, 0)
    entries, remarks, total = {}, [], 0.0
    reasons = _reasons_for(judgment)
    candidates = [i for i in sheet.items if not i.veto and reasons.get(i.key)]
    rng.shuffle(candidates)
    for item in candidates:
        if total >= target:
            break
        reason = rng.choice(reasons[item.key])
        if item.per_occurrence:
            occurrences = rng.randint(1, 3)
            value = min(occurrences * float(item.step), float(item.cap or item.points))
            entries[item.id] = services.ItemEntry(occurrences=occurrences, reason=reason)
        else:
            value = min(float(item.points), rng.choice([0.5, 1, 1, 2, 2, 3, 4]))
            entries[item.id] = services.ItemEntry(deduction=f"{value:g}", reason=reason)
        total += value
        paragraph = _paragraph_for(rng, judgment, item.key)
        if paragraph is not None and len(remarks) < 3:
            remarks.append(services.RemarkEntry(text=reason, item_id=item.id, paragraph_index=paragraph))
    if veto:
        item = next(i for i in sheet.items if i.key == "veto.ruling_error")
        entries[item.id] = services.ItemEntry(veto_hit=True, reason=VETO_REASON)
        ruling = _paragraph_for(rng, judgment, "ruling.x")
        if ruling is not None:
            remarks.append(services.RemarkEntry(text=VETO_REASON, item_id=item.id, paragraph_index=ruling))
    grade = Grade[grade_for(sheet.total_points - _decimal(total), sheet.grade_bands, vetoed=veto)]
    data = services.ReviewInput(entries=entries, remarks=remarks, overall_comment=rng.choice(COMMENTS[grade]),
                                proposed_grade=grade)
    services.save_review(review, data, reviewer, submit=submit)


def _reasons_for(judgment: Judgment) -> dict[str, list[str]]:
    doc_type = judgment.doc_type or ""
    extra = CIVIL if "民事" in doc_type else CRIMINAL if "刑事" in doc_type else {}
    return {key: GENERIC.get(key, []) + extra.get(key, []) for key in set(GENERIC) | set(extra)}


def _decimal(value: float):
    from decimal import Decimal
    return Decimal(str(round(value, 2)))


def _paragraph_for(rng, judgment: Judgment, key: str) -> int | None:
    section = SECTION_OF_KEY.get(key.split(".")[0])
    span = judgment.sections.get(section)
    if span and span[1] > span[0]:
        return rng.randrange(span[0], span[1])
    count = len(judgment.paragraphs or [])
    return rng.randrange(count) if count else None


def _confirm(judgments, admin, *, override: bool) -> int:
    ids = [j.id for j in judgments]
    rows = db.session.scalars(select(Evaluation).where(
        Evaluation.subject_kind == "judgment", Evaluation.subject_id.in_(ids),
        Evaluation.computed_grade.is_not(None)).order_by(Evaluation.subject_id)).all()
    overridden = False
    for evaluation in rows:
        grade, reason = evaluation.computed_grade, None
        if override and not overridden and grade == Grade.PASS and evaluation.computed_score >= 85:
            grade, reason = Grade.EXCELLENT, "说理部分具有示范价值，经审管办合议，最终等级上调为优秀。"
            overridden = True
        evaluations.confirm_grade(evaluation, grade, reason, admin)
    return len(rows)
