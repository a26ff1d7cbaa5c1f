"""Every permission rule of the site, as predicates `can_<verb>(user, thing)`.

Views call `require(can_x(current_user, obj))`; templates call the same predicates (they are
template globals as `perm`), so a button shows exactly when the action is allowed.
"""
from __future__ import annotations

from models import Role


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
    if not _active(user):
        return False
    if is_admin(user) or (is_liaison(user) and same_court(user, judgment.court_id)):
        return True
    if judgment.judge_id is not None and judgment.judge_id == user.id:
        return True
    return _reviewer_assigned(user, "judgment", judgment.id) or _published(judgment)


def can_edit_judgment(user, judgment) -> bool:
    """Metadata can be corrected by the court's liaison until submission; by the admin always."""
    from models import JudgmentStatus

    if is_admin(user):
        return True
    return (is_liaison(user) and same_court(user, judgment.court_id)
            and judgment.status == JudgmentStatus.DRAFT)


def can_submit_judgment(user, judgment) -> bool:
    from models import JudgmentStatus

    return judgment.status == JudgmentStatus.DRAFT and can_upload_for_court(user, judgment.court_id)


def can_delete_judgment(user, judgment) -> bool:
    return can_submit_judgment(user, judgment)


def _published(judgment) -> bool:
    from models import JudgmentStatus

    return judgment.status == JudgmentStatus.PUBLISHED


def _reviewer_assigned(user, subject_kind: str, subject_id: int) -> bool:
    """True when the user holds an assignment for the subject (reviews feature)."""
    if not is_reviewer(user):
        return False
    try:
        from models.review import Assignment
    except ImportError:
        return False
    from sqlalchemy import select

    from reviewer.extensions import db

    return db.session.scalar(
        select(Assignment.id).where(
            Assignment.reviewer_id == user.id,
            Assignment.subject_kind == subject_kind,
            Assignment.subject_id == subject_id,
        ).limit(1)
    ) is not None


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
    from models import CourtLevel

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
