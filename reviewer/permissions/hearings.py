"""Hearing recordings and the hearing programme (quotas, rounds, top-ten, library)."""
from __future__ import annotations

from sqlalchemy import false, select
from models import Assignment, Hearing, HearingStatus, TopTenStatus
from reviewer.permissions.base import is_active_account, is_admin, is_liaison, is_reviewer, same_court
from reviewer.permissions.judgments import reviewer_assigned

__all__ = ['can_list_hearings', 'can_upload_hearings', 'can_upload_hearing_for_court', 'can_view_hearing', 'visible_hearings_clause', 'can_write_hearing_upload', 'can_delete_hearing', 'can_reprocess_hearing', 'can_view_hearing_quotas', 'can_manage_hearing_programme', 'can_view_top_ten', 'can_view_hearing_library', 'can_publish_hearing', 'can_record_watching']


def can_list_hearings(user) -> bool:
    return is_active_account(user)


def can_upload_hearings(user) -> bool:
    return is_admin(user) or (is_liaison(user) and user.court_id is not None)


def can_upload_hearing_for_court(user, court_id) -> bool:
    return is_admin(user) or (is_liaison(user) and same_court(user, court_id))


def can_view_hearing(user, hearing) -> bool:
    """Admin; the court's own liaison; the judge in charge; reviewers assigned to it; every
    logged-in user once it is published in the exemplar library."""
    if not is_active_account(user):
        return False
    if is_admin(user) or (is_liaison(user) and same_court(user, hearing.court_id)):
        return True
    if hearing.judge_id is not None and hearing.judge_id == user.id:
        return True
    return hearing.published_at is not None or reviewer_assigned(user, "hearing", hearing.id)


def visible_hearings_clause(user):
    """`can_view_hearing` as a SQL condition on `Hearing`, for lists (None: no restriction).

    The same rule, row by row: admin sees all; otherwise published, own judgments as judge in
    charge, the own court's as liaison, assigned ones as reviewer. Tests check that the two agree
    for every role.
    """

    if not is_active_account(user):
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
    return is_active_account(user) and (upload.created_by_id == user.id or is_admin(user))


def can_delete_hearing(user, hearing, stalled: bool = False) -> bool:
    """Unfinished, failed or stalled recordings may be withdrawn by their court's liaison or the
    admin. `stalled`: queued or processing with no worker on it (`recordings.services.is_stalled`)."""
    withdrawable = (hearing.status in (HearingStatus.UPLOADING, HearingStatus.FAILED)
                    or (stalled and hearing.status in (HearingStatus.QUEUED, HearingStatus.PROCESSING)))
    return withdrawable and can_upload_hearing_for_court(user, hearing.court_id)


def can_reprocess_hearing(user, hearing, stalled: bool = False) -> bool:
    """The admin re-runs processing of a stored recording that is not being processed now."""
    return is_admin(user) and hearing.file_id is not None and (
        hearing.status in (HearingStatus.FAILED, HearingStatus.READY, HearingStatus.QUEUED)
        or (stalled and hearing.status == HearingStatus.PROCESSING))


def can_view_hearing_quotas(user) -> bool:
    return is_admin(user) or (is_liaison(user) and user.court_id is not None)


def can_manage_hearing_programme(user) -> bool:
    """Deadlines, observation rounds, top-ten lists, publication to the library: the office."""
    return is_admin(user)


def can_view_top_ten(user, top_list) -> bool:
    """Everyone sees a list once it is in its comment period (公示) or published; drafts: the office."""
    return is_admin(user) or (is_active_account(user) and top_list.status != TopTenStatus.PROPOSED)


def can_view_hearing_library(user) -> bool:
    return is_active_account(user)


def can_publish_hearing(user, hearing) -> bool:
    return is_admin(user) and hearing.status == HearingStatus.READY and hearing.published_at is None


def can_record_watching(user, hearing) -> bool:
    return is_active_account(user) and hearing.published_at is not None
