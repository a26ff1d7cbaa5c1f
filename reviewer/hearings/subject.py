"""Hearing recordings as a review subject ('hearing'); registered in `reviewer.wiring`."""
from __future__ import annotations

from sqlalchemy.orm import selectinload

from models import Hearing, HearingStatus, SheetKind
from reviewer.subjects import ANCHOR_TIME, SubjectKind

REVIEWABLE = (HearingStatus.READY, HearingStatus.ON_SITE)

HEARING = SubjectKind(
    kind="hearing",
    label="庭审录像",
    model=Hearing,
    sheet_kind=SheetKind.HEARING,
    court_id=lambda h: h.court_id,
    judge_user_id=lambda h: h.judge_id,
    title=lambda h: f"{h.case_number}（庭审）",
    detail_endpoint="hearings.detail",
    detail_args=lambda h: {"hearing_id": h.id},
    month=lambda h: h.month,
    reviewable=lambda h: h.status in REVIEWABLE,
    anchor=ANCHOR_TIME,
    anchor_limit=lambda h: h.duration_seconds,
    pane_template="hearings/_review_pane.html",
    load_options=(selectinload(Hearing.court),),
    month_filter=lambda month: (Hearing.month == month) & Hearing.status.in_(REVIEWABLE),
)
