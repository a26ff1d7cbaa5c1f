"""Agreement reports computed by a background job, so the web workers never load the statistics libraries."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class AgreementReportRow(Base):
    """The agreement report (评查一致性) of one scope — kind of subject, period text (`2026-04`,
    `2026-Q2`, `2026`) and score-sheet version — as computed from the sheets whose `fingerprint`
    (`reviewer.agreement.stored.fingerprint`) it holds. `payload` is the report's JSON
    (`reviewer.agreement.stored.dump`). Written only by the job `agreement.report`."""

    __tablename__ = "agreement_reports"
    __table_args__ = (UniqueConstraint("kind", "period", "sheet_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    period: Mapped[str] = mapped_column(String(10))
    sheet_id: Mapped[int] = mapped_column(ForeignKey("score_sheets.id", ondelete="CASCADE"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict]
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<AgreementReportRow {self.kind} {self.period} sheet {self.sheet_id}>"
