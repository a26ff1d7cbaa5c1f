"""A month's closed-case list (结案清单) drawn from the court's case register (案件台账).

Once the court's current register covers the month (its export date is on or after the month's
last day), the office or the court's liaison can take the month's list from it instead of
uploading a file: the cases closed in that month become a CSV with the list's six columns and go
through the same upload → preview → apply path (`services.upload`), so divisions and judges are
checked exactly as for an uploaded list.
"""
from __future__ import annotations

import calendar
import io
from datetime import date

from sqlalchemy import select

from models import Court
from models.case_register import CaseImport, CaseRecord, RegisterImportStatus
from models.caselist import CaseListImport
from reviewer.caselists import services
from reviewer.caselists.reading import csv_bytes
from reviewer.errors import DomainError
from reviewer.extensions import db

HEADER = ["案号", "案由", "承办部门", "承办人", "结案日期", "结案方式"]


def from_register(actor, court: Court, month: str) -> CaseListImport:
    """Stage the month's list from the register; raises when the register does not cover the month."""
    services.check_month(month)
    year, mon = int(month[:4]), int(month[5:7])
    first, last = date(year, mon, 1), date(year, mon, calendar.monthrange(year, mon)[1])
    as_of = db.session.scalar(select(CaseImport.as_of).where(
        CaseImport.court_id == court.id, CaseImport.status == RegisterImportStatus.APPLIED))
    if as_of is None or as_of < last:
        raise DomainError(f"{court.name}的案件台账尚未包含 {month} 整月，请先导入截至该月末的台账。")
    rows = db.session.execute(
        select(CaseRecord.case_number, CaseRecord.cause, CaseRecord.division, CaseRecord.judge,
               CaseRecord.closed_on, CaseRecord.closing_method)
        .where(CaseRecord.court_id == court.id, CaseRecord.closed_on >= first, CaseRecord.closed_on <= last)
        .order_by(CaseRecord.closed_on, CaseRecord.case_number)).all()
    if not rows:
        raise DomainError(f"案件台账中{court.name} {month} 没有结案案件。")
    data = csv_bytes([HEADER] + [[n, c, d, j, closed.isoformat(), m] for n, c, d, j, closed, m in rows])
    return services.upload(actor, court, month, io.BytesIO(data), f"案件台账_{month}.csv")
