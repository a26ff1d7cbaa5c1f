"""What the recording pages show in the units people read."""
from __future__ import annotations

from datetime import date

from models import Role
from reviewer.extensions import db as _db
from reviewer.recordings import services, uploads
from tests.factories import make_court, make_user


def test_an_interrupted_upload_shows_megabytes_not_bytes(db, client, login, tmp_path):
    court = make_court("豫0802")
    liaison = make_user(roles=(Role.LIAISON,), court=court)
    _db.session.commit()
    hearing, upload = services.create_hearing(liaison, court, {
        "month": "2021-04", "case_number": "（2021）豫0802民初9号", "hearing_date": date(2021, 4, 20),
        "presiding_judge_name": "王五", "nomination": "excellent", "file_name": "庭审.mp4",
        "file_size": 2_100_000_000})
    upload.offset = 1_200_000_000
    _db.session.commit()
    partial = uploads.partial_file(upload)   # the page shows what the server holds: a sparse file
    partial.parent.mkdir(parents=True, exist_ok=True)
    with open(partial, "wb") as handle:
        handle.truncate(1_200_000_000)
    login(liaison)
    page = client.get(f"/hearings/{hearing.id}").get_data(as_text=True)
    assert "已收到 1.2 GB / 2.1 GB，57%" in page
