"""Demo: the hearing programme around the demo recordings, all through the real services.

- Last quarter's observation round (庭审观摩评查): a two-row hearing schedule is imported, the draw takes
  recordings and scheduled hearings from both court levels with a fixed seed, and each drawn
  hearing gets a two-reviewer panel (leader first; recusal enforced by the assignment service).
- Every other ready recording is assigned automatically to two reviewers of other courts.
- Reviewers submit sheets with deductions (each with its reason) and time-coded remarks — single
  moments and ranges — linked to the items they deduct under, plus a general remark. Nominated
  精品 hearings lose a few points, 瑕疵 ones many (one hits a veto item). In the latest month some
  sheets are drafts or not started. Earlier months' combined grades are confirmed by the office.
- Last year's top-ten lists were proposed, put out for comment and published in January; this
  year's are proposed and in their comment period (公示); the best hearing is recommended for the
  provincial showcase. Dates come from `DemoCalendar` (reviewer/demo/calendar.py).
- Three recordings are published to the library (two required viewing) and judges' watching is
  recorded, some to the end.
"""
from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from models import (Assignment, Evaluation, Grade, Hearing, HearingNomination, HearingStatus, ObservationRound,
                    Role, TopTenList, User, UserRole)
from models.base import clock_at
from reviewer.extensions import db
from reviewer.hearings import library, rounds, topten
from reviewer.reviews import assigning, evaluations, services
from reviewer.scoresheets.scoring import grade_for
from reviewer.scoresheets.services import install_default_sheets
from reviewer.subjects.recusal import recusal_problem

REASONS = {
    "prep.on_time": ["推迟 25 分钟开庭，未向旁听人员说明原因"],
    "procedure.opening": ["书记员未宣布法庭纪律", "未查明当事人到庭情况即宣布开庭"],
    "procedure.identity": ["未核对被告委托诉讼代理人的代理权限"],
    "procedure.rights": ["未询问当事人是否申请回避", "告知诉讼权利义务过于简略"],
    "procedure.investigation": ["法庭调查与法庭辩论未作区分，顺序混乱"],
    "procedure.debate": ["辩论未围绕争议焦点展开，审判长未予引导"],
    "procedure.final_statement": ["未征询双方最后意见", "未询问当事人调解意愿"],
    "conduct.focus": ["争议焦点归纳遗漏利息计算标准", "未征询当事人对争议焦点的意见"],
    "conduct.evidence": ["对原告提交的微信聊天记录未组织质证", "发问带有诱导性"],
    "conduct.pace": ["对当事人重复陈述未及时制止，庭审拖沓"],
    "conduct.neutrality": ["庭审中提前表露对责任比例的倾向性意见"],
    "etiquette.dress": ["人民陪审员未着法袍"],
    "etiquette.manner": ["审判员庭审中低头看手机", "书记员随意离席"],
    "etiquette.language": ["审判长使用方言发问", "对当事人用语生硬"],
    "etiquette.gavel": ["宣布开庭后才敲法槌", "闭庭时未敲法槌"],
    "discipline.order": ["旁听人员拍照未被制止"],
    "discipline.recording": ["录像中断约 2 分钟，笔录未记载原因"],
    "discipline.transcript": ["笔录遗漏被告关于利息的答辩意见"],
}
GENERAL_REMARKS = ["审判长宣布开庭，法槌使用规范", "归纳争议焦点清楚，并征询了双方意见",
                   "书记员宣读法庭纪律，声音清晰", "当庭宣判，宣判程序完整"]
VETO = ("veto.misconduct", "审判员当庭斥责当事人“不懂就别说话”，严重损害司法形象")
COMMENTS = {
    Grade.EXCELLENT: "庭审程序完整规范，争议焦点归纳准确，驾驭庭审能力强，可作为示范庭审。",
    Grade.PASS: "庭审程序基本规范，个别环节有疏漏，庭审驾驭可进一步加强。",
    Grade.FLAWED: "庭审程序存在多处疏漏，礼仪和纪律不够规范，列为瑕疵庭审。",
    Grade.FAIL: "庭审中出现严重失当言行，依评查表一票否决。",
}
TARGETS = {HearingNomination.EXCELLENT: (2, 7), HearingNomination.FLAWED: (31, 38),
           HearingNomination.SAMPLE: (8, 18)}
# court, case number (after the year), cause, (month of the quarter, day, time), courtroom, presiding judge
SCHEDULE = [("解放区", "豫0802民初2230号", "民间借贷纠纷", (2, 18, "09:00"), "第三法庭", "王法官"),
            ("焦作中院", "豫08民终1190号", "房屋买卖合同纠纷", (1, 22, "14:30"), "第五法庭", "赵法官")]


def schedule_rows(calendar) -> list[tuple]:
    """SCHEDULE in last quarter's months (the observation round's quarter)."""
    months = calendar.observation_months()
    return [(court, f"（{months[k][:4]}）{number}", cause, f"{months[k]}-{day:02d} {clock}", room, judge)
            for court, number, cause, (k, day, clock), room, judge in SCHEDULE]


def seed_hearing_programme(ctx) -> str | None:
    if db.session.scalar(select(Assignment.id).where(Assignment.subject_kind == "hearing").limit(1)):
        return None
    ready = db.session.scalars(select(Hearing).where(Hearing.status == HearingStatus.READY)
                               .order_by(Hearing.month, Hearing.court_id, Hearing.id)).all()
    admin = db.session.scalar(select(User).join(UserRole, UserRole.user_id == User.id)
                              .where(UserRole.role == Role.ADMIN).order_by(User.id))
    if admin is None or not ready:
        return None
    install_default_sheets()
    latest = max(h.month for h in ready)
    rng = random.Random(20210401)
    cal = ctx.calendar
    quarter_end = cal.observation_months()[-1]
    with clock_at(cal.at(quarter_end, 8, 10)):
        obs, drawn = _round(admin, cal)
    counts, confirmed = {"submitted": 0, "draft": 0}, 0
    with clock_at(cal.at(quarter_end, 20, 16)):
        for entry in obs.entries:
            _write_all(rng, entry.hearing, counts, leave_open=False)
    for month in sorted({h.month for h in ready}):
        subjects_ = [h for h in assigning.month_subjects("hearing", month) if h.id not in drawn]
        due = _due(month, month == latest, cal.today)
        with clock_at(cal.at(month, 10, 9)):
            assigning.auto_assign("hearing", subjects_, admin, due_date=due)
        for n, hearing in enumerate(subjects_):
            with clock_at(cal.at(month, 12 + n % 5, 10 + n % 7)):
                _write_all(rng, hearing, counts, leave_open=month == latest, n=n)
        if month != latest:
            with clock_at(cal.at(month, 19, 15)):
                confirmed += _confirm(admin, exclude_month=latest, month=month)
    with clock_at(cal.at(quarter_end, 25, 15)):
        confirmed += _confirm(admin, exclude_month=latest)   # the round's hearings
    lists = _top_ten(admin, cal)
    with clock_at(cal.before(3)):
        published = _library(admin, ctx)
    return (f"庭审评查：{len(obs.entries)} 件入选{obs.title}，提交评查表 {counts['submitted']} 份，"
            f"草稿 {counts['draft']} 份，确认等级 {confirmed} 件；{lists}；示范库 {published} 件")


def _due(month: str, latest: bool, today: date) -> date:
    if latest:
        return today + timedelta(days=5)
    year, mon = (int(x) for x in month.split("-"))
    return date(year + (mon == 12), mon % 12 + 1, 20)


def _round(admin, cal) -> tuple[ObservationRound, set[int]]:
    year, quarter = cal.observation
    obs = rounds.open_round(admin, year, quarter)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(rounds.SCHEDULE_COLUMNS)
    writer.writerows(schedule_rows(cal))
    rounds.import_schedule(admin, io.BytesIO(text.getvalue().encode("utf-8")))
    entries = rounds.draw_round(admin, obs, {"basic": 3, "intermediate": 1}, seed=f"{year}Q{quarter}-demo",
                                max_per_court=1)
    people = assigning.reviewers()
    for entry in entries:
        allowed = [u for u in people if recusal_problem(u, "hearing", entry.hearing) is None]
        for k, reviewer in enumerate(allowed[:2]):
            rounds.assign_panel_member(admin, entry, reviewer, leader=k == 0)
    return obs, {entry.hearing_id for entry in entries}


def _write_all(rng, hearing: Hearing, counts: dict, *, leave_open: bool, n: int = 0) -> None:
    rows = assigning.assignments_for("hearing", [hearing.id])[hearing.id]
    veto = hearing.nomination == HearingNomination.FLAWED and hearing.case_number.endswith("1609号")
    for k, assignment in enumerate(rows):
        if leave_open and k == 1:
            if n % 2 == 0:  # the second sheet: saved as a draft, or not started yet
                _write(rng, hearing, assignment, submit=False, veto=False)
                counts["draft"] += 1
            continue
        _write(rng, hearing, assignment, submit=True, veto=veto and k == 0)
        counts["submitted"] += 1


def _write(rng, hearing: Hearing, assignment, *, submit: bool, veto: bool) -> None:
    reviewer = assignment.reviewer
    review = services.start_review(assignment, reviewer)
    sheet = review.sheet
    duration = hearing.duration_seconds or 3600.0  # on-site hearings: times within the sitting
    low, high = TARGETS[hearing.nomination]
    target = rng.uniform(low, high)
    entries, remarks, total = {}, [], Decimal(0)
    candidates = [i for i in sheet.items if not i.veto and i.key in REASONS]
    rng.shuffle(candidates)
    for item in candidates:
        if total >= target:
            break
        reason = rng.choice(REASONS[item.key])
        if item.per_occurrence:
            occurrences = rng.randint(1, 2)
            value = min(occurrences * item.step, item.cap or item.points)
            entries[item.id] = services.ItemEntry(occurrences=occurrences, reason=reason)
        else:
            value = min(item.points, Decimal(rng.choice([1, 1, 2, 2, 3])))
            entries[item.id] = services.ItemEntry(deduction=str(value), reason=reason)
        total += value
        if len(remarks) < 4:
            remarks.append(_timed(rng, reason, item.id, duration, span=len(remarks) % 2 == 1))
    if veto:
        item = next(i for i in sheet.items if i.key == VETO[0])
        entries[item.id] = services.ItemEntry(veto_hit=True, reason=VETO[1])
        remarks.append(_timed(rng, VETO[1], item.id, duration, span=True))
    remarks.append(_timed(rng, rng.choice(GENERAL_REMARKS), None, duration, span=False))
    remarks.sort(key=lambda r: r.start_seconds)
    grade = Grade[grade_for(sheet.total_points - total, sheet.grade_bands, vetoed=veto)]
    data = services.ReviewInput(entries=entries, remarks=remarks, overall_comment=COMMENTS[grade],
                                proposed_grade=grade)
    services.save_review(review, data, reviewer, submit=submit)


def _timed(rng, text: str, item_id, duration: float, *, span: bool) -> services.RemarkEntry:
    """A remark at a moment of the recording, or over a range of it when `span`."""
    start = round(rng.uniform(1.0, max(1.5, duration - 8.0)), 1)
    end = round(min(duration, start + rng.uniform(3.0, 7.0)), 1) if span else None
    return services.RemarkEntry(text=text, item_id=item_id, start_seconds=start, end_seconds=end)


def _confirm(admin, exclude_month: str, month: str | None = None) -> int:
    query = (select(Evaluation, Hearing).join(Hearing, (Evaluation.subject_kind == "hearing")
                                              & (Evaluation.subject_id == Hearing.id))
             .where(Evaluation.computed_grade.is_not(None), Evaluation.final_grade.is_(None),
                    Hearing.month != exclude_month).order_by(Hearing.id))
    if month is not None:
        query = query.where(Hearing.month == month)
    rows = db.session.execute(query).all()
    for evaluation, _hearing in rows:
        evaluations.confirm_grade(evaluation, evaluation.computed_grade, None, admin)
    return len(rows)


def _top_ten(admin, cal) -> str:
    """Last year's lists proposed, commented on and published in January; this year's proposed and
    in their comment period until two weeks from today."""
    if db.session.scalar(select(TopTenList.id).where(TopTenList.year == cal.year).limit(1)):
        return f"{cal.year} 年十大庭审榜单已存在"
    done = []
    december = f"{cal.last_year:04d}-12"
    with clock_at(cal.at(december, 5, 10)):
        old = topten.propose_lists(admin, cal.last_year)
        opened = cal.at(december, 5, 10).date()
        for top_list in old:
            if top_list.entries:
                topten.start_comment(admin, top_list, opened + timedelta(days=14), opened)
    with clock_at(cal.at(december, 20, 10)):
        for top_list in old:
            if top_list.entries:
                topten.publish(admin, top_list, opened + timedelta(days=15))
                done.append(top_list)
    with clock_at(cal.before(2)):
        best, flawed = topten.propose_lists(admin, cal.year)
        opened = cal.before(2).date()
        until = cal.today + timedelta(days=14)
        for top_list in (best, flawed):
            if top_list.entries:
                topten.start_comment(admin, top_list, until, opened)
        if best.entries:
            topten.set_provincial(admin, best.entries[0], True)
    return (f"{cal.last_year} 年十大庭审榜单已发布 {len(done)} 份；"
            f"{cal.year} 年十大精品庭审 {len(best.entries)} 件、问题或瑕疵庭审 {len(flawed.entries)} 件公示至 {until}"
            f"{'（1 件推荐省法院展播）' if best.entries else ''}")


def _library(admin, ctx) -> int:
    """Publish the best and the worst confirmed recording (required viewing) and one sample."""
    rows = db.session.execute(
        select(Hearing, Evaluation).join(Evaluation, (Evaluation.subject_kind == "hearing")
                                         & (Evaluation.subject_id == Hearing.id))
        .where(Evaluation.final_grade.is_not(None), Hearing.published_at.is_(None),
               Hearing.status == HearingStatus.READY)
        .order_by(Evaluation.computed_score.desc(), Hearing.id)).all()
    if not rows:
        return 0
    picks = [(rows[0][0], True), (rows[-1][0], True)]
    sample = next((h for h, _ in rows if h.nomination == HearingNomination.SAMPLE), None)
    if sample is not None and sample not in (rows[0][0], rows[-1][0]):
        picks.append((sample, False))
    for hearing, required in picks:
        library.publish(admin, hearing, required)
    watchers = [ctx.users[name] for name in ("judge_wang", "judge_li", "judge_zhang", "judge_zhao", "reviewer4")
                if name in ctx.users]
    for n, user in enumerate(watchers):
        for k, (hearing, _required) in enumerate(picks):
            if (n + k) % 3 == 2:
                continue  # not watched yet
            fraction = 1.0 if (n + k) % 2 == 0 else 0.4
            library.record_watch(user, hearing, (hearing.duration_seconds or 0) * fraction)
    return len(picks)
