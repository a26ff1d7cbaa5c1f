"""The registry of things that can be reviewed ("subjects"): judgments, hearing recordings and 发改 cases.

A subject is identified by (kind, id). Each kind is described by a `SubjectKind` telling the review
machinery how to load it, which court and judge it belongs to (for recusal), how to title and link
it, which score-sheet kind applies, how remarks are anchored and which partial renders it on the
review screen. The kinds are registered in one place, `reviewer.wiring.connect` (called by
`create_app`): `subjects.judgment.JUDGMENT`, `hearings.subject.HEARING` and
`reversals.subject.REVERSAL`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from sqlalchemy import select

from models import SheetKind
from reviewer.extensions import db

ANCHOR_PARAGRAPH = "paragraph"
ANCHOR_TIME = "time"


@dataclass(frozen=True)
class SubjectKind:
    """How the review machinery handles one kind of subject."""

    kind: str                                   # 'judgment', 'hearing', 'reversal'
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
    board_filter: Callable[[str], Any] | None = None        # the month on the office's board (also
                                                            # published ones); default month_filter
    on_assigned: Callable[[Any], None] | None = None
    on_evaluated: Callable[[Any], None] | None = None      # the final grade was confirmed
    on_unevaluated: Callable[[Any], None] | None = None    # a confirmation was withdrawn
    extra: dict = field(default_factory=dict)

    def on_board(self, month: str):
        """The where-clause of a month's subjects on the office's board."""
        return (self.board_filter or self.month_filter)(month)

    def court_name(self, obj) -> str:
        court = getattr(obj, "court", None)
        return court.name if court is not None else ""


_REGISTRY: dict[str, SubjectKind] = {}


def register(kind: SubjectKind) -> None:
    """Add (or replace) a kind; called from `reviewer.wiring.connect` only."""
    _REGISTRY[kind.kind] = kind


def get(kind: str) -> SubjectKind | None:
    return _REGISTRY.get(kind)


def kinds() -> list[SubjectKind]:
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
