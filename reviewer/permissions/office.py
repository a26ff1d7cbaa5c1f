"""Case lists, draws, filings (报备), bulletins and exports."""
from __future__ import annotations

from models import CourtLevel
from reviewer.permissions.base import is_active_account, is_admin, is_liaison, same_court
from reviewer.permissions.judgments import can_view_judgment

__all__ = ['can_list_caselists', 'can_import_caselist', 'can_view_draws', 'can_manage_draws', 'can_view_drawn_judgment_text', 'can_file_month', 'can_view_filing', 'can_view_filing_board', 'can_generate_city_bulletins', 'can_read_published_bulletins', 'can_export_reviews', 'can_generate_filing_bulletin']


def can_list_caselists(user) -> bool:
    return is_admin(user) or (is_liaison(user) and user.court_id is not None)


def can_import_caselist(user, court_id) -> bool:
    """The admin for any court; a liaison for their own court."""
    return is_admin(user) or (is_liaison(user) and same_court(user, court_id))


def can_view_draws(user) -> bool:
    """Draws are public within the site (公示): every active user sees the records."""
    return is_active_account(user)


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


def can_read_published_bulletins(user) -> bool:
    """Issued 张榜、公示、十大庭审 bulletins are public within the site: everyone may download them."""
    return is_active_account(user)


def can_export_reviews(user) -> bool:
    return is_admin(user)


def can_generate_filing_bulletin(user, court_id) -> bool:
    """A filed month's Word document: the 审管办 and the court's own liaison."""
    return can_view_filing(user, court_id)
