"""Reviewing hearings with the shared review machinery: recusal, the video pane, time-coded remarks."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Review, ReviewRemark, Role, SheetKind
from reviewer.errors import DomainError
from reviewer.reviews import assigning
from reviewer.scoresheets.services import active_sheet, install_default_sheets
from tests.factories import make_court, make_user
from tests.factories import make_hearing


@pytest.fixture
def setup(db, tmp_path):
    install_default_sheets()
    home, other = make_court("豫0802"), make_court("豫0883")
    admin = make_user(roles=(Role.ADMIN,))
    judge = make_user(roles=(Role.JUDGE,), court=home)
    hearing = make_hearing(home, tmp_path, judge=judge)
    reviewer = make_user(roles=(Role.REVIEWER,), court=other)
    assigning.assign("hearing", hearing.id, reviewer, admin)
    db.session.commit()
    return {"home": home, "admin": admin, "judge": judge, "hearing": hearing, "reviewer": reviewer,
            "sheet": active_sheet(SheetKind.HEARING)}


def _item(sheet, key):
    return next(i for i in sheet.items if i.key == key)


def test_default_hearing_sheet_has_the_gavel_and_recording_checklist_items(setup):
    keys = {i.key for i in setup["sheet"].items}
    assert {"etiquette.gavel", "discipline.recording"} <= keys
    assert sum(i.points for i in setup["sheet"].items) == 100


def test_reviewer_from_the_hearings_own_court_cannot_be_assigned(db, setup):
    own = make_user(roles=(Role.REVIEWER,), court=setup["home"])
    with pytest.raises(DomainError):
        assigning.assign("hearing", setup["hearing"].id, own, setup["admin"])


def test_review_screen_shows_the_video_beside_the_hearing_sheet(client, login, setup):
    login(setup["reviewer"])
    page = client.get(f"/reviews/hearing/{setup['hearing'].id}/review")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f"/hearings/{setup['hearing'].id}/video" in html and "hearing-review.js" in html
    assert "法槌使用" in html and "录音录像完整连续" in html


def test_unassigned_reviewer_cannot_open_the_review_screen(client, login, setup, db):
    stranger = make_user(roles=(Role.REVIEWER,), court=make_court("豫0811"))
    login(stranger)
    assert client.get(f"/reviews/hearing/{setup['hearing'].id}/review").status_code == 403


def _post(client, setup, remarks, deductions=None):
    sheet = setup["sheet"]
    gavel = _item(sheet, "etiquette.gavel")
    data = {"save": "暂存", "overall_comment": "", "proposed_grade": ""}
    for key, (field, value, reason) in (deductions or {}).items():
        item = _item(sheet, key)
        data[f"{field}_{item.id}"] = value
        data[f"r_{item.id}"] = reason
    for n, (start, end, text, key) in enumerate(remarks):
        data[f"remarks-{n}-text"] = text
        data[f"remarks-{n}-start_seconds"] = start
        data[f"remarks-{n}-end_seconds"] = end
        data[f"remarks-{n}-item_id"] = str(_item(sheet, key).id) if key else ""
    return client.post(f"/reviews/hearing/{setup['hearing'].id}/review", data=data), gavel


def test_deduction_cites_time_coded_remarks_linked_to_its_item(db, client, login, setup):
    login(setup["reviewer"])
    response, gavel = _post(client, setup,
                            remarks=[("0.5", "", "宣布开庭后才敲法槌", "etiquette.gavel"),
                                     ("1.0", "1.8", "画面中断未说明", "discipline.recording")],
                            deductions={"etiquette.gavel": ("n", "1", "开庭时先宣布后敲槌，见 0:00 处批注")})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    review = db.session.scalar(select(Review).where(Review.subject_kind == "hearing"))
    remarks = db.session.scalars(select(ReviewRemark).where(ReviewRemark.review_id == review.id)
                                 .order_by(ReviewRemark.start_seconds)).all()
    assert [(r.start_seconds, r.end_seconds, r.item.key) for r in remarks] == [
        (0.5, None, "etiquette.gavel"), (1.0, 1.8, "discipline.recording")]
    assert review.score_for(gavel.id).deduction == 1
    page = client.get(f"/reviews/hearing/{setup['hearing'].id}/review").get_data(as_text=True)
    assert "宣布开庭后才敲法槌" in page


def test_remark_beyond_the_recordings_end_is_refused(db, client, login, setup):
    login(setup["reviewer"])
    response, _ = _post(client, setup, remarks=[("3600", "", "不存在的时刻", None)])
    assert response.status_code == 200
    assert db.session.scalar(select(ReviewRemark.id)) is None


def test_submitted_hearing_sheet_shows_its_remarks_with_seek_links(db, client, login, setup):
    login(setup["reviewer"])
    _post(client, setup, remarks=[("1.5", "", "当事人陈述被打断", None)])
    review = db.session.scalar(select(Review).where(Review.subject_kind == "hearing"))
    page = client.get(f"/reviews/{review.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-seek="1.5"' in html and "当事人陈述被打断" in html
    assert f"/hearings/{setup['hearing'].id}/video" in html and "hearing-review.js" in html


def test_remark_times_are_typed_and_shown_as_hh_mm_ss_or_mm_ss(db, client, login, setup):
    setup["hearing"].duration_seconds = 4000.0
    db.session.commit()
    login(setup["reviewer"])
    response, _ = _post(client, setup, remarks=[("01:02:03", "1:02:04.5", "庭审中断未说明", None),
                                                ("00:30", "", "书记员宣读法庭纪律", None)])
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    remarks = db.session.scalars(select(ReviewRemark).order_by(ReviewRemark.start_seconds)).all()
    assert [(r.start_seconds, r.end_seconds) for r in remarks] == [(30.0, None), (3723.0, 3724.5)]
    form = client.get(f"/reviews/hearing/{setup['hearing'].id}/review").get_data(as_text=True)
    assert 'value="01:02:03"' in form and 'value="01:02:04.5"' in form and 'value="00:30"' in form
    assert "时:分:秒" in form


@pytest.mark.parametrize("start, end, message", [
    ("1:75", "", "时间格式应为 时:分:秒 或 分:秒"),
    ("nan", "", "时间格式应为"),
    ("inf", "", "时间格式应为"),
    ("1e400", "", "时间格式应为"),
    ("十二分", "", "时间格式应为"),
    ("00:02", "00:01", "结束时间不能早于开始时间"),
    ("01:00:00", "", "时间点超出录像时长（00:02"),
])
def test_a_time_that_is_not_a_moment_of_the_recording_is_refused_in_chinese(db, client, login, setup,
                                                                            start, end, message):
    login(setup["reviewer"])  # make_hearing's recording lasts about 2 s
    response, _ = _post(client, setup, remarks=[(start, end, "批注", None)])
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(ReviewRemark.id)) is None


def test_the_service_refuses_times_that_are_not_finite(db, setup):
    from models import Assignment
    from reviewer.reviews import services
    from reviewer.reviews.inputs import RemarkEntry, ReviewInput, ReviewInvalid

    assignment = db.session.scalar(select(Assignment).where(Assignment.subject_kind == "hearing"))
    review = services.start_review(assignment, setup["reviewer"])
    for bad in (float("nan"), float("inf"), -1.0):
        data = ReviewInput(entries={}, remarks=[RemarkEntry("x", start_seconds=bad)], overall_comment="",
                           proposed_grade=None)
        with pytest.raises(ReviewInvalid) as refused:
            services.save_review(review, data, setup["reviewer"])
        assert refused.value.remark_errors == {0: "时间点无效。"}
