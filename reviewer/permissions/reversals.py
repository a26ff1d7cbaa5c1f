"""Who may do what in the 发改 programme (reversed cases, meetings, guidance, points).

- the office (审管办, `admin`) records, evaluates, decides, publishes and sees everything;
- the intermediate court's 审判监督庭 (its members) sees and evaluates the cases the provincial
  court changed (measure 6: “经审监一庭评查”); the office may evaluate them too;
- the supervision office (监察室, role `supervision`) sees every case and the ≥ 3 list, and
  records the admonishment talk;
- a liaison sees their court's cases; a division head their division's (both as the original
  division and as the intermediate-court division that changed them); a judge their own cases
  and the ones they handle as a leader;
- a reviewer assigned to review a case with the 发改 score sheet sees it;
- the judge in charge writes the self-check report and objects once;
- a division records its monthly meeting (its members, the liaison of its court, the office);
  only the division head confirms (signs) the minutes;
- every signed-in user reads the guidance library and published monthly notices; the office
  and intermediate-court division heads publish guidance.
"""
from __future__ import annotations

from models import CourtLevel, Role
from models.reversal import HigherLevel
from reviewer.permissions.base import is_active_account, is_admin
from reviewer.permissions.judgments import reviewer_assigned

__all__ = [
    "is_supervision", "can_see_all_reversals", "can_list_reversals", "can_view_reversal",
    "can_manage_reversals", "can_evaluate_reversal", "is_trial_supervision", "can_write_self_check", "can_object_reversal", "can_view_flags",
    "can_record_talk", "can_view_meetings", "can_view_meeting", "can_file_meeting", "can_confirm_meeting",
    "can_read_guidance", "can_publish_guidance", "can_view_points", "can_read_notice",
]


def is_supervision(user) -> bool:
    return is_active_account(user) and user.has_role(Role.SUPERVISION)


def can_see_all_reversals(user) -> bool:
    return is_admin(user) or is_supervision(user)


def can_list_reversals(user) -> bool:
    return is_active_account(user) and (
        can_see_all_reversals(user) or user.has_role(Role.JUDGE, Role.LIAISON))


def is_trial_supervision(user) -> bool:
    """A member of the intermediate court's 审判监督庭."""
    return (is_active_account(user) and user.division is not None and user.division.is_trial_supervision
            and user.has_role(Role.JUDGE))


def can_view_reversal(user, case) -> bool:
    if not is_active_account(user):
        return False
    if can_see_all_reversals(user) or user.id in (case.judge_id, case.leader_id):
        return True
    if case.higher_level == HigherLevel.PROVINCIAL and is_trial_supervision(user):
        return True
    if reviewer_assigned(user, "reversal", case.id):
        return True
    if user.has_role(Role.LIAISON) and user.court_id == case.court_id:
        return True
    return bool(user.is_division_head and user.division_id
                and user.division_id in (case.division_id, case.higher_division_id))


def can_manage_reversals(user) -> bool:
    """Record, import, evaluate, decide, assign leaders, compile notices, keep the ledger."""
    return is_admin(user)


def can_evaluate_reversal(user, case) -> bool:
    """The office; for a case the provincial court changed, also the 审判监督庭."""
    return is_admin(user) or (case.higher_level == HigherLevel.PROVINCIAL and is_trial_supervision(user))


def can_write_self_check(user, case) -> bool:
    return is_active_account(user) and case.judge_id == user.id


def can_object_reversal(user, case) -> bool:
    return is_active_account(user) and case.judge_id == user.id


def can_view_flags(user) -> bool:
    return can_see_all_reversals(user)


def can_record_talk(user) -> bool:
    return is_supervision(user) or is_admin(user)


def can_view_meetings(user) -> bool:
    return is_active_account(user) and (
        can_see_all_reversals(user) or user.has_role(Role.LIAISON) or bool(user.is_division_head))


def can_view_meeting(user, meeting) -> bool:
    """The office and 监察室; the division's members; its court's liaison and division heads."""
    if can_see_all_reversals(user):
        return True
    if not is_active_account(user):
        return False
    if user.division_id == meeting.division_id:
        return True
    return user.court_id == meeting.division.court_id and (
        user.has_role(Role.LIAISON) or bool(user.is_division_head))


def can_file_meeting(user, division) -> bool:
    if is_admin(user):
        return True
    if not is_active_account(user) or division is None:
        return False
    if user.has_role(Role.LIAISON) and user.court_id == division.court_id:
        return True
    return user.division_id == division.id


def can_confirm_meeting(user, meeting) -> bool:
    return (is_active_account(user) and bool(user.is_division_head)
            and user.division_id == meeting.division_id and meeting.confirmed_at is None)


def can_read_guidance(user) -> bool:
    return is_active_account(user)


def can_publish_guidance(user) -> bool:
    if is_admin(user):
        return True
    return (is_active_account(user) and bool(user.is_division_head) and user.division is not None
            and user.division.court.level == CourtLevel.INTERMEDIATE)


def can_view_points(user) -> bool:
    """The ledger, its totals and export (the office; the supervision office reads it)."""
    return can_see_all_reversals(user)


def can_read_notice(user, notice_published: bool) -> bool:
    return is_admin(user) or (notice_published and is_active_account(user))
