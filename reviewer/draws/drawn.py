"""The drawn judgment: its upload from the draw entry's page, when it may be shown on the 公示
page, and its comparison with the drawn case (matching.py states the rule)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import Judgment, JudgmentStatus, Purpose, User
from models.caselist import ClosedCase
from models.draw import DrawEntry, MonthlyDraw
from reviewer.draws.matching import DrawnCase, UploadedJudgment, judge_names, mismatches
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.judgments import services as intake


def is_public(judgment: Judgment | None) -> bool:
    """Shown on the 公示 page once the court has checked the extracted data and submitted it."""
    return judgment is not None and judgment.status != JudgmentStatus.DRAFT


def upload_drawn(actor: User, entry: DrawEntry, stream, original_name: str | None) -> Judgment:
    """Take the drawn case's judgment from the entry's page: purpose 随机抽取公示, the draw's court
    and month. Intake links it to the entry by its case number (signals.judgment_ingested); a file
    whose case number is not the drawn one is refused (nothing is kept)."""
    draw = entry.draw
    if not entry.result_case_number:
        raise DomainError("该庭长本月没有抽中的案件，无需上传。")
    if entry.judgment_id is not None:
        raise DomainError("抽中案件的裁判文书已上传；如需更换，请先在文书列表中删除原文书。")
    judgment = intake.ingest(actor, draw.court, draw.month, Purpose.DRAWN, stream, original_name)
    if entry.judgment_id != judgment.id:
        raise DomainError(f"上传文书的案号（{judgment.case_number or '未读到'}）与抽中案号"
                          f"（{entry.result_case_number}）不符，未接收。")
    return judgment


def _closed_cases(draws_and_numbers: list[tuple[MonthlyDraw, str]]) -> dict[tuple[int, str], ClosedCase]:
    numbers = {number for _draw, number in draws_and_numbers}
    courts = {draw.court_id for draw, _number in draws_and_numbers}
    if not numbers:
        return {}
    rows = db.session.scalars(select(ClosedCase).options(selectinload(ClosedCase.judge)).where(
        ClosedCase.court_id.in_(courts), ClosedCase.case_number.in_(numbers))).all()
    return {(row.court_id, row.case_number): row for row in rows}


def _drawn_case(entry: DrawEntry, row: ClosedCase | None) -> DrawnCase:
    judge = row.judge.display_name if row is not None and row.judge else entry.head_name
    return DrawnCase(entry.result_case_number, judge, row.closed_on if row is not None else None)


def _uploaded(judgment: Judgment) -> UploadedJudgment:
    return UploadedJudgment(judgment.case_number, judge_names(judgment.presiding_judge_name, judgment.signatories),
                            judgment.judgment_date)


def checks(draw: MonthlyDraw) -> dict[int, list[str]]:
    """{entry id: the uploaded judgment's disagreements with the drawn case} for the draw's entries
    with a linked judgment (one query for the drawn cases)."""
    linked = [e for e in draw.entries if e.judgment is not None and e.result_case_number]
    found = _closed_cases([(draw, e.result_case_number) for e in linked])
    return {e.id: mismatches(_drawn_case(e, found.get((draw.court_id, e.result_case_number))), _uploaded(e.judgment))
            for e in linked}


def check(entry: DrawEntry) -> list[str]:
    """`checks` for one entry ([] when no judgment is linked)."""
    if entry.judgment is None or not entry.result_case_number:
        return []
    row = _closed_cases([(entry.draw, entry.result_case_number)]).get((entry.draw.court_id, entry.result_case_number))
    return mismatches(_drawn_case(entry, row), _uploaded(entry.judgment))
