"""Quarterly observation rounds: schedule import, draw from both levels, panels, mode, permissions."""
from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from models import (Assignment, Hearing, HearingStatus, ObservationEntry, ObservationMode, ObservationRound,
                    Role, ScheduledHearing)
from reviewer.errors import DomainError
from reviewer.hearings import rounds
from tests.factories import make_court, make_user
from tests.factories import make_hearing

SCHEDULE = ("法院,案号,案由,开庭时间,法庭,审判长\n"
            "焦作中院,（2021）豫08民终1号,买卖合同纠纷,2021-05-12 09:30,第一法庭,李审判长\n"
            "豫0802,（2021）豫0802民初5号,民间借贷纠纷,2021-06-01 14:00,第三法庭,王审判长\n"
            "豫0802,（2021）豫0802民初6号,离婚纠纷,2021-08-01 14:00,第三法庭,王审判长\n")


@pytest.fixture
def office(db, tmp_path):
    mid, basic = make_court("豫08"), make_court("豫0802")
    admin = make_user(roles=(Role.ADMIN,))
    recording = make_hearing(basic, tmp_path)  # READY, month 2021-04 → second quarter
    return {"mid": mid, "basic": basic, "admin": admin, "recording": recording}


def test_schedule_import_is_all_or_nothing_with_line_numbers(db, office):
    bad = SCHEDULE + "不存在法院,（2021）X号,,2021-05-01 09:00,,\n豫0802,,,明天,,\n"
    with pytest.raises(DomainError) as err:
        rounds.import_schedule(office["admin"], io.BytesIO(bad.encode("utf-8")))
    assert "第5行" in err.value.message and "第6行" in err.value.message
    assert db.session.scalar(select(func.count(ScheduledHearing.id))) == 0
    assert rounds.import_schedule(office["admin"], io.BytesIO(SCHEDULE.encode("gb18030"))) == (3, 0)
    assert rounds.import_schedule(office["admin"], io.BytesIO(SCHEDULE.encode("utf-8-sig"))) == (0, 3)


def test_draw_takes_both_levels_from_recordings_and_schedule(db, office):
    rounds.import_schedule(office["admin"], io.BytesIO(SCHEDULE.encode()))
    obs = rounds.open_round(office["admin"], 2021, 2)
    entries = rounds.draw_round(office["admin"], obs, {"intermediate": 1, "basic": 5}, seed="fixed")
    by_source = {(e.source, e.hearing.court.code, e.mode) for e in entries}
    assert by_source == {("schedule", "豫08", ObservationMode.ON_SITE), ("schedule", "豫0802", ObservationMode.ON_SITE),
                         ("recording", "豫0802", ObservationMode.ONLINE)}  # the August row is out of the quarter
    on_site = [e.hearing for e in entries if e.source == "schedule"]
    assert all(h.status == HearingStatus.ON_SITE and h.file is None for h in on_site)
    assert {h.month for h in on_site} == {"2021-05", "2021-06"}
    assert obs.seed == "fixed"
    with pytest.raises(DomainError):
        rounds.draw_round(office["admin"], obs, {"basic": 1})


def test_draw_with_no_candidates_is_refused(db, office):
    obs = rounds.open_round(office["admin"], 2021, 4)
    with pytest.raises(DomainError) as err:
        rounds.draw_round(office["admin"], obs, {"basic": 2})
    assert "没有可抽取" in err.value.message


def test_a_round_per_quarter(db, office):
    rounds.open_round(office["admin"], 2021, 2)
    with pytest.raises(DomainError):
        rounds.open_round(office["admin"], 2021, 2)
    with pytest.raises(DomainError):
        rounds.open_round(office["admin"], 2021, 5)


def test_panel_respects_recusal_and_on_site_hearings_are_scored_in_the_same_sheets(db, office):
    rounds.import_schedule(office["admin"], io.BytesIO(SCHEDULE.encode()))
    obs = rounds.open_round(office["admin"], 2021, 2)
    entries = rounds.draw_round(office["admin"], obs, {"intermediate": 1, "basic": 0}, seed="s")
    entry = entries[0]
    outsider = make_user(roles=(Role.REVIEWER,), court=office["basic"])
    own = make_user(roles=(Role.REVIEWER,), court=office["mid"])
    assignment = rounds.assign_panel_member(office["admin"], entry, outsider, leader=True)
    assert assignment.round_id == obs.id and assignment.is_leader and assignment.subject_kind == "hearing"
    with pytest.raises(DomainError):
        rounds.assign_panel_member(office["admin"], entry, own, leader=False)


def test_online_mode_needs_a_recording(db, office):
    rounds.import_schedule(office["admin"], io.BytesIO(SCHEDULE.encode()))
    obs = rounds.open_round(office["admin"], 2021, 2)
    entries = rounds.draw_round(office["admin"], obs, {"intermediate": 1, "basic": 3}, seed="s")
    on_site = next(e for e in entries if e.source == "schedule")
    with pytest.raises(DomainError):
        rounds.set_mode(office["admin"], on_site, ObservationMode.ONLINE)
    recorded = next(e for e in entries if e.source == "recording")
    rounds.set_mode(office["admin"], recorded, ObservationMode.ON_SITE)
    assert recorded.mode == ObservationMode.ON_SITE


def test_office_runs_a_round_through_the_pages(db, client, login, office):
    login(office["admin"])
    response = client.post("/hearings/rounds/schedule",
                           data={"schedule": (io.BytesIO(SCHEDULE.encode()), "排期.csv")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "已导入 3 条开庭排期" in response.get_data(as_text=True)
    client.post("/hearings/rounds/new", data={"year": "2021", "quarter": "2"})
    obs = db.session.scalar(select(ObservationRound))
    page = client.get(f"/hearings/rounds/{obs.id}").get_data(as_text=True)
    assert "共 3 件" in page
    client.post(f"/hearings/rounds/{obs.id}/draw",
                data={"intermediate": "1", "basic": "2", "lock_version": obs.lock_version})
    assert db.session.scalar(select(func.count(ObservationEntry.id))) == 3
    entry = db.session.scalar(select(ObservationEntry).where(ObservationEntry.source == "recording"))
    reviewer = make_user(roles=(Role.REVIEWER,), court=office["mid"])
    db.session.commit()
    db.session.refresh(obs)
    client.post(f"/hearings/rounds/entries/{entry.id}/panel",
                data={"reviewer_id": str(reviewer.id), "leader": "1", "lock_version": obs.lock_version})
    assert db.session.scalar(select(Assignment.round_id).where(Assignment.reviewer_id == reviewer.id)) == obs.id
    html = client.get(f"/hearings/rounds/{obs.id}").get_data(as_text=True)
    assert reviewer.display_name + "（组长）" in html


@pytest.mark.parametrize("role", [Role.LIAISON, Role.REVIEWER, Role.JUDGE])
@pytest.mark.parametrize("method, path", [("get", "/hearings/rounds"), ("post", "/hearings/rounds/new"),
                                          ("post", "/hearings/rounds/schedule"), ("get", "/hearings/rounds/{id}"),
                                          ("post", "/hearings/rounds/{id}/draw"), ("post", "/hearings/rounds/{id}/close"),
                                          ("post", "/hearings/rounds/entries/1/mode"),
                                          ("post", "/hearings/rounds/entries/1/panel")])
def test_only_the_office_manages_rounds(db, client, login, office, role, method, path):
    obs = rounds.open_round(office["admin"], 2021, 2)
    db.session.commit()
    login(make_user(roles=(role,), court=office["basic"]))
    assert getattr(client, method)(path.format(id=obs.id)).status_code == 403
