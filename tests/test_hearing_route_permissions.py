"""Every route of the hearings blueprint, for every role: allowed (anything but 403) or 403.

The table must name every `hearings.*` route the app serves, so a new route without a row here
fails `test_every_hearings_route_is_in_the_table`.
"""
from __future__ import annotations

import base64

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from models import (Evaluation, Grade, HearingStatus, Role, TopTenEntry, TopTenKind,
                    TopTenList, TopTenStatus)
from reviewer.hearings import rounds
from reviewer.recordings import services
from tests.factories import make_court, make_user
from tests.factories import make_hearing

ROLES = ("anonymous", "admin", "liaison", "other_liaison", "reviewer", "judge")
ADMIN = {"admin"}
EVERYONE = {"admin", "liaison", "other_liaison", "reviewer", "judge"}
LIAISONS = {"admin", "liaison", "other_liaison"}
OWN_COURT = {"admin", "liaison"}

# (method, endpoint, url template, who may use it)
ROUTES = [
    ("get", "hearings.index", "/hearings/", EVERYONE),
    ("get", "hearings.new", "/hearings/new", LIAISONS),
    ("get", "hearings.detail", "/hearings/{ready}", OWN_COURT),
    ("get", "hearings.status", "/hearings/{ready}/status", OWN_COURT),
    ("get", "hearings.video", "/hearings/{ready}/video", OWN_COURT),
    ("get", "hearings.poster", "/hearings/{ready}/poster", OWN_COURT),
    ("post", "hearings.delete", "/hearings/{failed}/delete", OWN_COURT),
    ("post", "hearings.reprocess", "/hearings/{failed}/reprocess", ADMIN),
    ("post", "hearings.publish", "/hearings/{ready}/publish", ADMIN),
    ("options", "hearings.tus_create", "/hearings/uploads", EVERYONE),
    ("post", "hearings.tus_create", "/hearings/uploads", OWN_COURT),
    ("options", "hearings.tus_upload", "/hearings/uploads/{token}", EVERYONE),
    ("head", "hearings.tus_upload", "/hearings/uploads/{token}", OWN_COURT),
    ("patch", "hearings.tus_upload", "/hearings/uploads/{token}", OWN_COURT),
    ("delete", "hearings.tus_upload", "/hearings/uploads/{token}", OWN_COURT),
    ("get", "hearings.library_index", "/hearings/library", EVERYONE),
    ("get", "hearings.library_detail", "/hearings/library/{published}", EVERYONE),
    ("post", "hearings.watch", "/hearings/{published}/watch", EVERYONE),
    ("get", "hearings.watching", "/hearings/library/watching", ADMIN),
    ("get", "hearings.quotas", "/hearings/quotas?year=2021", LIAISONS),
    ("post", "hearings.quota_deadline", "/hearings/quotas/deadline", ADMIN),
    ("get", "hearings.top_ten", "/hearings/top-ten/2021", EVERYONE),
    ("post", "hearings.top_ten_propose", "/hearings/top-ten/2021/propose", ADMIN),
    ("post", "hearings.top_ten_comment", "/hearings/top-ten/lists/{list}/comment", ADMIN),
    ("post", "hearings.top_ten_publish", "/hearings/top-ten/lists/{list}/publish", ADMIN),
    ("post", "hearings.top_ten_provincial", "/hearings/top-ten/entries/{entry}/provincial", ADMIN),
    ("post", "hearings.top_ten_remove", "/hearings/top-ten/entries/{entry}/remove", ADMIN),
    ("get", "hearings.rounds_index", "/hearings/rounds", ADMIN),
    ("post", "hearings.round_new", "/hearings/rounds/new", ADMIN),
    ("post", "hearings.round_schedule", "/hearings/rounds/schedule", ADMIN),
    ("get", "hearings.round_detail", "/hearings/rounds/{round}", ADMIN),
    ("post", "hearings.round_draw", "/hearings/rounds/{round}/draw", ADMIN),
    ("post", "hearings.round_close", "/hearings/rounds/{round}/close", ADMIN),
    ("post", "hearings.round_entry_mode", "/hearings/rounds/entries/{obs_entry}/mode", ADMIN),
    ("post", "hearings.round_entry_panel", "/hearings/rounds/entries/{obs_entry}/panel", ADMIN),
]


@pytest.fixture
def world(db, tmp_path):
    court, other = make_court("豫0802"), make_court("豫0883")
    people = {
        "admin": make_user(roles=(Role.ADMIN,)),
        "liaison": make_user(roles=(Role.LIAISON,), court=court),
        "other_liaison": make_user(roles=(Role.LIAISON,), court=other),
        "reviewer": make_user(roles=(Role.REVIEWER,), court=other),
        "judge": make_user(roles=(Role.JUDGE,), court=court),  # not the judge of these hearings
    }
    ready = make_hearing(court, tmp_path)
    failed = make_hearing(court, tmp_path, status=HearingStatus.FAILED, case_number="（2021）豫0802民初2号")
    published = make_hearing(court, tmp_path, published=True, case_number="（2021）豫0802民初3号")
    _hearing, upload = services.create_hearing(people["liaison"], court, {
        "month": "2021-04", "case_number": "（2021）豫0802民初4号", "hearing_date": None,
        "presiding_judge_name": "王五", "nomination": "flawed", "file_name": "a.mp4", "file_size": 10})
    db.session.add(Evaluation(subject_kind="hearing", subject_id=ready.id, computed_score=Decimal("96"),
                              computed_grade=Grade.EXCELLENT, review_count=2))
    top = TopTenList(year=2021, kind=TopTenKind.BEST, status=TopTenStatus.COMMENT,
                     comment_until=(datetime.now(timezone.utc) - timedelta(days=1)).date())
    top.entries.append(TopTenEntry(hearing=ready, rank=1))
    db.session.add(top)
    obs = rounds.open_round(people["admin"], 2021, 2)
    db.session.flush()
    rounds.draw_round(people["admin"], obs, {"basic": 1, "intermediate": 0}, seed="t")
    db.session.commit()
    ids = {"ready": ready.id, "failed": failed.id, "published": published.id, "token": upload.token,
           "list": top.id, "entry": top.entries[0].id, "round": obs.id, "obs_entry": obs.entries[0].id}
    return people, ids


def test_every_hearings_route_is_in_the_table(app):
    served = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith("hearings.")}
    assert served == {endpoint for _m, endpoint, _u, _w in ROUTES}


def _tus_request(method, world_court_id):
    headers = {"Tus-Resumable": "1.0.0"}
    if method == "patch":
        return {"headers": dict(headers, **{"Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"}),
                "data": b"x"}
    if method == "post":
        meta = {"court_id": str(world_court_id), "month": "2021-04", "nomination": "flawed",
                "case_number": "（2021）豫0802民初5号", "procedure": "一审普通程序", "hearing_date": "2021-04-01",
                "presiding_judge_name": "王五", "filename": "b.mp4"}
        return {"headers": dict(headers, **{"Upload-Length": "10", "Upload-Metadata": ",".join(
            f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in meta.items())})}
    return {"headers": headers}


def _new_upload_token(liaison) -> str:
    from reviewer.extensions import db

    _hearing, upload = services.create_hearing(liaison, liaison.court, {
        "month": "2021-04", "case_number": "（2021）豫0802民初8号", "hearing_date": None,
        "presiding_judge_name": "王五", "nomination": "flawed", "file_name": "a.mp4", "file_size": 10})
    db.session.commit()
    return upload.token


@pytest.mark.parametrize("method, endpoint, url, allowed", ROUTES, ids=[f"{r[0]} {r[1]}" for r in ROUTES])
def test_hearings_route_per_role(app, client, login, world, method, endpoint, url, allowed):
    """Refused roles go first, so an allowed role's change cannot hide a refusal."""
    people, ids = world
    kwargs = _tus_request(method, people["liaison"].court_id) if endpoint.startswith("hearings.tus_") else {}
    if endpoint == "hearings.watch":
        kwargs = {"json": {"position": 1}}
    seen = {}
    for who in sorted(ROLES, key=lambda role: role in allowed):
        if who == "anonymous":  # first: never allowed, and nobody has logged in yet
            response = getattr(client, method)(url.format(**ids), **kwargs)
            seen[who] = response.status_code
            assert response.status_code in (302, 401)
            assert "/auth/login" in response.headers.get("Location", "/auth/login")
            continue
        login(people[who])
        if endpoint == "hearings.delete" and who in allowed:  # each withdrawal needs its own recording
            ids["failed"] = _failed_hearing(people["liaison"].court)
        if endpoint == "hearings.tus_upload" and method == "delete" and who in allowed:
            ids["token"] = _new_upload_token(people["liaison"])  # each termination needs its own upload
        if endpoint == "hearings.tus_upload" and method == "patch":
            kwargs["headers"]["Upload-Offset"] = str(client.head(url.format(**ids), headers={
                "Tus-Resumable": "1.0.0"}).headers.get("Upload-Offset", 0))
        response = getattr(client, method)(url.format(**ids), **kwargs)
        seen[who] = response.status_code
        if who in allowed:
            assert response.status_code not in (403, 404, 500), (who, response.status_code)
        else:
            assert response.status_code == 403, (who, response.status_code)
    assert set(seen) == set(ROLES)


def _failed_hearing(court) -> int:
    from models import Hearing
    from reviewer.extensions import db

    hearing = Hearing(court=court, month="2021-04", case_number="（2021）豫0802民初9号",
                      presiding_judge_name="王五", status=HearingStatus.FAILED)
    db.session.add(hearing)
    db.session.commit()
    return hearing.id


@pytest.mark.parametrize("url", ["/hearings/top-ten/entries/999999/provincial",
                                 "/hearings/top-ten/entries/999999/remove",
                                 "/hearings/top-ten/lists/999999/publish"])
def test_a_non_admin_gets_403_for_any_top_ten_id_existing_or_not(db, client, login, url):
    login(make_user(roles=(Role.LIAISON,), court=make_court("豫0802")))
    assert client.post(url).status_code == 403
