"""Format-check findings in the site: stored at intake, shown, dismissed, turned into deductions."""
import io

import pytest
from sqlalchemy import func, select

from models import (AuditLog, JudgmentStatus, PrecheckDismissal, PrecheckFinding, PrecheckMapping,
                    Purpose, ReviewItemScore, Role)
from reviewer.extensions import db
from reviewer import signals
from reviewer.prechecks import services
from reviewer.reviews import assigning
from tests.docx_builders import docx_bytes
from tests.factories import make_user
from tests.precheck_samples import flawed_lines
from tests.precheck_helpers import city, finding  # noqa: F401


def assign(city, reviewer):
    assignment = assigning.assign("judgment", city.judgment.id, reviewer, city.admin)
    db.session.commit()
    return assignment


def test_prechecks_run_at_intake(app):
    from reviewer.judgments.services import ingest
    from tests.factories import make_court

    assert services.precheck_after_intake in signals.judgment_ingested.receivers.values()  # wired
    court = make_court("豫0802")
    liaison = make_user(roles=(Role.LIAISON,), court=court)
    judgment = ingest(liaison, court, "2021-04", Purpose.ROUTINE, io.BytesIO(docx_bytes(flawed_lines())),
                      "判决书.docx")
    codes = {f.code for f in services.findings_for(judgment.id)}
    assert codes == {"text.repeated_char", "text.halfwidth_punctuation"}


def test_a_failing_check_never_blocks_an_upload(app, monkeypatch, caplog):
    from reviewer.judgments.services import ingest
    from tests.factories import make_court

    def broken(*_args, **_kwargs):
        raise RuntimeError("rule bug")

    monkeypatch.setattr(services, "run_checks", broken)
    court = make_court("豫0802")
    liaison = make_user(roles=(Role.LIAISON,), court=court)
    judgment = ingest(liaison, court, "2021-04", Purpose.ROUTINE, io.BytesIO(docx_bytes(flawed_lines())),
                      "判决书.docx")
    db.session.commit()
    assert judgment.id is not None and services.findings_for(judgment.id) == []
    assert "format checks failed" in caplog.text


def test_court_code_mismatch_uses_reference_courts(city):
    city.judgment.paragraphs = [line.replace("豫0802", "豫0883") for line in flawed_lines()]
    services.run_prechecks(city.judgment)
    mismatch = finding(city, "case_number.court_mismatch")
    assert mismatch is not None and "豫0802" in mismatch.message


def test_rerun_replaces_findings_and_keeps_dismissals(city):
    repeated = finding(city, "text.repeated_char")
    services.dismiss(repeated, city.admin, "人名")
    services.run_prechecks(city.judgment)
    db.session.commit()
    again = finding(city, "text.repeated_char")
    assert db.session.scalar(select(PrecheckDismissal)).finding_id == again.id
    assert services.dismissed_ids(city.admin, [again.id]) == {again.id}
    assert db.session.scalar(select(func.count()).select_from(PrecheckFinding)) == 2


def test_judgment_page_lists_findings_beside_paragraphs(city, login):
    client = login(city.admin)
    html = client.get(f"/judgments/{city.judgment.id}").get_data(as_text=True)
    assert "文书预检" in html
    assert 'href="#p-10"' in html and 'id="p-10"' in html
    assert "“院院”疑似多打了一个“院”" in html
    assert 'data-precheck-paragraph="7"' in html


def test_liaison_of_the_court_sees_findings_but_cannot_dismiss(city, login):
    client = login(city.liaison)
    html = client.get(f"/judgments/{city.judgment.id}").get_data(as_text=True)
    assert "疑似多打" in html
    assert "/dismiss" not in html
    response = client.post(f"/prechecks/findings/{finding(city, 'text.repeated_char').id}/dismiss")
    assert response.status_code == 403


def test_assigned_reviewer_dismisses_a_finding(city, login):
    assign(city, city.r1)
    target = finding(city, "text.repeated_char")
    client = login(city.r1)
    response = client.post(f"/prechecks/findings/{target.id}/dismiss",
                           data={"precheck-reason": "原文如此", "next": "/evil"})
    assert response.status_code == 302
    row = db.session.scalar(select(PrecheckDismissal))
    assert (row.user_id, row.code, row.reason) == (city.r1.id, "text.repeated_char", "原文如此")
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "precheck.dismiss")) is not None
    html = client.get(f"/reviews/judgment/{city.judgment.id}/review").get_data(as_text=True)
    assert "已驳回 1 条" in html


def test_dismiss_redirect_never_leaves_the_site(city, login):
    assign(city, city.r1)
    client = login(city.r1)
    target = finding(city, "text.repeated_char")
    response = client.post(f"/prechecks/findings/{target.id}/dismiss?next=//evil.example/x")
    assert response.headers["Location"].endswith(f"/judgments/{city.judgment.id}")


@pytest.mark.parametrize("who", ["r2", "liaison", "judge"])
def test_unassigned_users_cannot_dismiss(city, login, who):
    client = login(getattr(city, who))
    response = client.post(f"/prechecks/findings/{finding(city, 'text.repeated_char').id}/dismiss")
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(PrecheckDismissal)) == 0


def test_dismiss_needs_post(city, login):
    client = login(city.admin)
    assert client.get(f"/prechecks/findings/{finding(city, 'text.repeated_char').id}/dismiss").status_code == 405


def test_review_screen_offers_one_click_deduction(city, login):
    assign(city, city.r1)
    client = login(city.r1)
    html = client.get(f"/reviews/judgment/{city.judgment.id}/review").get_data(as_text=True)
    target = finding(city, "text.repeated_char")
    assert f'formaction="/prechecks/findings/{target.id}/deduct"' in html
    assert "扣分：错别字、多字漏字" in html


def test_reviewer_turns_finding_into_deduction(city, login):
    assign(city, city.r1)
    client = login(city.r1)
    target = finding(city, "text.repeated_char")
    response = client.post(f"/prechecks/findings/{target.id}/deduct")
    assert response.status_code == 302
    score = db.session.scalar(select(ReviewItemScore))
    assert score.item.key == "language.typos"
    assert (score.deduction, score.occurrences, score.source) == (1, 1, "precheck")
    assert "【预检】" in score.reason and "第11段" in score.reason
    client.post(f"/prechecks/findings/{finding(city, 'text.halfwidth_punctuation').id}/deduct")
    page = client.post(f"/prechecks/findings/{target.id}/deduct", follow_redirects=True).get_data(as_text=True)
    assert "该预检问题已扣分" in page  # once per finding: a second click does not deduct again
    db.session.expire_all()
    typos = next(s for s in db.session.scalars(select(ReviewItemScore)) if s.item.key == "language.typos")
    assert typos.occurrences == 1


def test_deduction_follows_the_configured_mapping(city, login):
    db.session.add(PrecheckMapping(code="text.repeated_char", item_key="language.numbers_dates"))
    db.session.commit()
    assign(city, city.r1)
    login(city.r1).post(f"/prechecks/findings/{finding(city, 'text.repeated_char').id}/deduct")
    assert db.session.scalar(select(ReviewItemScore)).item.key == "language.numbers_dates"


def test_unmapped_code_cannot_be_deducted(city, login):
    db.session.add(PrecheckMapping(code="text.repeated_char", item_key=None))
    db.session.commit()
    assign(city, city.r1)
    response = login(city.r1).post(f"/prechecks/findings/{finding(city, 'text.repeated_char').id}/deduct",
                                   follow_redirects=True)
    assert "尚未对应评查项" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ReviewItemScore)) == 0


@pytest.mark.parametrize("who", ["r2", "admin", "liaison", "r_home"])
def test_only_the_assigned_reviewer_deducts(city, login, who):
    response = login(getattr(city, who)).post(
        f"/prechecks/findings/{finding(city, 'text.repeated_char').id}/deduct")
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(ReviewItemScore)) == 0


def test_submitted_review_refuses_deduction(city, login):
    from tests.review_helpers import submit_review

    assign(city, city.r1)
    submit_review(city, city.r1, {})
    db.session.commit()
    client = login(city.r1)
    response = client.post(f"/prechecks/findings/{finding(city, 'text.repeated_char').id}/deduct",
                           follow_redirects=True)
    assert response.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(ReviewItemScore)) == 0


def test_admin_page_counts_dismissals_per_code(city, login):
    services.dismiss(finding(city, "text.repeated_char"), city.admin)
    db.session.commit()
    counts = {row["code"]: row for row in services.dismissal_counts()}
    assert counts["text.repeated_char"]["dismissals"] == 1
    assert counts["text.repeated_char"]["rate"] == 1.0
    assert counts["date.order"]["findings"] == 0
    html = login(city.admin).get("/prechecks/admin").get_data(as_text=True)
    assert "疑似重复字" in html and "100%" in html


def test_admin_edits_the_code_to_item_mapping(city, login):
    client = login(city.admin)
    data = {f"map_{code.replace('.', '__')}": key for code, key in services.DEFAULT_ITEM_MAPPING.items()}
    data["map_text__repeated_char"] = "language.punctuation"
    data["map_date__order"] = ""
    assert client.post("/prechecks/admin", data=data).status_code == 302
    mapping = services.item_mapping()
    assert mapping["text.repeated_char"] == "language.punctuation"
    assert mapping["date.order"] is None
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "precheck.mapping")) is not None


def test_mapping_rejects_unknown_item_keys(city, login):
    client = login(city.admin)
    response = client.post("/prechecks/admin", data={"map_text__repeated_char": "no.such.item"})
    assert response.status_code == 200
    assert services.item_mapping()["text.repeated_char"] == "language.typos"


@pytest.mark.parametrize("who", ["r1", "liaison", "judge"])
def test_admin_page_is_for_the_office_only(city, login, who):
    assert login(getattr(city, who)).get("/prechecks/admin").status_code == 403


def test_published_library_readers_do_not_see_findings(city, login):
    city.judgment.status = JudgmentStatus.PUBLISHED
    db.session.commit()
    outsider = make_user(roles=(Role.JUDGE,), court=city.other)
    db.session.commit()
    response = login(outsider).get(f"/judgments/{city.judgment.id}")
    assert "疑似多打" not in response.get_data(as_text=True)


def test_recheck_command_refreshes_stored_findings(city, app):
    db.session.execute(PrecheckFinding.__table__.delete())
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["recheck-judgments", "--month", "2021-04"])
    assert result.exit_code == 0, result.output
    assert "已重新检查 1 篇文书，共 2 条提示" in result.output
    assert {f.code for f in services.findings_for(city.judgment.id)} == {
        "text.repeated_char", "text.halfwidth_punctuation"}


def test_a_deducted_finding_shows_deducted_and_can_be_undone(city, login):
    assign(city, city.r1)
    client = login(city.r1)
    target = finding(city, "text.repeated_char")
    client.post(f"/prechecks/findings/{target.id}/deduct")
    html = client.get(f"/reviews/judgment/{city.judgment.id}/review").get_data(as_text=True)
    assert "已扣分：错别字、多字漏字" in html
    assert f'formaction="/prechecks/findings/{target.id}/undo-deduct"' in html
    assert f'formaction="/prechecks/findings/{target.id}/deduct"' not in html
    client.post(f"/prechecks/findings/{target.id}/undo-deduct")
    db.session.expire_all()
    score = db.session.scalar(select(ReviewItemScore))
    assert (score.deduction, score.occurrences) == (0, 0) and "【预检】" not in (score.reason or "")
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "precheck.undo_deduct")) is not None
    html = client.get(f"/reviews/judgment/{city.judgment.id}/review").get_data(as_text=True)
    assert f'formaction="/prechecks/findings/{target.id}/deduct"' in html  # it can be deducted again


def test_undo_keeps_what_the_reviewer_deducted_by_hand(city, login):
    assign(city, city.r1)
    client = login(city.r1)
    client.post(f"/prechecks/findings/{finding(city, 'text.halfwidth_punctuation').id}/deduct")
    target = finding(city, "text.repeated_char")
    client.post(f"/prechecks/findings/{target.id}/deduct")
    client.post(f"/prechecks/findings/{target.id}/undo-deduct")
    db.session.expire_all()
    kept = [s for s in db.session.scalars(select(ReviewItemScore)) if s.deduction > 0]
    assert len(kept) == 1 and "【预检】" in kept[0].reason


@pytest.mark.parametrize("who", ["r2", "admin", "liaison"])
def test_only_the_assigned_reviewer_undoes(city, login, who):
    assign(city, city.r1)
    login(city.r1).post(f"/prechecks/findings/{finding(city, 'text.repeated_char').id}/deduct")
    response = login(getattr(city, who)).post(
        f"/prechecks/findings/{finding(city, 'text.repeated_char').id}/undo-deduct")
    assert response.status_code == 403


def test_undo_without_a_deduction_is_refused(city, login):
    assign(city, city.r1)
    page = login(city.r1).post(f"/prechecks/findings/{finding(city, 'text.repeated_char').id}/undo-deduct",
                               follow_redirects=True).get_data(as_text=True)
    assert "没有扣分" in page
