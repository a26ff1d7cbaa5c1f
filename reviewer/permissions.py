"""Every permission rule of the site, as predicates `can_<verb>(user, thing)`.

Views call `require(can_x(current_user, obj))`; templates call the same predicates (they are
template globals as `perm`), so a button shows exactly when the action is allowed.
"""
from __future__ import annotations

from sqlalchemy import false, select

from models import (Assignment, CourtLevel, Hearing, HearingStatus, JudgmentStatus, Review, ReviewStatus, Role,
                    TopTenStatus)
from reviewer.extensions import db


def _active(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.active)


def is_admin(user) -> bool:
    return _active(user) and user.has_role(Role.ADMIN)


def is_reviewer(user) -> bool:
    return _active(user) and user.has_role(Role.REVIEWER)


def is_liaison(user) -> bool:
    return _active(user) and user.has_role(Role.LIAISON)


def is_judge(user) -> bool:
    return _active(user) and user.has_role(Role.JUDGE)


def same_court(user, court_id) -> bool:
    return user.court_id is not None and user.court_id == court_id


# --- judgments ---------------------------------------------------------------------------------

def can_list_judgments(user) -> bool:
    return is_admin(user) or is_liaison(user)


def can_upload_judgments(user) -> bool:
    return is_admin(user) or (is_liaison(user) and user.court_id is not None)


def can_upload_for_court(user, court_id) -> bool:
    return is_admin(user) or (is_liaison(user) and same_court(user, court_id))


def can_view_judgment(user, judgment) -> bool:
    """Admin; the court's own liaison; the judge in charge; reviewers assigned to it; anyone
    logged in once it is published (the exemplar library decides how it is shown)."""
    return can_view_judgment_original(user, judgment) or (
        _active(user) and judgment.status == JudgmentStatus.PUBLISHED)


def can_view_judgment_original(user, judgment) -> bool:
    """The unanonymised document: the admin, the court's liaison, the judge in charge and the
    reviewers assigned to it. Everyone else reads a published judgment in the exemplar library,
    anonymised."""
    if not _active(user):
        return False
    if is_admin(user) or (is_liaison(user) and same_court(user, judgment.court_id)):
        return True
    if judgment.judge_id is not None and judgment.judge_id == user.id:
        return True
    return _reviewer_assigned(user, "judgment", judgment.id)


def can_download_judgment(user, judgment) -> bool:
    """The original file: only those who may see the unanonymised document (not the library)."""
    return can_view_judgment_original(user, judgment)


def can_edit_judgment(user, judgment) -> bool:
    """Metadata can be corrected by the court's liaison until submission; by the admin always."""
    if is_admin(user):
        return True
    return (is_liaison(user) and same_court(user, judgment.court_id)
            and judgment.status == JudgmentStatus.DRAFT)


def can_submit_judgment(user, judgment) -> bool:
    return judgment.status == JudgmentStatus.DRAFT and can_upload_for_court(user, judgment.court_id)


def can_delete_judgment(user, judgment) -> bool:
    return can_submit_judgment(user, judgment)


def _reviewer_assigned(user, subject_kind: str, subject_id: int) -> bool:
    """True when the user holds an assignment for the subject (reviews feature)."""
    return is_reviewer(user) and db.session.scalar(select(Assignment.id).where(
        Assignment.reviewer_id == user.id, Assignment.subject_kind == subject_kind,
        Assignment.subject_id == subject_id).limit(1)) is not None


# --- administration ----------------------------------------------------------------------------

def can_manage_users(user) -> bool:
    return is_admin(user)


def can_manage_courts(user) -> bool:
    return is_admin(user)


def can_view_audit(user) -> bool:
    return is_admin(user)


# --- case lists, draws, filings, bulletins, exports (issue 6) ---------------------------------

def can_list_caselists(user) -> bool:
    return is_admin(user) or (is_liaison(user) and user.court_id is not None)


def can_import_caselist(user, court_id) -> bool:
    """The admin for any court; a liaison for their own court."""
    return is_admin(user) or (is_liaison(user) and same_court(user, court_id))


def can_view_draws(user) -> bool:
    """Draws are public within the site (公示): every active user sees the records."""
    return _active(user)


def can_manage_draws(user) -> bool:
    return is_admin(user)


def can_view_drawn_judgment_text(user, judgment) -> bool:
    """The 公示 page shows the drawn judgment's text to those who may see it, anonymised to others."""
    return can_view_judgment(user, judgment)


def can_file_month(user, court) -> bool:
    """Only the basic court's own liaison files its monthly report."""
    return (is_liaison(user) and same_court(user, court.id)
            and court.level == CourtLevel.BASIC)


def can_view_filing(user, court_id) -> bool:
    return is_admin(user) or (is_liaison(user) and same_court(user, court_id))


def can_view_filing_board(user) -> bool:
    return is_admin(user)


def can_generate_city_bulletins(user) -> bool:
    """张榜、公示、十大庭审 bulletins are issued by the 审管办."""
    return is_admin(user)


def can_export_reviews(user) -> bool:
    return is_admin(user)


# --- hearings (issue 4) ------------------------------------------------------------------------

def can_list_hearings(user) -> bool:
    return _active(user)


def can_upload_hearings(user) -> bool:
    return is_admin(user) or (is_liaison(user) and user.court_id is not None)


def can_upload_hearing_for_court(user, court_id) -> bool:
    return is_admin(user) or (is_liaison(user) and same_court(user, court_id))


def can_view_hearing(user, hearing) -> bool:
    """Admin; the court's own liaison; the judge in charge; reviewers assigned to it; every
    logged-in user once it is published in the exemplar library."""
    if not _active(user):
        return False
    if is_admin(user) or (is_liaison(user) and same_court(user, hearing.court_id)):
        return True
    if hearing.judge_id is not None and hearing.judge_id == user.id:
        return True
    return hearing.published_at is not None or _reviewer_assigned(user, "hearing", hearing.id)


def visible_hearings_clause(user):
    """`can_view_hearing` as a SQL condition on `Hearing`, for lists (None: no restriction).

    The same rule, row by row: admin sees all; otherwise published, own judgments as judge in
    charge, the own court's as liaison, assigned ones as reviewer. Tests check that the two agree
    for every role.
    """

    if not _active(user):
        return false()
    if is_admin(user):
        return None
    visible = Hearing.published_at.is_not(None) | (Hearing.judge_id == user.id)
    if is_liaison(user) and user.court_id is not None:
        visible |= Hearing.court_id == user.court_id
    if is_reviewer(user):
        visible |= Hearing.id.in_(select(Assignment.subject_id).where(
            Assignment.subject_kind == "hearing", Assignment.reviewer_id == user.id))
    return visible


def can_write_hearing_upload(user, upload) -> bool:
    """Only the person who started an upload sends its bytes (and the admin)."""
    return _active(user) and (upload.created_by_id == user.id or is_admin(user))


def can_delete_hearing(user, hearing) -> bool:
    """Unfinished or failed recordings may be withdrawn by their court's liaison or the admin."""
    return (hearing.status in (HearingStatus.UPLOADING, HearingStatus.FAILED)
            and can_upload_hearing_for_court(user, hearing.court_id))


def can_reprocess_hearing(user, hearing) -> bool:
    return is_admin(user) and hearing.file_id is not None and hearing.status in (
        HearingStatus.FAILED, HearingStatus.READY, HearingStatus.QUEUED)


# --- rankings, exemplars, objections, statistics, notifications (issue 3, items 5–8) -----------

def can_view_rankings(user) -> bool:
    """Published boards are for everyone logged in; drafts only for the office (checked in views)."""
    return _active(user)


def can_manage_rankings(user) -> bool:
    return is_admin(user)


def can_view_exemplars(user) -> bool:
    """Every judge — and everyone else logged in — reads the published exemplars."""
    return _active(user)


def can_see_original_text(user, judgment) -> bool:
    """The non-anonymised document: the office and the judgment's own court; other courts see
    the anonymised rendering only (DOMAIN.md §6)."""
    return is_admin(user) or (_active(user) and same_court(user, judgment.court_id))


def can_view_own_evaluations(user) -> bool:
    return is_judge(user)


def can_object(user, judgment, evaluation) -> bool:
    """The judge in charge of the judgment, once the office has confirmed its grade."""
    return (is_judge(user) and judgment.judge_id == user.id
            and evaluation is not None and evaluation.final_grade is not None)


def can_view_objection(user, objection) -> bool:
    return is_admin(user) or (_active(user) and objection.raised_by_id == user.id)


def can_answer_objections(user) -> bool:
    return is_admin(user)


def can_view_stats(user) -> bool:
    """Court and reviewer statistics compare people; they are for the office."""
    return is_admin(user)


def can_view_notifications(user) -> bool:
    return _active(user)


# --- reviews and score sheets (issue 3, items 1–4) ---------------------------------------------

def can_manage_score_sheets(user) -> bool:
    return is_admin(user)


def can_manage_assignments(user) -> bool:
    return is_admin(user)


def can_view_review_queue(user) -> bool:
    return is_reviewer(user)


def can_score(user, assignment) -> bool:
    """Only the assigned reviewer scores, and only while recusal still holds (court/judge)."""
    if not is_reviewer(user) or assignment is None or assignment.reviewer_id != user.id:
        return False
    return _recusal_holds(user, assignment.subject_kind, assignment.subject_id)


def _recusal_holds(user, subject_kind: str, subject_id: int) -> bool:
    """The subject exists and the user may still review it (not their court, not their judgment)."""
    from reviewer.reviews.assigning import recusal_problem  # the reviews feature's own rule
    from reviewer.reviews.subjects import load

    subject = load(subject_kind, subject_id)
    return subject is not None and recusal_problem(user, subject_kind, subject) is None


def can_view_review(user, review) -> bool:
    """The admin sees every sheet; a reviewer their own; the panel leader the other submitted
    sheets of the subject they lead (never others' drafts)."""
    if is_admin(user) or (is_reviewer(user) and review.reviewer_id == user.id):
        return True
    return (is_reviewer(user) and review.status == ReviewStatus.SUBMITTED
            and leads_panel(user, review.subject_kind, review.subject_id))


def leads_panel(user, subject_kind: str, subject_id: int) -> bool:
    """The user is the panel leader (组长) of the subject, has submitted their own sheet (they
    form their own view before seeing the others'), and recusal still holds for them."""
    leading = db.session.scalar(
        select(Assignment.id).join(Review, Review.assignment_id == Assignment.id).where(
            Assignment.subject_kind == subject_kind, Assignment.subject_id == subject_id,
            Assignment.reviewer_id == user.id, Assignment.is_leader.is_(True),
            Review.status == ReviewStatus.SUBMITTED).limit(1))
    return leading is not None and _recusal_holds(user, subject_kind, subject_id)


def can_reopen_review(user, review) -> bool:
    return is_admin(user) and review.status == ReviewStatus.SUBMITTED


def can_compare_reviews(user, subject_kind: str | None = None, subject_id: int | None = None) -> bool:
    """All sheets of a subject side by side: the office (admin) for every subject; the panel
    leader for the subject they lead (`leads_panel`). DOMAIN: "the panel leader or office sees all
    sheets side by side and confirms the grade"."""
    if is_admin(user):
        return True
    return subject_kind is not None and is_reviewer(user) and leads_panel(user, subject_kind, subject_id)


def can_confirm_grade(user, evaluation) -> bool:
    return (evaluation is not None and not evaluation.locked and evaluation.computed_grade is not None
            and can_compare_reviews(user, evaluation.subject_kind, evaluation.subject_id))


def can_generate_filing_bulletin(user, court_id) -> bool:
    """A filed month's Word document: the 审管办 and the court's own liaison."""
    return can_view_filing(user, court_id)


# --- prechecks: automatic format checks (issue 5) ----------------------------------------------

def can_view_findings(user, judgment) -> bool:
    """Format-check findings: the admin, the court's liaison, the judge in charge and assigned
    reviewers — not readers of the published library."""
    if not _active(user):
        return False
    if is_admin(user) or (is_liaison(user) and same_court(user, judgment.court_id)):
        return True
    return judgment.judge_id == user.id or _reviewer_assigned(user, "judgment", judgment.id)


def can_dismiss_finding(user, judgment) -> bool:
    return is_admin(user) or _reviewer_assigned(user, "judgment", judgment.id)


def can_deduct_finding(user, assignment) -> bool:
    """Turning a finding into a deduction is scoring: only the assigned reviewer, recusal holding."""
    return can_score(user, assignment)


def can_manage_prechecks(user) -> bool:
    return is_admin(user)


# --- hearing programme: quotas, observation rounds, top-ten, library (issue 4) ----------------

def can_view_hearing_quotas(user) -> bool:
    return is_admin(user) or (is_liaison(user) and user.court_id is not None)


def can_manage_hearing_programme(user) -> bool:
    """Deadlines, observation rounds, top-ten lists, publication to the library: the office."""
    return is_admin(user)


def can_view_top_ten(user, top_list) -> bool:
    """Everyone sees a list once it is in its comment period (公示) or published; drafts: the office."""
    return is_admin(user) or (_active(user) and top_list.status != TopTenStatus.PROPOSED)


def can_view_hearing_library(user) -> bool:
    return _active(user)


def can_publish_hearing(user, hearing) -> bool:
    return is_admin(user) and hearing.status == HearingStatus.READY and hearing.published_at is None


def can_record_watching(user, hearing) -> bool:
    return _active(user) and hearing.published_at is not None
