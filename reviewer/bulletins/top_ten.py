"""Loading the published annual top-ten hearing lists (kept by the hearings feature)."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from models import Hearing, TopTenEntry, TopTenKind, TopTenList, TopTenStatus
from reviewer.bulletins.builders import TopHearing
from reviewer.errors import DomainError
from reviewer.extensions import db


def load(year: int) -> tuple[list[TopHearing], list[TopHearing]]:
    """Both lists of the year as published (a list not yet published is refused)."""
    lists = {l.kind: l for l in db.session.scalars(
        select(TopTenList).options(
            selectinload(TopTenList.entries).joinedload(TopTenEntry.hearing)
            .options(joinedload(Hearing.court), joinedload(Hearing.judge)))
        .where(TopTenList.year == year))}
    unpublished = [kind.label for kind in TopTenKind
                   if kind not in lists or lists[kind].status != TopTenStatus.PUBLISHED]
    if unpublished:
        raise DomainError(f"{year}年" + "、".join(unpublished) + "尚未正式发布。")

    def rows(kind):
        return [TopHearing(
            court=e.hearing.court.name, case_number=e.hearing.case_number, cause=e.hearing.cause or "",
            judge=e.hearing.presiding_judge_name or (e.hearing.judge.display_name if e.hearing.judge else ""),
            score="—" if e.score is None else f"{Decimal(e.score):.2f}", grade=e.grade_label or "",
            note="推荐至省法院庭审视频展播" if e.provincial_showcase else "")
            for e in lists[kind].entries]

    return rows(TopTenKind.BEST), rows(TopTenKind.FLAWED)
