"""The registry of things that can be reviewed ("subjects"): judgments now, hearing recordings later.

A subject is identified by (kind, id). Each kind registers a `SubjectKind` telling the review
machinery how to load it, which court and judge it belongs to (for recusal), how to title and link
it, which score-sheet kind applies, how remarks are anchored and which partial renders it on the
review screen. Other features call `register(...)` at import time of their own module and list
that module in `SUBJECT_MODULES` below, e.g. the hearings feature registers 'hearing'.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import Judgment, JudgmentStatus, SheetKind
from reviewer.extensions import db

# Modules that register further subject kinds when imported (a one-line edit per feature).
SUBJECT_MODULES: tuple[str, ...] = (
    "reviewer.hearings.subject",
)

ANCHOR_PARAGRAPH = "paragraph"
ANCHOR_TIME = "time"


@dataclass(frozen=True)
class SubjectKind:
    """How the review machinery handles one kind of subject."""

    kind: str                                   # 'judgment', 'hearing'
    label: str                                  # 裁判文书
    model: type
    sheet_kind: SheetKind
    court_id: Callable[[Any], int | None]
    judge_user_id: Callable[[Any], int | None]
    title: Callable[[Any], str]
    detail_endpoint: str                        # endpoint of the subject's own page
    detail_args: Callable[[Any], dict]
    month: Callable[[Any], str | None]
    reviewable: Callable[[Any], bool]           # may it be assigned / reviewed now?
    anchor: str = ANCHOR_PARAGRAPH              # how remarks are anchored
    anchor_limit: Callable[[Any], float | None] = lambda obj: None  # paragraph count or duration
    pane_template: str = "reviews/_subject_judgment.html"   # left pane of the review screen
    load_options: tuple = ()                    # eager loads for list pages
    month_filter: Callable[[str], Any] | None = None        # where-clause for a month's subjects
    on_assigned: Callable[[Any], None] | None = None
    on_evaluated: Callable[[Any], None] | None = None      # the final grade was confirmed
    on_unevaluated: Callable[[Any], None] | None = None    # a confirmation was withdrawn
    extra: dict = field(default_factory=dict)

    def court_name(self, obj) -> str:
        court = getattr(obj, "court", None)
        return court.name if court is not None else ""


_REGISTRY: dict[str, SubjectKind] = {}
_loaded = False


def register(kind: SubjectKind) -> None:
    _REGISTRY[kind.kind] = kind


def _load_modules() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for name in SUBJECT_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:  # a real import error inside the module
                raise


def get(kind: str) -> SubjectKind | None:
    _load_modules()
    return _REGISTRY.get(kind)


def kinds() -> list[SubjectKind]:
    _load_modules()
    return list(_REGISTRY.values())


def load(kind: str, subject_id: int):
    """The subject object, or None when the kind is unknown or the row does not exist."""
    spec = get(kind)
    if spec is None:
        return None
    return db.session.get(spec.model, subject_id)


def load_many(kind: str, ids: Iterable[int]) -> dict[int, Any]:
    """Subjects by id in one query (with the kind's eager loads)."""
    spec = get(kind)
    ids = sorted(set(ids))
    if spec is None or not ids:
        return {}
    rows = db.session.scalars(
        select(spec.model).where(spec.model.id.in_(ids)).options(*spec.load_options)
    )
    return {row.id: row for row in rows}


# --- judgments ---------------------------------------------------------------------------------

_REVIEWABLE_JUDGMENT = (JudgmentStatus.SUBMITTED, JudgmentStatus.IN_REVIEW, JudgmentStatus.EVALUATED)


def _judgment_assigned(judgment: Judgment) -> None:
    if judgment.status == JudgmentStatus.SUBMITTED:
        judgment.status = JudgmentStatus.IN_REVIEW


def _judgment_evaluated(judgment: Judgment) -> None:
    if judgment.status in (JudgmentStatus.SUBMITTED, JudgmentStatus.IN_REVIEW):
        judgment.status = JudgmentStatus.EVALUATED


def _judgment_unevaluated(judgment: Judgment) -> None:
    if judgment.status == JudgmentStatus.EVALUATED:
        judgment.status = JudgmentStatus.IN_REVIEW


register(SubjectKind(
    kind="judgment",
    label="裁判文书",
    model=Judgment,
    sheet_kind=SheetKind.JUDGMENT,
    court_id=lambda j: j.court_id,
    judge_user_id=lambda j: j.judge_id,
    title=lambda j: j.case_number or f"文书 #{j.id}",
    detail_endpoint="judgments.detail",
    detail_args=lambda j: {"judgment_id": j.id},
    month=lambda j: j.month,
    reviewable=lambda j: j.status in _REVIEWABLE_JUDGMENT,
    anchor=ANCHOR_PARAGRAPH,
    anchor_limit=lambda j: len(j.paragraphs or []),
    pane_template="reviews/_subject_judgment.html",
    load_options=(selectinload(Judgment.court),),
    month_filter=lambda month: (Judgment.month == month) & Judgment.status.in_(_REVIEWABLE_JUDGMENT),
    on_assigned=_judgment_assigned,
    on_evaluated=_judgment_evaluated,
    on_unevaluated=_judgment_unevaluated,
))
