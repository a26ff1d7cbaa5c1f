"""Quality indicators (审判执行质效): each court sees itself; the office sees all.

Issue #17 §7: liaisons and judges see their own court's dashboard and case lists; a division head
(a judge flagged as head, not a liaison) sees their division's; the office (admin) sees every court
and the city. The register of a court is imported by the office or that court's liaison; targets,
口径 options, ranking and reports belong to the office.
"""
from __future__ import annotations

from dataclasses import dataclass

from reviewer.permissions.base import is_admin, is_judge, is_liaison, same_court

__all__ = ['IndicatorScope', 'indicator_scope', 'can_view_indicators', 'can_view_indicator_court',
           'can_import_register', 'can_manage_indicators', 'can_view_indicator_ranking',
           'can_view_watch_lists']


@dataclass(frozen=True)
class IndicatorScope:
    """What a user's dashboard covers: `court_id` None = every court and the city."""

    court_id: int | None
    division: str | None = None

    @property
    def whole_city(self) -> bool:
        return self.court_id is None


def indicator_scope(user) -> IndicatorScope | None:
    """The user's scope, or None when they may not see indicators at all."""
    if is_admin(user):
        return IndicatorScope(None)
    if user is None or getattr(user, "court_id", None) is None:
        return None
    if is_liaison(user):
        return IndicatorScope(user.court_id)
    if is_judge(user):
        if user.is_division_head and user.division is not None:
            return IndicatorScope(user.court_id, user.division.name)
        return IndicatorScope(user.court_id)
    return None


def can_view_indicators(user) -> bool:
    return indicator_scope(user) is not None


def can_view_indicator_court(user, court_id) -> bool:
    """The office for any court; liaisons, judges and division heads for their own court only."""
    scope = indicator_scope(user)
    return scope is not None and (scope.whole_city or scope.court_id == court_id)


def can_import_register(user, court_id) -> bool:
    """The office for any court; a liaison for their own court."""
    return is_admin(user) or (is_liaison(user) and same_court(user, court_id))


def can_manage_indicators(user) -> bool:
    """Targets, 口径 options, the ranking switch and the reports: the office."""
    return is_admin(user)


def can_view_indicator_ranking(user, ranking_enabled: bool) -> bool:
    """Court-versus-court ranking only when the office has switched it on, and only city-wide."""
    return bool(ranking_enabled) and is_admin(user)


def can_view_watch_lists(user) -> bool:
    return can_view_indicators(user)
