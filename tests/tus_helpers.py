"""Helpers of the tus recording-upload tests (tests/test_hearing_uploads.py and the S3 upload and
processing tests): the protocol's requests through the test client and the usual court/liaison."""
from __future__ import annotations

import base64
import hashlib

import pytest
from sqlalchemy import select

from models import Hearing, Role
from tests.factories import make_court, make_user

TUS = {"Tus-Resumable": "1.0.0"}


def metadata(court, **overrides) -> str:
    meta = {"court_id": str(court.id), "month": "2021-04", "nomination": "excellent",
            "case_number": "（2021）豫0802民初123号", "cause": "民间借贷纠纷", "procedure": "一审普通程序",
            "hearing_date": "2021-04-12", "presiding_judge_name": "王五", "filename": "庭审录像.mp4"}
    meta.update(overrides)
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in meta.items())


@pytest.fixture
def court(db):
    return make_court("豫0802")


@pytest.fixture
def liaison(db, court):
    return make_user(roles=(Role.LIAISON,), court=court)


def create(client, court, size, headers=None, **meta) -> str:
    response = client.post("/hearings/uploads", headers=dict(TUS, **{
        "Upload-Length": str(size), "Upload-Metadata": metadata(court, **meta)}, **(headers or {})))
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.headers["Tus-Resumable"] == "1.0.0" and "Upload-Expires" in response.headers
    return response.headers["Location"]


def patch(client, url, offset, data: bytes, headers=None):
    return client.patch(url, data=data, headers=dict(TUS, **{
        "Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"}, **(headers or {})))


def head(client, url):
    return client.head(url, headers=TUS)


def upload_all(client, url, payload: bytes, chunk: int):
    offset = 0
    while offset < len(payload):
        response = patch(client, url, offset, payload[offset:offset + chunk])
        assert response.status_code == 204, response.get_data(as_text=True)
        offset = int(response.headers["Upload-Offset"])
    return response


def the_hearing(db) -> Hearing:
    hearing = db.session.scalar(select(Hearing))
    db.session.refresh(hearing)
    return hearing


def checksum(algorithm: str, data: bytes) -> dict:
    return {"Upload-Checksum": f"{algorithm} {base64.b64encode(hashlib.new(algorithm, data).digest()).decode()}"}
