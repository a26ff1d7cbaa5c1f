"""Factories for reviewed and confirmed judgments (used by the rankings, exemplar, stats tests)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

from sqlalchemy import select

from models import (Assignment, Evaluation, Grade, Hearing, Review, ReviewItemScore, ReviewRemark, ReviewStatus,
                    Role, ScoreItem, ScoreSection, ScoreSheet, SheetKind)
from models.ranking import MonthlyRanking, RankingEntry, RankingStatus
from reviewer.exemplars import search
from reviewer.extensions import db
from tests.factories import make_court, make_judgment, make_user

GRADES = {"优秀": Grade.EXCELLENT, "合格": Grade.PASS, "瑕疵": Grade.FLAWED, "不合格": Grade.FAIL}


def make_sheet() -> ScoreSheet:
    sheet = db.session.scalar(select(ScoreSheet).where(ScoreSheet.code == "test-judgment"))
    if sheet is not None:
        return sheet
    sheet = ScoreSheet(kind=SheetKind.JUDGMENT, code="test-judgment", name="测试评查表", version=1, active=True)
    section = ScoreSection(title="说理", order=1)
    sheet.sections.append(section)
    db.session.add(sheet)
    db.session.flush()
    for order, (key, text, points, veto) in enumerate([
        ("reasoning", "释法说理充分", Decimal("60"), False),
        ("ruling", "裁判主文明确", Decimal("40"), False),
        ("veto", "主文当事人错误", Decimal("0"), True),
    ]):
        section.items.append(ScoreItem(sheet_id=sheet.id, key=key, description=text, points=points, veto=veto, order=order))
    db.session.flush()
    return sheet


def make_reviewer(court=None):
    return make_user(roles=(Role.REVIEWER,), court=court or make_court("豫08"))


def evaluate(judgment, score, grade="优秀", vetoes=0, reviewers=None, deductions=None,
             confirmed_at=None, remark=None, reason="说理不充分"):
    """Give `judgment` (or a hearing) submitted reviews and a confirmed evaluation with `score` and
    `grade`. Each reviewer deducts `deductions[i]` (default: 100 − score each) from the reasoning item.
    """
    kind = "hearing" if isinstance(judgment, Hearing) else "judgment"
    sheet = make_sheet()
    items = {i.key: i for s in sheet.sections for i in s.items}
    reviewers = reviewers or [make_reviewer()]
    deductions = deductions or [Decimal(100) - Decimal(str(score))] * len(reviewers)
    for n, (reviewer, deduction) in enumerate(zip(reviewers, deductions)):
        assignment = Assignment(subject_kind=kind, subject_id=judgment.id, reviewer_id=reviewer.id)
        review = Review(assignment=assignment, subject_kind=kind, subject_id=judgment.id, sheet_id=sheet.id,
                        reviewer_id=reviewer.id, status=ReviewStatus.SUBMITTED,
                        submitted_at=datetime.now(timezone.utc), overall_comment="总体较好")
        review.item_scores.append(ReviewItemScore(item_id=items["reasoning"].id, deduction=Decimal(str(deduction)),
                                                  reason=reason if deduction else None))
        if n < vetoes:
            review.item_scores.append(ReviewItemScore(item_id=items["veto"].id, deduction=Decimal("0"),
                                                      veto_hit=True, reason="主文当事人姓名错误"))
        if remark:
            review.remarks.append(ReviewRemark(text=remark, paragraph_index=3))
        db.session.add_all([assignment, review])
    evaluation = Evaluation(subject_kind=kind, subject_id=judgment.id, sheet_id=sheet.id,
                            review_count=len(reviewers), computed_score=Decimal(str(score)),
                            computed_grade=GRADES[grade], final_grade=GRADES[grade], vetoed=vetoes > 0,
                            confirmed_at=confirmed_at or datetime(2021, 5, 1, tzinfo=timezone.utc))
    db.session.add(evaluation)
    db.session.flush()
    return evaluation


def make_evaluated_hearing(court, score, grade="优秀", month="2021-04", reviewers=None, deductions=None):
    """A submitted hearing recording of `court` and `month` with a confirmed evaluation."""
    from models import HearingNomination, HearingStatus, utcnow

    hearing = Hearing(court=court, month=month, case_number=f"（2021）{court.code}民初{score}号",
                      presiding_judge_name="王五", nomination=HearingNomination.EXCELLENT,
                      status=HearingStatus.READY, submitted_at=utcnow())
    db.session.add(hearing)
    db.session.flush()
    evaluate(hearing, score, grade, reviewers=reviewers, deductions=deductions)
    return hearing


def month_of(scores, month="2021-04", court=None, judge=None):
    """Judgments of `month` evaluated with [(score, grade), …]; returns [(judgment, evaluation)]."""
    court = court or make_court()
    result = []
    for n, (score, grade) in enumerate(scores):
        judgment = make_judgment(court=court, month=month, judge=judge)
        result.append((judgment, evaluate(judgment, score, grade,
                                          confirmed_at=datetime(2021, 5, 1, tzinfo=timezone.utc) + timedelta(hours=n))))
    return result


def publish_exemplars(entries, month="2021-04"):
    """Publish a ranking directly, its judgments indexed for search: entries = [(judgment, kind)]."""
    ranking = MonthlyRanking(month=month, status=RankingStatus.PUBLISHED,
                             published_at=datetime(2021, 5, 10, tzinfo=timezone.utc))
    for position, (judgment, kind) in enumerate(entries, start=1):
        ranking.entries.append(RankingEntry(kind=kind, position=position, judgment_id=judgment.id,
                                            score=90, grade="EXCELLENT", reason=f"公布理由{position}"))
        search.index_judgment(judgment)
    db.session.add(ranking)
    db.session.flush()
    return ranking
