"""No silent overwrite on the case-list, filing, observation-round and top-ten pages: a save made
from a page opened before someone else's save is refused with a clear message (the typed input
kept where there is a form to keep it in), and the other person's save stands."""
from __future__ import annotations

import re

import pytest
from flask import g
from sqlalchemy import select

from models import HearingStatus, ObservationEntry, ObservationMode, Role, TopTenEntry, TopTenList
from models.caselist import ClosedCase
from models.filing import MonthlyFiling
from models.hearing_programme import TopTenKind
from reviewer.caselists import services as caselists
from reviewer.hearings import rounds
from tests.draw_helpers import case_rows, court_with_heads, csv_file
from tests.factories import make_court, make_hearing, make_user

VERSION = re.compile(r'name="lock_version" value="(\d+)"')


def _clients(app, user):
    clients = []
    for _ in range(2):
        client = app.test_client()
        g.pop("_login_user", None)
        assert client.post("/auth/login", data={"username": user.username, "password": "secret-pass"}).status_code == 302
        clients.append(client)
    return clients


def _get(client, url):
    g.pop("_login_user", None)
    return client.get(url).get_data(as_text=True)


def _post(client, url, data=None):
    g.pop("_login_user", None)
    return client.post(url, data=data or {}, follow_redirects=True)


def test_a_case_list_applied_meanwhile_is_not_replaced_by_an_older_upload(app, db):
    court, heads, liaison = court_with_heads()
    older = caselists.upload(liaison, court, "2021-03", csv_file(case_rows(court, heads[0], 3)), "旧.csv")
    newer = caselists.upload(liaison, court, "2021-03", csv_file(case_rows(court, heads[0], 2, start=10)), "新.csv")
    db.session.commit()
    first, second = _clients(app, liaison)
    assert "确认导入" in _get(first, f"/caselists/imports/{older.id}")   # the preview is open
    assert "已导入 2 件" in _post(second, f"/caselists/imports/{newer.id}/apply").get_data(as_text=True)
    page = _post(first, f"/caselists/imports/{older.id}/apply").get_data(as_text=True)
    assert "本次导入未生效" in page
    db.session.expire_all()
    assert sorted(db.session.scalars(select(ClosedCase.import_id))) == [newer.id, newer.id]


def test_a_month_filed_meanwhile_is_refused_and_the_typed_comments_kept(app, db, monkeypatch):
    court = make_court("豫0802")
    liaison = make_user(roles=(Role.LIAISON,), court=court)
    db.session.commit()
    first, second = _clients(app, liaison)
    url = f"/filings/{court.id}/2021-03"
    assert "报备" in _get(first, url) and "报备" in _get(second, url)
    assert "已报备。" in _post(second, url, {"comments": "第二人的意见"}).get_data(as_text=True)
    response = _post(first, url, {"comments": "第一人的意见"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "已报备，不能重复报备" in page and "第一人的意见" in page and "第二人的意见" in page
    db.session.expire_all()
    assert db.session.scalars(select(MonthlyFiling.comments)).all() == ["第二人的意见"]


def _round_with_entry(db, tmp_path):
    court = make_court("豫0802")
    admin = make_user(roles=(Role.ADMIN,))
    hearing = make_hearing(court, tmp_path, status=HearingStatus.ON_SITE)
    obs = rounds.open_round(admin, 2021, 2)
    entry = ObservationEntry(round=obs, hearing=hearing, mode=ObservationMode.ONLINE, source="recording")
    db.session.add(entry)
    db.session.commit()
    return admin, obs, entry


def test_a_round_changed_meanwhile_refuses_the_stale_page(app, db, tmp_path):
    admin, obs, entry = _round_with_entry(db, tmp_path)
    first, second = _clients(app, admin)
    url = f"/hearings/rounds/{obs.id}"
    seen_first, seen_second = VERSION.search(_get(first, url))[1], VERSION.search(_get(second, url))[1]
    saved = _post(second, f"/hearings/rounds/entries/{entry.id}/mode", {"mode": "on_site", "lock_version": seen_second})
    assert "已更新观摩方式" in saved.get_data(as_text=True)
    for action, data in ((f"/hearings/rounds/entries/{entry.id}/mode", {"mode": "online"}),
                         (f"/hearings/rounds/{obs.id}/close", {})):
        page = _post(first, action, {**data, "lock_version": seen_first}).get_data(as_text=True)
        assert "已被他人修改" in page, action
    db.session.expire_all()
    assert db.session.get(ObservationEntry, entry.id).mode == ObservationMode.ON_SITE
    assert db.session.get(type(obs), obs.id).status.value == "open"
    again = _post(first, f"/hearings/rounds/entries/{entry.id}/mode",
                  {"mode": "on_site", "lock_version": VERSION.search(_get(first, url))[1]})
    text = again.get_data(as_text=True)
    assert "已更新观摩方式" in text, re.findall(r'alert-\w+[^>]*>\s*([^<]+)', text)


def test_a_top_ten_list_changed_meanwhile_refuses_the_stale_page(app, db, tmp_path):
    court = make_court("豫0802")
    admin = make_user(roles=(Role.ADMIN,))
    hearings = [make_hearing(court, tmp_path, status=HearingStatus.ON_SITE, case_number=f"（2021）豫0802民初{n}号")
                for n in (1, 2)]
    top = TopTenList(year=2021, kind=TopTenKind.BEST, created_by_id=admin.id,
                     entries=[TopTenEntry(hearing_id=h.id, rank=n, score=90) for n, h in enumerate(hearings, 1)])
    db.session.add(top)
    db.session.commit()
    first_entry, second_entry = top.entries
    first, second = _clients(app, admin)
    url = "/hearings/top-ten/2021"
    seen_first, seen_second = VERSION.search(_get(first, url))[1], VERSION.search(_get(second, url))[1]
    assert "已从拟定榜单中移除" in _post(second, f"/hearings/top-ten/entries/{second_entry.id}/remove",
                                   {"lock_version": seen_second}).get_data(as_text=True)
    for action, data in ((f"/hearings/top-ten/entries/{first_entry.id}/provincial", {"flag": "1"}),
                         (f"/hearings/top-ten/lists/{top.id}/comment", {"comment_until": "2999-01-01"})):
        page = _post(first, action, {**data, "lock_version": seen_first}).get_data(as_text=True)
        assert "已被他人修改" in page, action
    db.session.expire_all()
    top = db.session.get(TopTenList, top.id)
    assert top.status.value == "proposed" and [e.provincial_showcase for e in top.entries] == [False]
