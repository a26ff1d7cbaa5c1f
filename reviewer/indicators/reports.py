"""Issuing the monthly 质效通报 and quarterly 态势分析: number (文号), build, archive, audit.

A monthly report covers one month, a quarterly one a calendar quarter (2021Q2). The document is
numbered through the bulletin machinery (one 文号 per kind and period, kept when re-issued), built
with the office's commentary, stored as a file and recorded as an `IndicatorReport`; re-issuing
the same period archives another version under the same number. Services flush, never commit.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import select

from models import Court
from models.case_register import IndicatorReport
from reviewer import audit, storage
from reviewer.bulletins.services import DOCX_MIME, assign_number, header, issue_year
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.indicators import figures, report_builder
from reviewer.indicators.periods import Period, PeriodError, add_months, parse_period

KINDS = {"monthly": "月度审判执行质效通报", "quarterly": "季度审判运行态势分析"}
MAX_COMMENTARY = 20_000


def period_for(kind: str, text: str) -> Period:
    """The report's period: one month (monthly) or one calendar quarter (quarterly)."""
    if kind not in KINDS:
        raise DomainError("报告类型不正确。")
    try:
        period = parse_period(text)
    except PeriodError as error:
        raise DomainError(str(error)) from None
    if kind == "monthly" and period.first != period.last:
        raise DomainError("月度通报的期间应为一个月，例如 2021-03。")
    if kind == "quarterly" and (len(period.months) != 3 or int(period.first[5:7]) % 3 != 1):
        raise DomainError("季度分析的期间应为一个季度，例如 2021Q2。")
    return period


def issue(actor, kind: str, period_text: str, commentary: str) -> IndicatorReport:
    """Build, number and archive the report; returns the archive row (its file is the document)."""
    period = period_for(kind, period_text)
    if len(commentary or "") > MAX_COMMENTARY:
        raise DomainError(f"审管办意见不能超过 {MAX_COMMENTARY} 字。")
    courts = list(db.session.scalars(select(Court).where(Court.active.is_(True))
                                      .order_by(Court.sort_order, Court.id)))
    board = figures.board(period, courts, with_city=True)
    previous = None
    if kind == "quarterly":
        previous = figures.board(Period(add_months(period.first, -3), add_months(period.last, -3)),
                                 courts, with_city=True)
    bulletin = assign_number(f"indicators_{kind}", period.code, issue_year(), actor)
    notice = report_builder.build(kind, header(bulletin), board, commentary or "", previous)
    name = f"{period.label}{KINDS[kind]}.docx"
    with tempfile.NamedTemporaryFile(dir=storage.root(), delete=False, suffix=".docx") as handle:
        notice.save(handle)
    try:
        stored = storage.store_path(Path(handle.name), "indicator_reports", name, DOCX_MIME,
                                    uploaded_by=actor, ext=".docx")
    finally:
        Path(handle.name).unlink(missing_ok=True)
    report = IndicatorReport(kind=kind, period=period.code, number=bulletin.number,
                             commentary=commentary or "", file_id=stored.id,
                             issued_by_id=getattr(actor, "id", None))
    db.session.add(report)
    db.session.flush()
    audit.record(actor, "indicators.report", report, summary=f"{bulletin.number} {name}")
    return report


def archive(limit: int = 100) -> list[IndicatorReport]:
    return list(db.session.scalars(select(IndicatorReport).order_by(IndicatorReport.issued_at.desc(),
                                                                     IndicatorReport.id.desc()).limit(limit)))
