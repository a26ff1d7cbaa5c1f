"""Helpers for the review tests: a small city with courts, reviewers, judgments and installed sheets."""
from __future__ import annotations

from dataclasses import dataclass

from models import Role
from reviewer.extensions import db
from reviewer.reviews import assigning, services
from reviewer.scoresheets.services import active_sheet, install_default_sheets
from tests.factories import make_court, make_judgment, make_user


@dataclass
class City:
    home: object       # the judgments' court
    other: object
    third: object
    admin: object
    judge: object      # judge of `judgment`, in `home`
    r_home: object     # reviewer from the judgments' own court
    r1: object
    r2: object
    r3: object
    liaison: object
    judgment: object
    sheet: object


def make_city(month: str = "2021-04") -> City:
    install_default_sheets()
    home, other, third = make_court("豫0802"), make_court("豫0883"), make_court("豫0811")
    admin = make_user(roles=(Role.ADMIN,), username="office")
    judge = make_user(roles=(Role.JUDGE,), court=home, username="judge1", display_name="王法官")
    r_home = make_user(roles=(Role.REVIEWER,), court=home, username="rhome", display_name="本院评查员")
    r1 = make_user(roles=(Role.REVIEWER,), court=other, username="r1", display_name="评查员甲")
    r2 = make_user(roles=(Role.REVIEWER,), court=third, username="r2", display_name="评查员乙")
    r3 = make_user(roles=(Role.REVIEWER,), court=third, username="r3", display_name="评查员丙")
    liaison = make_user(roles=(Role.LIAISON,), court=home, username="liaison1")
    judgment = make_judgment(court=home, month=month, judge=judge)
    from models import SheetKind

    return City(home, other, third, admin, judge, r_home, r1, r2, r3, liaison, judgment,
                active_sheet(SheetKind.JUDGMENT))


def item(sheet, key):
    return next(i for i in sheet.items if i.key == key)


def submit_review(city: City, reviewer, deductions: dict[str, tuple], *, veto=(), grade=None, remarks=()):
    """Assign (if needed), fill and submit `reviewer`'s sheet: deductions {key: (value, reason)}."""
    from models import Assignment, Grade
    from sqlalchemy import select

    assignment = db.session.scalar(select(Assignment).where(
        Assignment.subject_id == city.judgment.id, Assignment.reviewer_id == reviewer.id))
    if assignment is None:
        assignment = assigning.assign("judgment", city.judgment.id, reviewer, city.admin)
    review = services.start_review(assignment, reviewer)
    entries = {}
    for key, (value, reason) in deductions.items():
        it = item(review.sheet, key)
        if it.per_occurrence:
            entries[it.id] = services.ItemEntry(occurrences=value, reason=reason)
        else:
            entries[it.id] = services.ItemEntry(deduction=value, reason=reason)
    for key in veto:
        it = item(review.sheet, key)
        entries[it.id] = services.ItemEntry(veto_hit=True, reason="命中否决项")
    data = services.ReviewInput(entries=entries, remarks=list(remarks), overall_comment="总体尚可",
                                proposed_grade=grade or Grade.PASS)
    services.save_review(review, data, reviewer, submit=True)
    return review
