"""Every Word field case in ../shared/data/field/ gives the values its README and expected.json state."""
import json

import pytest

from reviewer.judgments.parser import parse_docx
from reviewer.prechecks.engine import run_checks
from reviewer.prechecks.findings import ERROR
from tests.conftest import SHARED

FIELD = SHARED / "data" / "field"
EXPECTED = json.loads((FIELD / "expected.json").read_text(encoding="utf-8"))["cases"]


def test_every_field_docx_has_expectations():
    files = {p.name for p in FIELD.glob("c*.docx")}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_field_case_values(name):
    expected = EXPECTED[name]
    parsed = parse_docx(FIELD / name)
    data = parsed.to_dict()
    for key in ("case_number", "court_name", "doc_type", "judgment_date", "presiding_judge", "clerk"):
        assert data[key] == expected[key], key
    findings = run_checks(parsed)
    if expected.get("no_error_findings"):
        assert [f for f in findings if f.severity == ERROR] == []
    if "ruling_starts" in expected:
        start, end = parsed.section_ranges["ruling"]
        ruling = parsed.paragraphs[start:end]
        assert [p[: len(s)] for p, s in zip(ruling, expected["ruling_starts"])] == expected["ruling_starts"]


def test_tracked_changes_read_as_accepted():
    parsed = parse_docx(FIELD / "c01_tracked_changes.docx")
    text = "\n".join(parsed.paragraphs)
    assert "周小梅" not in text and "三月四日" not in text


def test_text_box_signature_read_once():
    parsed = parse_docx(FIELD / "c06_textbox_signature.docx")
    assert sum("孙志刚" in p for p in parsed.paragraphs) == 1
    assert sum("周晓梅" in p for p in parsed.paragraphs) == 1


def test_ascii_zero_date_is_read_and_reported():
    parsed = parse_docx(FIELD / "c10_date_ascii_zero.docx")
    findings = [f for f in run_checks(parsed) if f.code == "signature.date_format"]
    assert len(findings) == 1
    assert "“0”应写作“〇”" in findings[0].message


def test_old_style_shanghai_number():
    parsed = parse_docx(FIELD / "c12_shanghai_old_case_number.docx")
    number = parsed.case_number
    assert number.old_style and number.year == 2013
    assert parsed.procedure == "一审"


def test_vertical_merge_in_first_row_is_read():
    parsed = parse_docx(FIELD / "table_vmerge_first_row.docx")
    assert parsed.case_number.normalized == "（2021）豫0802民初1234号"
    assert parsed.court_name == "河南省焦作市解放区人民法院"
    assert parsed.clerk == "赵某某"
    assert any("审判长 张三" in p for p in parsed.paragraphs)   # the odd table's text is kept


def test_malformed_table_file_in_a_batch_upload_is_received_and_others_reported(client, db, login):
    import io

    from sqlalchemy import select

    from models import Judgment, Role
    from tests.factories import make_court, make_user

    court = make_court("豫0802")
    liaison = make_user(roles=[Role.LIAISON], court=court)
    db.session.commit()
    login(liaison)
    files = [(io.BytesIO((FIELD / "table_vmerge_first_row.docx").read_bytes()), "合并单元格.docx"),
             (io.BytesIO(b"not a docx"), "坏文件.docx"),
             (io.BytesIO((FIELD / "c06_textbox_signature.docx").read_bytes()), "文本框落款.docx")]
    response = client.post("/judgments/upload", data={"court_id": str(court.id), "month": "2021-04",
                                                      "purpose": "routine", "files": files},
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "已接收（2）" in page and "未接收（1）" in page and "坏文件.docx" in page
    numbers = set(db.session.scalars(select(Judgment.case_number)))
    assert numbers == {"（2021）豫0802民初1234号", "（2021）豫0811民初1234号"}
