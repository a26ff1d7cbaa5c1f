"""API: the year's top-ten hearing lists (visibility as on the site) and notification read marks
(issue 15 item 1), through the same predicates and services as the site."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from models import Notification, NotificationKind, Role, TokenScope
from models.hearing_programme import TopTenEntry, TopTenKind, TopTenList, TopTenStatus
from reviewer.auth import tokens
from tests.factories import make_court, make_hearing, make_user


def bearer(user, scope=TokenScope.READ) -> dict:
    _token, secret = tokens.create_token(user, "对接", scope, 30)
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def people(db, tmp_path):
    court = make_court("豫0802")
    admin = make_user(roles=[Role.ADMIN], court=make_court("豫08"))
    liaison = make_user(roles=[Role.LIAISON], court=court)
    best, flawed = make_hearing(court, tmp_path), make_hearing(court, tmp_path)
    db.session.add_all([
        TopTenList(year=2021, kind=TopTenKind.BEST, status=TopTenStatus.PUBLISHED, comment_until=date(2022, 1, 10),
                   entries=[TopTenEntry(hearing=best, rank=1, score=Decimal("96.5"), grade_label="优秀",
                                        provincial_showcase=True)]),
        TopTenList(year=2021, kind=TopTenKind.FLAWED, status=TopTenStatus.PROPOSED,
                   entries=[TopTenEntry(hearing=flawed, rank=1)]),
    ])
    db.session.commit()
    return {"admin": admin, "liaison": liaison, "best": best, "court": court}


def test_top_ten_lists_show_what_the_site_shows(client, db, people):
    headers = {who: bearer(people[who]) for who in ("admin", "liaison")}
    db.session.commit()
    seen = {who: client.get("/api/v1/top-ten/2021", headers=h).get_json() for who, h in headers.items()}
    assert [item["kind"] for item in seen["admin"]] == ["best", "flawed"]     # drafts: the office only
    assert [item["kind"] for item in seen["liaison"]] == ["best"]
    entry = seen["liaison"][0]["entries"][0]
    assert entry == {"rank": 1, "hearing_id": people["best"].id, "case_number": people["best"].case_number,
                     "court": people["court"].name, "score": 96.5, "grade_label": "优秀",
                     "provincial_showcase": True}
    assert seen["liaison"][0]["status"] == "published" and seen["liaison"][0]["comment_until"] == "2022-01-10"
    assert client.get("/api/v1/top-ten/2020", headers=headers["liaison"]).get_json() == []


def test_notifications_are_marked_read_one_or_all_only_by_their_owner(client, db, people):
    kind = list(NotificationKind)[0]
    mine = [Notification(user_id=people["liaison"].id, kind=kind, text=f"通知{i}") for i in range(3)]
    theirs = Notification(user_id=people["admin"].id, kind=kind, text="别人的")
    db.session.add_all([*mine, theirs])
    write, read_only = bearer(people["liaison"], TokenScope.WRITE), bearer(people["liaison"])
    db.session.commit()
    one = client.post(f"/api/v1/notifications/{mine[0].id}/read", headers=write)
    assert one.status_code == 200 and one.get_json()["read"] is True
    assert client.post(f"/api/v1/notifications/{theirs.id}/read", headers=write).status_code == 404
    assert client.post(f"/api/v1/notifications/{2 ** 31}/read", headers=write).status_code == 404
    assert client.post(f"/api/v1/notifications/{mine[1].id}/read", headers=read_only).status_code == 403
    unread = client.get("/api/v1/notifications?unread=true", headers=read_only).get_json()
    assert sorted(n["text"] for n in unread) == ["通知1", "通知2"]
    assert client.post("/api/v1/notifications/read-all", headers=write).get_json() == {"marked": 2}
    assert client.get("/api/v1/notifications?unread=true", headers=read_only).get_json() == []
    db.session.refresh(theirs)
    assert theirs.read_at is None
