"""Demo step: monthly rankings built from the demo months' confirmed evaluations.

Every demo month but the latest is published (张榜公布) with reasons written from the reviewers'
comments and deduction reasons; the latest month is left as a draft for the office to finish.
One judge of a flawed judgment lodges an objection, so the objection pages have content.
"""
from __future__ import annotations

from sqlalchemy import and_, select

from models import Evaluation, Judgment, Review, ReviewItemScore, ReviewStatus, Role, User, UserRole
from models.base import clock_at
from models.ranking import ListKind
from reviewer.extensions import db
from reviewer.objections import services as objections
from reviewer.rankings import publication, services


def seed_rankings(ctx) -> str | None:
    if _already_seeded():
        return None
    admin = db.session.scalar(select(User).join(UserRole, UserRole.user_id == User.id)
                              .where(UserRole.role == Role.ADMIN).order_by(User.id))
    months = db.session.scalars(
        select(Judgment.month).join(Evaluation, and_(Evaluation.subject_kind == "judgment",
                                                     Evaluation.subject_id == Judgment.id))
        .where(Evaluation.final_grade.is_not(None)).distinct().order_by(Judgment.month)).all()
    if admin is None or not months:
        return "月度榜单：没有已确认等级的评查结果，未生成榜单。"
    published, cal = [], ctx.calendar
    for month in months:
        with clock_at(cal.at(month, 13, 16)):
            ranking = services.create_draft(month, admin)
            _write_reasons(ranking)
        if month != months[-1] or len(months) == 1:
            with clock_at(cal.at(month, 14, 10)):
                publication.publish(ranking, admin, ranking.lock_version)
            published.append(month)
    with clock_at(cal.at(published[-1], 17, 11) if published else cal.before(1)):
        objection = _demo_objection(published)
    return (f"月度榜单：公布 {len(published)} 个月（{'、'.join(published) or '无'}），"
            f"{'草稿 1 个月，' if len(months) > len(published) else ''}异议 {objection} 条。")


def _already_seeded() -> bool:
    from models.ranking import MonthlyRanking
    return db.session.scalar(select(MonthlyRanking.id).limit(1)) is not None


def _write_reasons(ranking) -> None:
    """Public reasons from what the reviewers wrote: their comments (excellent) or the largest
    deductions with their reasons (flawed). Two queries for the whole month."""
    ids = [e.judgment_id for e in ranking.entries]
    comments: dict[int, list[str]] = {}
    for subject_id, comment in db.session.execute(
            select(Review.subject_id, Review.overall_comment).where(
                Review.subject_kind == "judgment", Review.subject_id.in_(ids),
                Review.status == ReviewStatus.SUBMITTED, Review.overall_comment.is_not(None))):
        comments.setdefault(subject_id, []).append(comment.strip())
    problems: dict[int, list[str]] = {}
    for subject_id, reason in db.session.execute(
            select(Review.subject_id, ReviewItemScore.reason).join(ReviewItemScore.review)
            .where(Review.subject_kind == "judgment", Review.subject_id.in_(ids),
                   Review.status == ReviewStatus.SUBMITTED, ReviewItemScore.deduction > 0,
                   ReviewItemScore.reason.is_not(None))
            .order_by(ReviewItemScore.deduction.desc())):
        if reason.strip() and reason.strip() not in problems.get(subject_id, []):
            problems.setdefault(subject_id, []).append(reason.strip())
    for entry in ranking.entries:
        score = f"综合得分 {entry.score} 分。"
        if entry.kind == ListKind.EXCELLENT:
            said = _join(comments.get(entry.judgment_id, [])[:2])
            entry.reason = score + (f"评查意见：{said}" if said else "要素齐全、说理充分、用语规范。")
        else:
            found = _join(problems.get(entry.judgment_id, [])[:3])
            entry.reason = score + (f"主要问题：{found}" if found else "存在多处文字和格式瑕疵。")
    db.session.flush()


def _join(sentences: list[str]) -> str:
    """"甲。", "乙" → "甲；乙。" """
    parts = [s.rstrip("。；;，, ") for s in sentences if s.rstrip("。；;，, ")]
    return "；".join(parts) + "。" if parts else ""


def _demo_objection(published_months) -> int:
    if not published_months:
        return 0
    row = db.session.execute(
        select(Judgment, Evaluation).join(Evaluation, and_(Evaluation.subject_kind == "judgment",
                                                           Evaluation.subject_id == Judgment.id))
        .where(Judgment.judge_id.is_not(None), Evaluation.final_grade.is_not(None),
               Judgment.month.in_(published_months))
        .order_by(Evaluation.computed_score).limit(1)).first()
    if row is None:
        return 0
    judgment, evaluation = row
    objections.lodge(judgment.judge, judgment, evaluation,
                     "评查意见认为本判决未回应被告关于利息计算的抗辩，但判决书“本院认为”部分第二段已就此作出回应，请复核。")
    return 1
