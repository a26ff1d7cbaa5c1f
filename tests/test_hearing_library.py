"""Exemplar library of hearings: published recordings with cited time-coded remarks, watch records."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Role, WatchRecord, utcnow
from tests.factories import make_user
from tests.hearing_helpers import _publish, lib  # noqa: F401


def test_unpublished_hearing_is_not_in_the_library(client, login, lib):
    login(lib["judge"])
    assert client.get(f"/hearings/library/{lib['hearing'].id}").status_code == 404
    assert lib["hearing"].case_number not in client.get("/hearings/library").get_data(as_text=True)


@pytest.mark.parametrize("who", ["judge", "liaison", "reviewer"])
def test_only_the_office_publishes(client, login, lib, who):
    login(lib[who])
    assert client.post(f"/hearings/{lib['hearing'].id}/publish").status_code == 403


def test_library_shows_deductions_with_reasons_and_cited_moments(client, login, lib):
    _publish(client, login, lib)
    login(lib["judge"])
    assert lib["hearing"].case_number in client.get("/hearings/library").get_data(as_text=True)
    html = client.get(f"/hearings/library/{lib['hearing'].id}").get_data(as_text=True)
    assert "法槌使用" in html and "宣布开庭后才敲法槌" in html
    assert 'data-seek="1.0"' in html and "00:01–00:01.5" in html and "此处先宣布后敲槌" in html
    assert 'data-seek="0.2"' in html and "书记员宣读法庭纪律清楚" in html
    assert "评查员甲" in html and "钱评查" not in html  # reviewers are not named to judges


def test_watching_is_recorded_up_to_the_furthest_point(client, login, lib, db):
    _publish(client, login, lib)
    login(lib["judge"])
    url = f"/hearings/{lib['hearing'].id}/watch"
    assert client.post(url, json={"position": 1}).get_json() == {"seconds_watched": 1.0, "completed": False}
    client.post(url, json={"position": 0.5})
    done = client.post(url, json={"position": 1.9}).get_json()
    assert done["completed"] is True
    record = db.session.scalar(select(WatchRecord))
    assert record.user_id == lib["judge"].id and record.seconds_watched == 1.9
    assert client.post(url, json={"position": "abc"}).status_code == 400


def test_watching_an_unpublished_recording_is_refused(client, login, lib):
    login(lib["judge"])
    assert client.post(f"/hearings/{lib['hearing'].id}/watch", json={"position": 1}).status_code == 403


def test_office_sees_who_watched_the_required_recordings(client, login, lib, db):
    _publish(client, login, lib)
    other_judge = make_user(roles=(Role.JUDGE,), court=lib["home"], display_name="周法官")
    db.session.add(WatchRecord(hearing_id=lib["hearing"].id, user_id=lib["judge"].id, seconds_watched=2.0,
                               completed=True, last_watched_at=utcnow()))
    db.session.commit()
    html = client.get("/hearings/library/watching").get_data(as_text=True)
    assert "孙法官" in html and "周法官" in html and "已看完" in html and "未看" in html
    login(other_judge)
    assert client.get("/hearings/library/watching").status_code == 403
