"""The hearing list's SQL filter (`permissions.visible_hearings_clause`) admits exactly the hearings
`permissions.can_view_hearing` allows, for every kind of user."""
from __future__ import annotations

import itertools

from sqlalchemy import select

from models import Hearing, HearingNomination, HearingStatus, Role, utcnow
from models.review import Assignment
from reviewer import permissions as p
from reviewer.recordings import services
from tests.factories import make_court, make_user


def test_the_list_filter_and_the_view_rule_agree_for_every_user(db):
    court, other = make_court("豫0802"), make_court("豫0883")
    users = [
        make_user(roles=(Role.ADMIN,)),
        make_user(roles=(Role.LIAISON,), court=court),
        make_user(roles=(Role.LIAISON,), court=other),
        make_user(roles=(Role.LIAISON,)),  # a liaison with no court yet
        make_user(roles=(Role.REVIEWER,), court=other),
        make_user(roles=(Role.REVIEWER, Role.JUDGE), court=court),
        make_user(roles=(Role.JUDGE,), court=court),
        make_user(roles=(Role.JUDGE,), court=other),
        make_user(roles=(Role.LIAISON,), court=court, active=False),
    ]
    judges = [None, users[5], users[6]]
    hearings = []
    for n, (where, judge, published) in enumerate(itertools.product((court, other), judges, (False, True))):
        hearings.append(Hearing(court=where, month="2021-04", case_number=f"（2021）豫0802民初{n}号",
                                presiding_judge_name="王五", judge=judge,
                                nomination=HearingNomination.EXCELLENT, status=HearingStatus.READY,
                                published_at=utcnow() if published else None))
    db.session.add_all(hearings)
    db.session.flush()
    for reviewer, hearing in ((users[4], hearings[0]), (users[4], hearings[7]), (users[5], hearings[9])):
        db.session.add(Assignment(subject_kind="hearing", subject_id=hearing.id, reviewer_id=reviewer.id))
    db.session.commit()

    for user in users:
        listed = set(db.session.scalars(services.hearing_list_query(user, {}).with_only_columns(Hearing.id)))
        allowed = {h.id for h in db.session.scalars(select(Hearing)) if p.can_view_hearing(user, h)}
        assert listed == allowed, user.username
    assert len(allowed) == 0  # the inactive user sees nothing
