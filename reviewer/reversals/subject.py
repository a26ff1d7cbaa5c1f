"""发改 cases as a review subject ('reversal'); registered in `reviewer.wiring`.

The office may have a case reviewed with the 发改 score sheet (`scoresheets.defaults.REVERSAL_SHEET`)
through the shared review machinery — assignment board, review screen, comparison and confirmed
grade — e.g. one reviewer for the basic court's view and one for the intermediate court's (双向评析).
A case can be reviewed once its self-check report is in and until it is closed; remarks anchor to
the paragraphs of the self-check report shown in the review screen's left pane. The board's month
is the month of the higher court's decision. The score sheet informs the office's evaluation
(workflow.evaluate); it does not replace it.
"""
from __future__ import annotations

from sqlalchemy.orm import selectinload

from models import SheetKind
from models.reversal import ReversalCase, ReversalStatus
from reviewer.subjects.registry import ANCHOR_PARAGRAPH, SubjectKind

REVIEWABLE = (ReversalStatus.EVALUATING, ReversalStatus.EVALUATED, ReversalStatus.DISPUTED)


def self_check_paragraphs(case: ReversalCase) -> list[str]:
    """The self-check report's paragraphs (its text, one per non-empty line): remark anchors."""
    return [line.strip() for line in (case.self_check_text or "").splitlines() if line.strip()]


REVERSAL = SubjectKind(
    kind="reversal",
    label="发改案件",
    model=ReversalCase,
    sheet_kind=SheetKind.REVERSAL,
    court_id=lambda c: c.court_id,
    judge_user_id=lambda c: c.judge_id,
    title=lambda c: f"{c.case_number}（发改）",
    detail_endpoint="reversals.detail",
    detail_args=lambda c: {"case_id": c.id},
    month=lambda c: c.month,
    reviewable=lambda c: c.status in REVIEWABLE,
    anchor=ANCHOR_PARAGRAPH,
    anchor_limit=lambda c: len(self_check_paragraphs(c)),
    pane_template="reversals/_review_pane.html",
    load_options=(selectinload(ReversalCase.court), selectinload(ReversalCase.judge),
                  selectinload(ReversalCase.reason)),
    month_filter=lambda month: (ReversalCase.month == month) & ReversalCase.status.in_(REVIEWABLE),
    board_filter=lambda month: (ReversalCase.month == month) & ReversalCase.status.in_(
        REVIEWABLE + (ReversalStatus.CLOSED,)),
)
