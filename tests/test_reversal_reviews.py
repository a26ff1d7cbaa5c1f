"""Issue #16, item 3: a 发改 case reviewed with the 发改 score sheet through the shared review machinery
(assignment board, review screen, combined result) — the 'reversal' subject kind."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from models import Assignment, Evaluation, Grade, Role, SheetKind
from reviewer import subjects
from reviewer.errors import DomainError
from reviewer.reversals import workflow
from reviewer.reviews import assigning, evaluations, services
from reviewer.reviews.inputs import ItemEntry, RemarkEntry, ReviewInput
from reviewer.scoresheets.services import active_sheet, install_default_sheets
from tests.factories import make_user
from tests.reversal_helpers import record, reversal_world

REPORT = "一、对鉴定意见的审查不够细致。\n二、未依职权调取银行流水。\n三、今后加强证据审查。"


@pytest.fixture
def w(app, db):
    install_default_sheets()
    w = reversal_world()
    w["case"] = record(w)
    workflow.submit_self_check(w["judge"], w["case"], REPORT)
    w["basic_view"] = make_user((Role.REVIEWER,), court=w["other"])       # another basic court
    w["city_view"] = make_user((Role.REVIEWER,), court=w["city"])         # the intermediate court
    db.session.commit()
    return w


def _submit(w, reviewer, occurrences):
    assignment = db_assignment(w, reviewer) or assigning.assign("reversal", w["case"].id, reviewer, w["admin"])
    review = services.start_review(assignment, reviewer)
    facts = next(i for i in review.sheet.items if i.key == "reversal.facts")
    data = ReviewInput(entries={facts.id: ItemEntry(occurrences=occurrences, reason="基本事实认定错误")},
                       remarks=[RemarkEntry(paragraph_index=0, item_id=facts.id, text="自查到位")],
                       overall_comment="双向评析", proposed_grade=Grade.PASS)
    services.save_review(review, data, reviewer, submit=True)
    return review


def db_assignment(w, reviewer):
    from reviewer.extensions import db
    return db.session.scalar(select(Assignment).where(Assignment.subject_kind == "reversal",
                                                      Assignment.reviewer_id == reviewer.id))


def test_the_kind_is_registered_with_its_own_default_sheet(w):
    spec = subjects.get("reversal")
    assert spec.sheet_kind == SheetKind.REVERSAL and spec.reviewable(w["case"])
    assert spec.anchor_limit(w["case"]) == 3
    sheet = active_sheet(SheetKind.REVERSAL)
    assert sheet.total_points == Decimal("100") and sheet.item_by_key("reversal.facts").per_occurrence


def test_a_case_before_its_self_check_cannot_be_assigned(w, db):
    fresh = record(w, n=2)
    with pytest.raises(DomainError):
        assigning.assign("reversal", fresh.id, w["basic_view"], w["admin"])


def test_the_case_courts_own_reviewer_is_recused(w, db):
    own = make_user((Role.REVIEWER,), court=w["basic"])
    with pytest.raises(DomainError):
        assigning.assign("reversal", w["case"].id, own, w["admin"])


def test_two_way_review_combines_into_one_result(w, db):
    first = _submit(w, w["basic_view"], 1)
    _submit(w, w["city_view"], 2)
    assignment = db_assignment(w, w["basic_view"])
    assert assignment.reversal_case_id == w["case"].id and assignment.judgment_id is None
    assert first.total_deduction == Decimal("5")
    result = evaluations.compute("reversal", w["case"].id)
    assert result.combination.score == Decimal("92.5")


def test_review_screen_board_and_case_page(w, db, client, login):
    assigning.assign("reversal", w["case"].id, w["basic_view"], w["admin"])
    db.session.commit()
    login(w["basic_view"])
    page = client.get(f"/reviews/reversal/{w['case'].id}/review")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "未依职权调取银行流水" in html and 'id="p-2"' in html and "类案检索与裁判指引" in html
    assert client.get(f"/reversals/{w['case'].id}").status_code == 200          # the assigned reviewer reads it
    login(w["city_view"])
    assert client.get(f"/reversals/{w['case'].id}").status_code == 403          # not assigned
    _submit(w, w["basic_view"], 1)
    evaluations.refresh_evaluation("reversal", w["case"].id)
    db.session.commit()
    login(w["admin"])
    board = client.get(f"/reviews/assign?kind=reversal&month={w['case'].month}").get_data(as_text=True)
    assert w["case"].case_number in board
    case_page = client.get(f"/reversals/{w['case'].id}").get_data(as_text=True)
    assert "评查表评查（双向评析）" in case_page and "综合得分 95" in case_page
    login(w["judge"])
    assert "评查表评查" not in client.get(f"/reversals/{w['case'].id}").get_data(as_text=True)


def test_the_submitted_sheet_and_the_comparison_pages(w, db, client, login):
    review = _submit(w, w["basic_view"], 1)
    _submit(w, w["city_view"], 2)
    evaluations.refresh_evaluation("reversal", w["case"].id)
    db.session.commit()
    login(w["basic_view"])
    page = client.get(f"/reviews/{review.id}")
    assert page.status_code == 200 and "对鉴定意见的审查不够细致" in page.get_data(as_text=True)
    login(w["admin"])
    compare = client.get(f"/reviews/reversal/{w['case'].id}/compare")
    assert compare.status_code == 200 and "基本事实认定错误" in compare.get_data(as_text=True)


def test_the_evaluation_row_links_the_case(w, db):
    _submit(w, w["basic_view"], 1)
    evaluations.refresh_evaluation("reversal", w["case"].id)
    row = db.session.scalar(select(Evaluation).where(Evaluation.subject_kind == "reversal"))
    assert row.reversal_case_id == w["case"].id
