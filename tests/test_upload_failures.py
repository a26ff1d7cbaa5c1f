"""A judgment batch survives any one file's failure: disk full, a reader crash, a refusal.

Each failing file is rejected with a Chinese reason; the others are accepted, committed and listed;
no half-written file is left behind.
"""
from __future__ import annotations

import errno
import io

from sqlalchemy import func, select

import reviewer.judgments.services as judgment_services
from models import Judgment
from reviewer import storage
from tests.judgment_helpers import (SIMPLE, docx_bytes, jiefang, liaison, stored_files_on_disk,  # noqa: F401
                                  upload, upload_root)


def _variant(n: int) -> bytes:
    lines = list(SIMPLE)
    lines[2] = f"（2021）豫0802民初{100 + n}号"
    return docx_bytes(lines)


class _FullDisk(io.RawIOBase):
    """A file on a disk that fills up after the first megabyte-sized write."""

    def __init__(self):
        self.writes = 0

    def writable(self):
        return True

    def write(self, data):
        self.writes += 1
        raise OSError(errno.ENOSPC, "No space left on device")


def test_disk_full_rejects_only_that_file_of_the_batch(app, client, db, login, liaison, jiefang, monkeypatch):
    real_open = open
    calls = []

    def open_with_full_disk(path, mode="r", *args, **kwargs):
        if "w" in mode and "tmp" in str(path):
            calls.append(path)
            if len(calls) == 2:  # the second file of the batch meets a full disk
                return _FullDisk()
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(storage, "open", open_with_full_disk, raising=False)
    login(liaison)
    response = upload(client, jiefang, [("一.docx", _variant(1)), ("二.docx", _variant(2)), ("三.docx", _variant(3))])
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "二.docx" in page and storage.DISK_FULL in page
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Judgment.id))) == 2
    assert len(stored_files_on_disk(app)) == 2
    assert not any((upload_root(app) / "tmp").iterdir())


def test_a_reader_crash_rejects_only_that_file(app, client, db, login, liaison, jiefang, monkeypatch):
    real_parse = judgment_services.parse_docx

    def crash_on_second(path, **kwargs):
        result = real_parse(path, **kwargs)
        if "民初102号" in result.paragraphs[2]:
            raise ValueError("no tr above topmost tr in w:tbl")  # what python-docx raises on odd tables
        return result

    monkeypatch.setattr(judgment_services, "parse_docx", crash_on_second)
    login(liaison)
    response = upload(client, jiefang, [("一.docx", _variant(1)), ("二.docx", _variant(2)), ("三.docx", _variant(3))])
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "二.docx" in page and "文件结构异常" in page
    db.session.expire_all()
    numbers = set(db.session.scalars(select(Judgment.case_number)))
    assert numbers == {"（2021）豫0802民初101号", "（2021）豫0802民初103号"}
    assert len(stored_files_on_disk(app)) == 2


def test_disk_full_on_a_single_upload_is_a_clear_message(app, db, monkeypatch):
    monkeypatch.setattr(storage, "open", lambda *a, **k: _FullDisk(), raising=False)
    import pytest

    from reviewer.errors import DomainError
    with pytest.raises(DomainError, match="存储空间不足"):
        storage.receive(io.BytesIO(b"x" * 10), "a.docx", 100)
    assert not any((upload_root(app) / "tmp").iterdir())
