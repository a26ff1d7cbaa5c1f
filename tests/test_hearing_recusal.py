"""A reviewer never reviews a hearing of their own court, nor one they judged — even with an
assignment row that slipped past the assignment service (e.g. a reviewer who changed court)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Assignment, Review, Role
from reviewer.errors import DomainError
from reviewer.reviews import assigning
from reviewer.scoresheets.services import install_default_sheets
from tests.factories import make_court, make_user
from tests.factories import make_hearing


@pytest.fixture
def hearing_and_people(db, tmp_path):
    install_default_sheets()
    home = make_court("豫0802")
    judge_reviewer = make_user(roles=(Role.REVIEWER, Role.JUDGE), court=make_court("豫0883"))
    hearing = make_hearing(home, tmp_path, judge=judge_reviewer)
    return hearing, {"own_court": make_user(roles=(Role.REVIEWER,), court=home),
                     "own_case": judge_reviewer, "admin": make_user(roles=(Role.ADMIN,))}


@pytest.mark.parametrize("who", ["own_court", "own_case"])
def test_the_assignment_service_refuses(hearing_and_people, who):
    hearing, people = hearing_and_people
    with pytest.raises(DomainError):
        assigning.assign("hearing", hearing.id, people[who], people["admin"])


@pytest.mark.parametrize("who", ["own_court", "own_case"])
def test_a_slipped_assignment_still_cannot_open_or_score(db, client, login, hearing_and_people, who):
    hearing, people = hearing_and_people
    db.session.add(Assignment(subject_kind="hearing", subject_id=hearing.id, reviewer_id=people[who].id))
    db.session.commit()
    login(people[who])
    url = f"/reviews/hearing/{hearing.id}/review"
    assert client.get(url).status_code == 403
    assert client.post(url, data={"save": "暂存", "overall_comment": "x"}).status_code == 403
    assert db.session.scalar(select(Review.id)) is None
