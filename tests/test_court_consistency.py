"""Item 3 of issue #11: a judgment must belong to the court that submits it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from models import AuditLog, CourtLevel, Judgment, JudgmentStatus, Role
from reviewer.judgments.court_consistency import SubmittingCourt, court_mismatches
from reviewer.judgments.parser import parse_text
from reviewer.prechecks.engine import run_checks
from reviewer.extensions import db as _db
from tests.factories import make_court, make_user
from tests.judgment_helpers import SIMPLE, docx_bytes, upload

SHANYANG = SubmittingCourt("河南省焦作市山阳区人民法院", "豫0811", basic=True)
INTERMEDIATE = SubmittingCourt("河南省焦作市中级人民法院", "豫08", basic=False)


@pytest.mark.parametrize("court, title, code, type_code, problems", [
    (SHANYANG, "河南省焦作市山阳区人民法院", "豫0811", "民初", 0),
    (SHANYANG, "焦作市山阳区人民法院", "豫0811", "民初", 0),               # title without the province
    (SHANYANG, "河南省焦作市 山阳区人民法院", "豫0811", "民初", 0),
    (SHANYANG, "河南省焦作市解放区人民法院", "豫0811", "民初", 1),         # another court's title
    (SHANYANG, "河南省焦作市山阳区人民法院", "豫0802", "民初", 1),         # another court's code
    (SHANYANG, "河南省焦作市山阳区人民法院", "豫0811", "民终", 1),         # basic court, second instance
    (SHANYANG, "河南省焦作市解放区人民法院", "豫0802", "民终", 3),
    (SHANYANG, "河南省焦作市山阳区人民法院", "焦", "民一终", 1),           # old style: no code compared
    (INTERMEDIATE, "河南省焦作市中级人民法院", "豫08", "民终", 0),
    (SHANYANG, None, None, None, 0),
])
def test_court_mismatches(court, title, code, type_code, problems):
    assert len(court_mismatches(court, title, code, type_code)) == problems


def test_precheck_compares_the_case_number_with_the_submitting_court():
    parsed = parse_text("\n".join(SIMPLE))                       # 解放区, 豫0802
    codes = {"河南省焦作市解放区人民法院": "豫0802"}
    assert not [f for f in run_checks(parsed, codes) if f.code == "case_number.court_mismatch"]
    same = run_checks(parsed, codes, submitting=("河南省焦作市解放区人民法院", "豫0802"))
    assert not [f for f in same if f.code == "case_number.court_mismatch"]
    other = [f for f in run_checks(parsed, codes, submitting=("河南省焦作市山阳区人民法院", "豫0811"))
             if f.code == "case_number.court_mismatch"]
    assert len(other) == 1 and "报送法院河南省焦作市山阳区人民法院" in other[0].message


def court_and_liaison(code: str, **court_args):
    court = make_court(code, **court_args)
    liaison = make_user(roles=[Role.LIAISON], court=court)
    _db.session.commit()
    return court, liaison


def test_mismatch_is_shown_and_blocks_submission_until_a_reason_is_given(client, db, login):
    shanyang, shanyang_liaison = court_and_liaison("豫0811")
    login(shanyang_liaison)
    page = upload(client, shanyang, [("a.docx", docx_bytes(SIMPLE))]).get_data(as_text=True)  # a 解放区 judgment
    assert "与报送法院不一致" in page
    judgment = db.session.scalar(select(Judgment))
    detail = client.get(f"/judgments/{judgment.id}").get_data(as_text=True)
    assert "似乎不属于报送法院" in detail and "court_mismatch_reason" in detail
    assert "河南省焦作市解放区人民法院" in detail and "豫0802" in detail

    refused = client.post(f"/judgments/{judgment.id}/submit", data={"court_mismatch_reason": "  "},
                          follow_redirects=True).get_data(as_text=True)
    assert "请填写理由" in refused
    db.session.expire_all()
    assert db.session.get(Judgment, judgment.id).status == JudgmentStatus.DRAFT

    client.post(f"/judgments/{judgment.id}/submit", data={"court_mismatch_reason": "上级法院指定本院审理"})
    db.session.expire_all()
    judgment = db.session.get(Judgment, judgment.id)
    assert judgment.status == JudgmentStatus.SUBMITTED
    assert judgment.court_mismatch_reason == "上级法院指定本院审理"
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "judgment.submitted"))
    assert "上级法院指定本院审理" in str(entry.after) and "豫0802" in str(entry.after)

    admin = make_user(roles=[Role.ADMIN])
    db.session.commit()
    login(admin)
    assert "上级法院指定本院审理" in client.get(f"/judgments/{judgment.id}").get_data(as_text=True)


def test_matching_judgment_is_submitted_without_a_reason(client, db, login):
    jiefang, liaison = court_and_liaison("豫0802")
    login(liaison)
    upload(client, jiefang, [("a.docx", docx_bytes(SIMPLE))])
    judgment = db.session.scalar(select(Judgment))
    assert "似乎不属于报送法院" not in client.get(f"/judgments/{judgment.id}").get_data(as_text=True)
    client.post(f"/judgments/{judgment.id}/submit")
    db.session.expire_all()
    judgment = db.session.get(Judgment, judgment.id)
    assert judgment.status == JudgmentStatus.SUBMITTED and judgment.court_mismatch_reason is None


def test_basic_court_with_a_second_instance_number_is_flagged(client, db, login):
    jiefang, liaison = court_and_liaison("豫0802", level=CourtLevel.BASIC)
    login(liaison)
    lines = [line.replace("民初100号", "民终100号") for line in SIMPLE]
    upload(client, jiefang, [("a.docx", docx_bytes(lines))])
    judgment = db.session.scalar(select(Judgment))
    assert "基层法院不审理二审案件" in client.get(f"/judgments/{judgment.id}").get_data(as_text=True)


def test_duplicate_of_another_courts_upload_reveals_neither_number_nor_name(client, db, login):
    shanyang, shanyang_liaison = court_and_liaison("豫0811")
    jiefang, other = court_and_liaison("豫0802")
    content = docx_bytes(SIMPLE)
    login(other)
    upload(client, jiefang, [("a.docx", content)])
    login(shanyang_liaison)
    page = upload(client, shanyang, [("b.docx", content)]).get_data(as_text=True)
    assert "此前已上传" in page and "其他法院" in page
    assert "（2021）豫0802民初100号" not in page and jiefang.name not in page and jiefang.full_name not in page
    login(other)
    own = upload(client, jiefang, [("c.docx", content)]).get_data(as_text=True)
    assert "此前已上传（本院，案号 （2021）豫0802民初100号）" in own
