"""Judgment intake: upload by content, batch reports, correction, submission, permissions, download."""
from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import func, select

from models import AuditLog, Judgment, JudgmentStatus, Role, StoredFile
from tests.conftest import JUDGMENTS_DIR, count_queries
from tests.factories import make_court, make_judgment, make_user
from tests.judgment_helpers import SIMPLE, docx_bytes, jiefang, liaison, stored_files_on_disk, upload, upload_root  # noqa: F401

REAL = JUDGMENTS_DIR / "docx" / "crim1_daoqie_jiaozuo_shanyang.docx"


def test_liaison_uploads_real_judgment_and_sees_extracted_data(app, client, db, login, liaison, jiefang):
    login(liaison)
    response = upload(client, jiefang, [("山阳区 盗窃 判决书.docx", REAL.read_bytes())])
    assert response.status_code == 200
    judgment = db.session.scalar(select(Judgment))
    assert judgment.case_number == "（2018）豫0811刑初70号"
    assert judgment.case_court_code == "豫0811" and judgment.case_type_code == "刑初"
    assert judgment.case_year == 2018 and judgment.case_sequence == 70
    assert judgment.doc_type == "刑事判决书"
    assert judgment.status == JudgmentStatus.DRAFT
    assert judgment.file.original_name == "山阳区 盗窃 判决书.docx"
    assert len(judgment.file.sha256) == 64
    assert (upload_root(app) / judgment.file.storage_path).is_file()
    assert "（2018）豫0811刑初70号" in response.get_data(as_text=True)


def test_batch_keeps_good_files_and_reports_bad_ones_by_name(app, client, db, login, liaison, jiefang):
    login(liaison)
    pdf = b"%PDF-1.7\n" + b"x" * 500
    response = upload(client, jiefang, [
        ("好文书.docx", docx_bytes(SIMPLE)),
        ("伪装.docx", pdf),
        ("文本.docx", "这只是一段文字".encode() * 20),
    ])
    page = response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Judgment.id))) == 1
    assert "伪装.docx" in page and "文本.docx" in page
    assert "PDF" in page
    assert db.session.scalar(select(func.count(StoredFile.id))) == 1
    assert len(stored_files_on_disk(app)) == 1
    assert not any((upload_root(app) / "tmp").iterdir())
    assert stored_files_on_disk(app)[0].suffix == ".docx"


@pytest.mark.parametrize("content, message", [
    (b"MZ" + b"\0" * 200, "可执行"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "加密"),
])
def test_refused_files_leave_nothing_behind(app, client, db, login, liaison, jiefang, content, message):
    login(liaison)
    page = upload(client, jiefang, [("x.docx", content)]).get_data(as_text=True)
    assert message in page
    assert db.session.scalar(select(func.count(Judgment.id))) == 0
    assert stored_files_on_disk(app) == []


def test_truncated_docx_is_refused(app, client, db, login, liaison, jiefang):
    login(liaison)
    content = docx_bytes(SIMPLE)
    page = upload(client, jiefang, [("截断.docx", content[: len(content) // 2])]).get_data(as_text=True)
    assert "截断.docx" in page
    assert db.session.scalar(select(func.count(Judgment.id))) == 0


def test_macro_enabled_document_is_refused(app, client, db, login, liaison, jiefang):
    login(liaison)
    source = io.BytesIO(docx_bytes(SIMPLE))
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        zout.writestr("word/vbaProject.bin", b"\0" * 100)
    page = upload(client, jiefang, [("宏.docx", out.getvalue())]).get_data(as_text=True)
    assert "宏" in page
    assert db.session.scalar(select(func.count(Judgment.id))) == 0


def test_oversized_file_is_refused_while_streaming(app, client, db, login, liaison, jiefang):
    app.config["JUDGMENT_MAX_BYTES"] = 10_000
    try:
        login(liaison)
        page = upload(client, jiefang, [("大.docx", b"PK" + b"\0" * 20_000)]).get_data(as_text=True)
    finally:
        app.config["JUDGMENT_MAX_BYTES"] = 20 * 1024 * 1024
    assert "大小上限" in page
    assert stored_files_on_disk(app) == []


def test_second_upload_of_same_file_is_recognised(app, client, db, login, liaison, jiefang):
    login(liaison)
    content = docx_bytes(SIMPLE)
    upload(client, jiefang, [("a.docx", content)])
    page = upload(client, jiefang, [("a-副本.docx", content)]).get_data(as_text=True)
    assert "此前已上传" in page
    assert db.session.scalar(select(func.count(Judgment.id))) == 1


@pytest.mark.parametrize("name", [
    "../../etc/passwd.docx", "判 决 书 (1).docx", "a\x00b\x07c.docx", "长" * 80 + ".docx",
])
def test_any_file_name_is_stored_under_a_generated_name(app, client, db, login, liaison, jiefang, name):
    login(liaison)
    upload(client, jiefang, [(name, docx_bytes(SIMPLE))])
    stored = db.session.scalar(select(StoredFile))
    assert stored is not None
    assert ".." not in stored.storage_path and "判" not in stored.storage_path
    assert stored.storage_path.startswith("judgments/")
    assert "\x00" not in stored.original_name and "/" not in stored.original_name
    assert (upload_root(app) / stored.storage_path).resolve().is_relative_to(upload_root(app).resolve())


def test_judge_in_charge_is_linked_by_name(app, client, db, login, liaison, jiefang):
    judge = make_user(roles=[Role.JUDGE], court=jiefang, display_name="王法官")
    db.session.commit()
    login(liaison)
    upload(client, jiefang, [("a.docx", docx_bytes(SIMPLE))])
    judgment = db.session.scalar(select(Judgment))
    assert judgment.judge_id == judge.id
    assert judgment.presiding_judge_name == "王法官"


def test_liaison_corrects_metadata_and_it_is_audited(app, client, db, login, liaison, jiefang):
    login(liaison)
    upload(client, jiefang, [("a.docx", docx_bytes(SIMPLE))])
    judgment = db.session.scalar(select(Judgment))
    response = client.post(f"/judgments/{judgment.id}/edit", data={
        "case_number": "(2021)豫0802民初101号", "doc_type": "民事判决书", "cause": "借款合同纠纷",
        "month": "2021-05", "purpose": "excellent", "judge_id": ""})
    assert response.status_code == 302
    db.session.refresh(judgment)
    assert judgment.case_number == "（2021）豫0802民初101号" and judgment.case_sequence == 101
    assert judgment.cause == "借款合同纠纷" and judgment.month == "2021-05"
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "judgment.metadata_edited"))
    assert entry.before["cause"] == "民间借贷纠纷" and entry.after["cause"] == "借款合同纠纷"


def test_invalid_case_number_is_refused_and_input_kept(app, client, db, login, liaison, jiefang):
    login(liaison)
    upload(client, jiefang, [("a.docx", docx_bytes(SIMPLE))])
    judgment = db.session.scalar(select(Judgment))
    page = client.post(f"/judgments/{judgment.id}/edit", data={
        "case_number": "乱写的", "cause": "我填的案由", "month": "2021-04", "purpose": "routine"}).get_data(as_text=True)
    assert "案号格式不正确" in page and "我填的案由" in page


def test_submit_locks_metadata_for_liaison(app, client, db, login, liaison, jiefang):
    login(liaison)
    upload(client, jiefang, [("a.docx", docx_bytes(SIMPLE))])
    judgment = db.session.scalar(select(Judgment))
    assert client.post(f"/judgments/{judgment.id}/submit").status_code == 302
    db.session.refresh(judgment)
    assert judgment.status == JudgmentStatus.SUBMITTED
    assert client.get(f"/judgments/{judgment.id}/edit").status_code == 403
    assert client.post(f"/judgments/{judgment.id}/delete").status_code == 403


def test_deleting_a_draft_removes_row_and_file(app, client, db, login, liaison, jiefang):
    login(liaison)
    upload(client, jiefang, [("a.docx", docx_bytes(SIMPLE))])
    judgment = db.session.scalar(select(Judgment))
    path = upload_root(app) / judgment.file.storage_path
    assert client.post(f"/judgments/{judgment.id}/delete").status_code == 302
    assert db.session.scalar(select(func.count(Judgment.id))) == 0
    assert not path.exists()


def test_liaison_of_another_court_cannot_see_or_download_by_guessing_id(app, client, db, login, liaison):
    mengzhou = make_court("豫0883")
    other = make_judgment(court=mengzhou, status=JudgmentStatus.SUBMITTED)
    db.session.commit()
    login(liaison)
    assert client.get(f"/judgments/{other.id}").status_code == 403
    assert client.get(f"/judgments/{other.id}/download").status_code == 403
    assert client.get(f"/judgments/{other.id}/edit").status_code == 403
    assert client.post(f"/judgments/{other.id}/submit").status_code == 403
    assert other.case_number not in client.get("/judgments/").get_data(as_text=True)


def test_liaison_cannot_upload_for_another_court(app, client, db, login, liaison):
    mengzhou = make_court("豫0883")
    db.session.commit()
    login(liaison)
    response = upload(client, mengzhou, [("a.docx", docx_bytes(SIMPLE))])
    assert response.status_code in (200, 403)
    assert db.session.scalar(select(func.count(Judgment.id))) == 0


@pytest.mark.parametrize("role", [Role.JUDGE, Role.REVIEWER])
def test_judges_and_reviewers_cannot_list_or_upload(app, client, db, login, jiefang, role):
    user = make_user(roles=[role], court=jiefang)
    db.session.commit()
    login(user)
    assert client.get("/judgments/").status_code == 403
    assert client.get("/judgments/upload").status_code == 403


def test_unassigned_reviewer_cannot_open_an_unpublished_judgment(app, client, db, login, jiefang):
    reviewer = make_user(roles=[Role.REVIEWER], court=make_court("豫0883"))
    judgment = make_judgment(court=jiefang)
    db.session.commit()
    login(reviewer)
    assert client.get(f"/judgments/{judgment.id}").status_code == 403


def test_judge_in_charge_sees_own_judgment(app, client, db, login, jiefang):
    judge = make_user(roles=[Role.JUDGE], court=jiefang)
    judgment = make_judgment(court=jiefang, judge=judge)
    db.session.commit()
    login(judge)
    assert client.get(f"/judgments/{judgment.id}").status_code == 200


def test_admin_sees_all_courts_and_filters(app, client, db, login, jiefang):
    admin = make_user(roles=[Role.ADMIN])
    mengzhou = make_court("豫0883")
    a = make_judgment(court=jiefang, month="2021-04")
    b = make_judgment(court=mengzhou, month="2021-05")
    db.session.commit()
    login(admin)
    page = client.get("/judgments/").get_data(as_text=True)
    assert a.case_number in page and b.case_number in page
    page = client.get(f"/judgments/?court={mengzhou.id}&month=2021-05").get_data(as_text=True)
    assert a.case_number not in page and b.case_number in page


def test_download_keeps_original_chinese_name(app, client, db, login, liaison, jiefang):
    login(liaison)
    content = docx_bytes(SIMPLE)
    upload(client, jiefang, [("解放区 判决书.docx", content)])
    judgment = db.session.scalar(select(Judgment))
    response = client.get(f"/judgments/{judgment.id}/download")
    assert response.status_code == 200
    assert response.data == content
    assert "filename*=UTF-8''%E8%A7%A3" in response.headers["Content-Disposition"]


def test_document_text_is_escaped_and_paragraphs_addressable(app, client, db, login, liaison, jiefang):
    login(liaison)
    upload(client, jiefang, [("a.docx", docx_bytes(SIMPLE + ["<script>alert(1)</script>"]))])
    judgment = db.session.scalar(select(Judgment))
    page = client.get(f"/judgments/{judgment.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert 'id="p-0"' in page and 'id="p-5"' in page


def test_list_query_count_does_not_grow_with_rows(app, client, db, login, jiefang):
    admin = make_user(roles=[Role.ADMIN])
    make_judgment(court=jiefang, judge=make_user(court=jiefang))
    db.session.commit()
    login(admin)
    with count_queries() as few:
        client.get("/judgments/")
    for _ in range(15):
        make_judgment(court=jiefang, judge=make_user(court=jiefang))
    db.session.commit()
    with count_queries() as many:
        client.get("/judgments/")
    assert many[0] == few[0]


def test_list_paginates(app, client, db, login, jiefang):
    admin = make_user(roles=[Role.ADMIN])
    for _ in range(25):
        make_judgment(court=jiefang)
    db.session.commit()
    login(admin)
    page = client.get("/judgments/").get_data(as_text=True)
    assert "共 25 条" in page and "下一页" in page


def test_state_changes_are_post_only(app, client, db, login, liaison, jiefang):
    judgment = make_judgment(court=jiefang, status=JudgmentStatus.DRAFT)
    db.session.commit()
    login(liaison)
    assert client.get(f"/judgments/{judgment.id}/submit").status_code == 405
    assert client.get(f"/judgments/{judgment.id}/delete").status_code == 405


def test_liaison_corrects_parties_and_signatories(app, client, db, login, liaison, jiefang):
    login(liaison)
    upload(client, jiefang, [("a.docx", docx_bytes(SIMPLE))])
    judgment = db.session.scalar(select(Judgment))
    response = client.post(f"/judgments/{judgment.id}/edit", data={
        "case_number": judgment.case_number, "month": "2021-04", "purpose": "routine",
        "parties_text": "原告：张三\n被告：李四\n第三人：王五", "signatories_text": "审判员：王法官\n书记员：赵六"})
    assert response.status_code == 302
    db.session.refresh(judgment)
    assert [p["name"] for p in judgment.parties] == ["张三", "李四", "王五"]
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "judgment.metadata_edited"))
    assert "第三人：王五" in entry.after["parties"]


def test_unreadable_party_line_is_refused(app, client, db, login, liaison, jiefang):
    login(liaison)
    upload(client, jiefang, [("a.docx", docx_bytes(SIMPLE))])
    judgment = db.session.scalar(select(Judgment))
    page = client.post(f"/judgments/{judgment.id}/edit", data={
        "case_number": judgment.case_number, "month": "2021-04", "purpose": "routine",
        "parties_text": "张三"}).get_data(as_text=True)
    assert "无法识别" in page


def test_other_courts_read_a_published_judgment_only_anonymised(app, client, db, login, liaison):
    mengzhou = make_court("豫0883")
    published = make_judgment(court=mengzhou, status=JudgmentStatus.PUBLISHED)
    db.session.commit()
    login(liaison)
    response = client.get(f"/judgments/{published.id}")
    assert response.status_code == 302
    assert f"/exemplars/{published.id}" in response.headers["Location"]
    assert client.get(f"/judgments/{published.id}/download").status_code == 403
