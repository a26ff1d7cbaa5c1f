"""Judgment intake helpers shared by test modules: a .docx from paragraphs, a plain judgment text, the
upload request, the upload store on disk, and the 解放区 court with its liaison (fixtures)."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document

from models import Role
from tests.factories import make_court, make_user


def docx_bytes(paragraphs: list[str]) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


SIMPLE = [
    "河南省焦作市解放区人民法院", "民事判决书", "（2021）豫0802民初100号",
    "原告：张三，男，汉族。", "被告：李四，男，汉族。",
    "原告张三与被告李四民间借贷纠纷一案，本院于2021年1月5日立案后，依法适用简易程序，公开开庭进行了审理。本案现已审理终结。",
    "本院认为，借贷关系合法有效。", "依照《中华人民共和国民法典》第六百七十五条之规定，判决如下：",
    "被告李四于本判决生效之日起十日内偿还原告张三借款10000元。", "案件受理费50元，由被告李四负担。",
    "审判员　王法官", "二〇二一年三月十五日", "书记员　赵六",
]


@pytest.fixture
def jiefang(db):
    return make_court("豫0802")


@pytest.fixture
def liaison(db, jiefang):
    user = make_user(roles=[Role.LIAISON], court=jiefang)
    db.session.commit()
    return user


def upload(client, court, files, month="2021-04", purpose="routine"):
    data = {"court_id": str(court.id), "month": month, "purpose": purpose,
            "files": [(io.BytesIO(content), name) for name, content in files]}
    return client.post("/judgments/upload", data=data, content_type="multipart/form-data")


def upload_root(app) -> Path:
    return Path(app.config["UPLOAD_ROOT"])


def stored_files_on_disk(app) -> list[Path]:
    root = upload_root(app)
    return [p for p in root.rglob("*") if p.is_file() and p.relative_to(root).parts[0] != "tmp"]
