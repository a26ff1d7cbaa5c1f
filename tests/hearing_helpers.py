"""Hearing-library helpers shared by test modules: a reviewed hearing with time-coded remarks
(fixture `lib`) and publishing it to the library through the site."""
from __future__ import annotations

import pytest

from models import Grade, Role
from reviewer.reviews import assigning, services
from reviewer.scoresheets.services import install_default_sheets
from tests.factories import make_court, make_user
from tests.factories import make_hearing


@pytest.fixture
def lib(db, tmp_path):
    install_default_sheets()
    home, other = make_court("豫0802"), make_court("豫0883")
    admin = make_user(roles=(Role.ADMIN,))
    reviewer = make_user(roles=(Role.REVIEWER,), court=other, display_name="钱评查")
    hearing = make_hearing(home, tmp_path)
    assignment = assigning.assign("hearing", hearing.id, reviewer, admin)
    review = services.start_review(assignment, reviewer)
    gavel = next(i for i in review.sheet.items if i.key == "etiquette.gavel")
    data = services.ReviewInput(
        entries={gavel.id: services.ItemEntry(occurrences="1", reason="宣布开庭后才敲法槌")},
        remarks=[services.RemarkEntry("此处先宣布后敲槌", item_id=gavel.id, start_seconds=1.0, end_seconds=1.5),
                 services.RemarkEntry("书记员宣读法庭纪律清楚", start_seconds=0.2)],
        overall_comment="总体规范", proposed_grade=Grade.PASS)
    services.save_review(review, data, reviewer, submit=True, subject=hearing)
    db.session.commit()
    return {"home": home, "admin": admin, "reviewer": reviewer, "hearing": hearing,
            "judge": make_user(roles=(Role.JUDGE,), court=other, display_name="孙法官"),
            "liaison": make_user(roles=(Role.LIAISON,), court=home)}


def _publish(client, login, lib, required=True):
    login(lib["admin"])
    response = client.post(f"/hearings/{lib['hearing'].id}/publish", data={"required": "1" if required else ""})
    assert response.status_code == 302
