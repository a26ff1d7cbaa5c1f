"""An assignment's `submitted_at` (open while NULL) follows its sheet on every path that changes it:
start, draft, submit, reopen (by the office and after an upheld objection), withdrawal of the
assignment, a deleted sheet, sheets built directly by factories; and the counts read from it agree
with the join over the reviews that they replaced (reviewer/reviews/open_state.py)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, or_, select

from models import Assignment, Grade, Review, ReviewStatus, Role, utcnow
from models.objection import Objection, ObjectionStatus
from reviewer.extensions import db
from reviewer.main import panels
from reviewer.notifications.services import send_due_reminders
from reviewer.objections import followup
from reviewer.reviews import assigning, services
from reviewer.reviews.evaluations import refresh_evaluation
from tests.conftest import count_queries
from tests.evaluation_factories import evaluate, make_reviewer
from tests.factories import make_court, make_judgment, make_user
from tests.review_helpers import item, make_city, submit_review


def _joined_loads() -> dict[int, int]:
    """The definition the column replaced: no sheet, or a sheet not submitted."""
    return dict(db.session.execute(
        select(Assignment.reviewer_id, func.count(Assignment.id))
        .outerjoin(Review, Review.assignment_id == Assignment.id)
        .where(or_(Review.id.is_(None), Review.status != ReviewStatus.SUBMITTED))
        .group_by(Assignment.reviewer_id)).all())


def _fresh(assignment: Assignment) -> Assignment:
    db.session.flush()
    db.session.expire(assignment)
    return assignment


def _grade_input(sheet):
    law = item(sheet, "reasoning.law")
    return services.ReviewInput(entries={law.id: services.ItemEntry(deduction="2", reason="说理不足")},
                                proposed_grade=Grade.PASS)


def test_an_assignment_is_open_until_its_sheet_is_submitted_and_again_when_sent_back(app):
    city = make_city()
    assignment = assigning.assign("judgment", city.judgment.id, city.r1, city.admin)
    assert _fresh(assignment).submitted_at is None and assigning.open_loads() == {city.r1.id: 1}
    review = services.start_review(assignment, city.r1)
    services.save_review(review, _grade_input(review.sheet), city.r1)            # a draft: still open
    assert _fresh(assignment).submitted_at is None
    services.save_review(review, _grade_input(review.sheet), city.r1, submit=True)
    assert _fresh(assignment).submitted_at == review.submitted_at is not None
    assert assigning.open_loads() == {}
    services.reopen_review(review, "请补充理由", city.admin)
    assert _fresh(assignment).submitted_at is None and assigning.open_loads() == {city.r1.id: 1}
    services.save_review(review, _grade_input(review.sheet), city.r1, submit=True)
    assert _fresh(assignment).submitted_at == review.submitted_at
    assert assigning.open_loads() == _joined_loads() == {}


def test_a_withdrawn_assignment_leaves_the_load_and_a_new_one_is_open(app):
    city = make_city()
    first = assigning.assign("judgment", city.judgment.id, city.r1, city.admin)
    services.start_review(first, city.r1)
    assigning.unassign(first, city.admin)                       # reassigned: r1 off, r2 on
    second = assigning.assign("judgment", city.judgment.id, city.r2, city.admin)
    assert _fresh(second).submitted_at is None
    assert assigning.open_loads() == _joined_loads() == {city.r2.id: 1}


def test_a_deleted_sheet_reopens_its_assignment(app):
    city = make_city()
    submit_review(city, city.r1, {})
    assignment = db.session.scalar(select(Assignment).where(Assignment.reviewer_id == city.r1.id))
    assert _fresh(assignment).submitted_at is not None
    db.session.delete(assignment.review)
    assert _fresh(assignment).submitted_at is None
    assert assigning.open_loads() == _joined_loads() == {city.r1.id: 1}


def test_sheets_reopened_after_an_upheld_objection_reopen_their_assignments(app):
    city = make_city()
    for reviewer in (city.r1, city.r2):
        submit_review(city, reviewer, {})
    evaluation = refresh_evaluation("judgment", city.judgment.id)
    objection = Objection(judgment_id=city.judgment.id, evaluation_id=evaluation.id, raised_by_id=city.judge.id,
                          text="扣分有误。", status=ObjectionStatus.UPHELD, answer="成立", answered_by_id=city.admin.id,
                          answered_at=utcnow())
    db.session.add(objection)
    db.session.flush()
    assert assigning.open_loads() == {}
    assert followup.reopen_sheets(objection, city.admin, "扣分有误") == 2
    db.session.flush()
    assert assigning.open_loads() == _joined_loads() == {city.r1.id: 1, city.r2.id: 1}


def test_sheets_built_directly_close_their_assignments_too(app):
    """Test factories and the demo add a submitted Review next to its Assignment in one flush."""
    court = make_court("豫0802")
    judgment = make_judgment(court=court)
    evaluate(judgment, 90, reviewers=[make_reviewer(), make_reviewer()])
    rows = db.session.scalars(select(Assignment)).all()
    assert len(rows) == 2 and all(a.submitted_at is not None for a in rows)
    assert assigning.open_loads() == _joined_loads() == {}


def test_the_home_panel_and_the_reminders_count_only_open_assignments(app):
    city = make_city()
    submit_review(city, city.r1, {})
    done = db.session.scalar(select(Assignment).where(Assignment.reviewer_id == city.r1.id))
    done.due_date = date(2021, 4, 10)
    for n in range(2):
        other = make_judgment(court=city.home, month="2021-04")
        assigning.assign("judgment", other.id, city.r1, city.admin, due_date=date(2021, 4, 10 + n))
    db.session.flush()
    counts = send_due_reminders(today=date(2021, 4, 20))
    assert counts == {"overdue": 2, "due_soon": 0}
    with app.test_request_context():
        panel = panels.reviewer_panel(city.r1)
    assert [count for _label, _url, count in panel["items"]][:2] == [2, 2]


def test_open_loads_is_one_statement_whatever_the_history(app):
    city = make_city()
    submit_review(city, city.r1, {})

    def statements():
        with count_queries() as counter:
            assigning.open_loads()
        return counter[0]

    before = statements()
    for _ in range(5):
        judgment = make_judgment(court=city.home, month="2021-04")
        assigning.assign("judgment", judgment.id, city.r2, city.admin)
    reviewer = make_user(roles=(Role.REVIEWER,), court=city.other)
    assert statements() == before == 1 and assigning.open_loads()[city.r2.id] == 5
    assert reviewer.id not in assigning.open_loads()
