"""Smaller leaks: private caching of unpublished recordings, locked findings, audited bulletin
numbers, true download extensions, validated watch positions."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from models import AuditLog, Evaluation, PrecheckDismissal, Role, StoredFile, WatchRecord, utcnow
from reviewer import storage
from reviewer.errors import DomainError
from reviewer.extensions import db as _db
from reviewer.prechecks import services as prechecks
from tests.factories import make_court, make_user
from tests.hearing_helpers import _publish, lib  # noqa: F401  (fixture)
from tests.factories import make_hearing
from tests.precheck_helpers import city, finding  # noqa: F401  (fixture)


def test_unpublished_recording_is_served_private_no_store(db, client, login, tmp_path):
    court = make_court("豫0802")
    admin = make_user(roles=(Role.ADMIN,))
    hearing = make_hearing(court, tmp_path)
    login(admin)
    response = client.get(f"/hearings/{hearing.id}/video")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    hearing.published_at = utcnow()
    db.session.commit()
    published = client.get(f"/hearings/{hearing.id}/video")
    assert "no-store" not in published.headers["Cache-Control"]


def test_locked_evaluation_findings_cannot_be_dismissed(city, login):  # noqa: F811
    target = finding(city, "text.repeated_char")
    db_session = _db.session
    db_session.add(Evaluation(subject_kind="judgment", subject_id=city.judgment.id, locked=True))
    db_session.commit()
    with pytest.raises(DomainError, match="锁定"):
        prechecks.dismiss(target, city.admin, "原文如此")
    db_session.rollback()
    client = login(city.admin)
    html = client.get(f"/judgments/{city.judgment.id}").get_data(as_text=True)
    assert "/dismiss" not in html
    response = client.post(f"/prechecks/findings/{target.id}/dismiss", data={"precheck-reason": "x"})
    assert response.status_code == 302
    assert db_session.scalar(select(PrecheckDismissal)) is None


def test_issuing_and_regenerating_a_bulletin_number_are_audited(app, db):
    from reviewer.bulletins.services import assign_number

    admin = make_user(roles=(Role.ADMIN,))
    first = assign_number("ranking", "2021-03", 2026, admin)
    assign_number("ranking", "2021-03", 2026, admin)
    rows = db.session.scalars(select(AuditLog).where(AuditLog.action.startswith("bulletin."))
                              .order_by(AuditLog.id)).all()
    assert [r.action for r in rows] == ["bulletin.number_issued", "bulletin.regenerated"]
    assert rows[0].after["number"] == first.number and rows[0].actor_id == admin.id


@pytest.mark.parametrize("original, mime, expected", [
    ("判决书.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "判决书.docx"),
    ("判决书.exe", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "判决书.docx"),
    ("判决书.docx.exe", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "判决书.docx"),
    ("录像.exe", "video/x-msvideo", "录像.avi"),
    ("庭审", "video/mp4", "庭审.mp4"),
    ("payload.exe", "application/x-msdownload", "payload.bin"),
    ("page.html", "text/html", "page.bin"),
])
def test_download_name_carries_the_stored_contents_extension(original, mime, expected):
    stored = StoredFile(original_name=original, mime_type=mime, storage_path="x/y/z")
    assert storage.download_name(stored) == expected
    assert storage.download_mime(stored) in (mime, storage.SAFE_DOWNLOAD_MIME)
    assert not storage.download_name(stored).lower().endswith((".exe", ".html", ".js"))


@pytest.mark.parametrize("position", ["NaN", "Infinity", "-Infinity", -1, 1e308, "1e999", 10_000])
def test_watch_positions_must_be_finite_and_within_the_recording(client, login, lib, db, position):  # noqa: F811
    _publish(client, login, lib)
    login(lib["judge"])
    url = f"/hearings/{lib['hearing'].id}/watch"
    body = f'{{"position": {position}}}' if isinstance(position, str) and position[0] != "1" else None
    response = (client.post(url, data=body, content_type="application/json") if body
                else client.post(url, json={"position": position}))
    assert response.status_code == 400
    assert "播放位置" in response.get_json()["message"]
    assert db.session.scalar(select(WatchRecord)) is None
