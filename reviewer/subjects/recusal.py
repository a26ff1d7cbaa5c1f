"""Recusal (回避): who may not review a subject. Below both permissions and reviews.

The rule (DOMAIN.md, assignment): a reviewer never scores a subject from their own court, and never
a subject whose judge (承办法官 / presiding judge) they are; an inactive reviewer gets nothing. The
same check runs for hand assignment, automatic assignment and every permission predicate that
depends on it (`reviewer.permissions.reviews.recusal_holds`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable

from models import Role, User
from reviewer.subjects import registry


@dataclass(frozen=True)
class ReviewerInfo:
    """A candidate reviewer: id, court, current open load, and whether the account is active."""

    id: int
    court_id: int | None
    load: int = 0
    active: bool = True
    name: str = ""


@dataclass(frozen=True)
class SubjectInfo:
    """A subject to be reviewed: its key, court, judge's user id and reviewers already assigned."""

    key: Hashable
    court_id: int | None
    judge_user_id: int | None = None
    assigned: frozenset[int] = frozenset()
    title: str = ""


def recusal_reason(reviewer: ReviewerInfo, subject: SubjectInfo) -> str | None:
    """Why ``reviewer`` may not score ``subject`` (a Chinese sentence), or None when allowed."""
    if not reviewer.active:
        return "该评查员账号已停用。"
    if subject.judge_user_id is not None and reviewer.id == subject.judge_user_id:
        return "评查员不能评查本人承办的案件（回避）。"
    if reviewer.court_id is not None and reviewer.court_id == subject.court_id:
        return "评查员不能评查本院的案件（回避）。"
    return None


def reviewer_info(user: User, load: int = 0) -> ReviewerInfo:
    return ReviewerInfo(id=user.id, court_id=user.court_id, load=load, active=user.active,
                        name=user.display_name)


def subject_info(spec: registry.SubjectKind, obj, assigned=frozenset()) -> SubjectInfo:
    return SubjectInfo(key=obj.id, court_id=spec.court_id(obj), judge_user_id=spec.judge_user_id(obj),
                       assigned=frozenset(assigned), title=spec.title(obj))


def recusal_problem(user: User, kind: str, obj) -> str | None:
    """Why this user may not review this subject (a Chinese sentence), None when allowed.

    Raises KeyError for a kind that is not registered (a programming error)."""
    spec = registry.get(kind)
    if spec is None:
        raise KeyError(kind)
    if not user.has_role(Role.REVIEWER):
        return "该用户不是评查员。"
    return recusal_reason(reviewer_info(user), subject_info(spec, obj))
