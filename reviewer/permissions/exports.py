"""Exports: who may ask for which kind of export, and who may see and download a finished one."""
from __future__ import annotations

from reviewer.permissions.base import is_active_account, is_admin
from reviewer.permissions.hearings import can_list_hearings
from reviewer.permissions.judgments import can_list_judgments
from reviewer.permissions.office import can_export_reviews
from reviewer.permissions.publication import can_answer_objections

__all__ = ["EXPORT_KIND_RULES", "can_request_export", "can_download_export", "can_list_own_exports"]

# Each export kind (reviewer.exports.kinds) with who may see its data: the same rule as the page
# or list it comes from.
EXPORT_KIND_RULES = {
    "reviews": can_export_reviews,
    "statistics": can_export_reviews,
    "judgments": can_list_judgments,
    "hearings": can_list_hearings,
    "objections": can_answer_objections,
}


def can_request_export(user, kind: str) -> bool:
    """The user may ask for (and, while it lasts, keep seeing) exports of `kind`."""
    rule = EXPORT_KIND_RULES.get(kind)
    return rule is not None and rule(user)


def can_download_export(user, export) -> bool:
    """The requester or an admin, and only while the user may still see that kind of data (a
    liaison who lost the role no longer downloads the list they once asked for)."""
    return (can_request_export(user, export.kind)
            and (export.requested_by_id == getattr(user, "id", None) or is_admin(user)))


def can_list_own_exports(user) -> bool:
    """“我的导出”: every signed-in user (the list holds only their own exports)."""
    return is_active_account(user)
