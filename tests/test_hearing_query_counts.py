"""The hearing programme's list pages run the same number of queries whatever the number of rows."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from models import (Evaluation, Grade, Hearing, HearingNomination, HearingStatus, ObservationEntry,
                    ObservationMode, Role, TopTenEntry, TopTenKind, TopTenList, TopTenStatus, WatchRecord, utcnow)
from reviewer import clock
from reviewer.hearings import rounds
from tests.conftest import count_queries
from tests.factories import make_court, make_user

_n = [0]


def _hearing(db, court, published=False):
    _n[0] += 1
    h = Hearing(court=court, month="2021-04", case_number=f"（2021）{court.code}民初{_n[0]}号",
                presiding_judge_name="王五", nomination=HearingNomination.EXCELLENT, status=HearingStatus.READY,
                submitted_at=utcnow(), duration_seconds=100.0,
                published_at=utcnow() if published else None, required_viewing=published)
    db.session.add(h)
    db.session.flush()
    return h


@pytest.fixture
def office(db):
    return {"court": make_court("豫0802"), "admin": make_user(roles=(Role.ADMIN,))}


def _queries(client, url):
    client.get(url)  # warm caches (sheet, navigation) outside the measurement
    with count_queries() as n:
        assert client.get(url).status_code == 200
    return n[0]


def _grow_library(db, court, k):
    for _ in range(k):
        h = _hearing(db, court, published=True)
        judge = make_user(roles=(Role.JUDGE,), court=court)
        db.session.add(WatchRecord(hearing_id=h.id, user_id=judge.id, seconds_watched=95.0,
                                   completed=True, last_watched_at=utcnow()))
    db.session.commit()


@pytest.mark.parametrize("url", ["/hearings/library", "/hearings/library/watching"])
def test_library_and_watching_pages_do_not_grow_with_rows(db, client, login, office, url):
    _grow_library(db, office["court"], 1)
    login(office["admin"])
    few = _queries(client, url)
    _grow_library(db, office["court"], 4)
    assert _queries(client, url) == few


def _grow_top_ten(db, court, top, k):
    for _ in range(k):
        h = _hearing(db, court)
        db.session.add(Evaluation(subject_kind="hearing", subject_id=h.id, computed_score=Decimal("95"),
                                  computed_grade=Grade.EXCELLENT, review_count=2))
        top.entries.append(TopTenEntry(hearing=h, rank=len(top.entries) + 1, score=Decimal("95")))
    db.session.commit()


def test_top_ten_page_does_not_grow_with_entries(db, client, login, office):
    top = TopTenList(year=2021, kind=TopTenKind.BEST, status=TopTenStatus.COMMENT,
                     comment_until=clock.today() + timedelta(days=3))
    db.session.add(top)
    _grow_top_ten(db, office["court"], top, 1)
    login(make_user(roles=(Role.JUDGE,), court=office["court"]))
    few = _queries(client, "/hearings/top-ten/2021")
    _grow_top_ten(db, office["court"], top, 5)
    assert _queries(client, "/hearings/top-ten/2021") == few


def test_round_page_does_not_grow_with_entries(db, client, login, office):
    obs = rounds.open_round(office["admin"], 2021, 2)
    db.session.flush()

    def grow(k):
        for _ in range(k):
            h = _hearing(db, office["court"])
            db.session.add(ObservationEntry(round=obs, hearing=h, mode=ObservationMode.ONLINE, source="recording"))
        db.session.commit()

    grow(1)
    login(office["admin"])
    few = _queries(client, f"/hearings/rounds/{obs.id}")
    grow(4)
    assert _queries(client, f"/hearings/rounds/{obs.id}") == few


@pytest.mark.parametrize("url", ["/hearings/", "/hearings/library"])
def test_hearing_list_and_library_are_keyset_pages_newest_first(db, client, login, office, url):
    """20 hearings a page, newest first, the next page from the last row's time and id (a cursor
    that survives the round trip through the URL on both databases), in the same statements."""
    import re

    made = [_hearing(db, office["court"], published=True) for _ in range(23)]
    db.session.commit()
    login(office["admin"])
    client.get(url)
    with count_queries() as first_count:
        first = client.get(url).get_data(as_text=True)
    numbers = lambda page: [int(n) for n in re.findall(r"（2021）豫0802民初(\d+)号", page)]
    newest = sorted((numbers(h.case_number)[0] for h in made), reverse=True)
    assert numbers(first) == newest[:20] and "共 23 条" in first
    after = re.search(r'after=([^"]+)"', first).group(1).replace("&amp;", "&")
    with count_queries() as second_count:
        second = client.get(f"{url}?after={after}").get_data(as_text=True)
    assert numbers(second) == newest[20:] and "上一页" in second and "下一页" not in second
    assert second_count[0] == first_count[0]
