"""Importing the case-management system's list of 发改 cases: upload → preview (every row's
problems) → apply as one unit, or discard — the case lists' pattern and reading helpers
(reviewer/caselists/reading.py); the row rules are import_rows.py."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from models import Court, CourtLevel, Division, User, utcnow
from models.caselist import ImportStatus
from models.reversal import HigherLevel, ReversalCase, ReversalImport, ReversalReason, ReversalResult
from reviewer import audit, storage
from reviewer.caselists.reading import ReadError, read_rows
from reviewer.caselists.services import receive_table
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.reversals import import_rows, register



def context(today: date) -> import_rows.ImportContext:
    """Courts with divisions and active users by name, reasons, existing pairs (five queries)."""
    courts = list(db.session.scalars(select(Court).where(Court.active.is_(True))))
    divisions: dict[int, dict[str, int]] = {}
    for d in db.session.scalars(select(Division).where(Division.active.is_(True))):
        divisions.setdefault(d.court_id, {})[d.name] = d.id
    judges: dict[int, dict[str, list[int]]] = {}
    for uid, court_id, name in db.session.execute(
            select(User.id, User.court_id, User.display_name).where(User.active.is_(True))):
        judges.setdefault(court_id, {}).setdefault(name, []).append(uid)
    intermediate = next((c for c in courts if c.level == CourtLevel.INTERMEDIATE), None)
    register.ensure_reasons()
    return import_rows.ImportContext(
        courts={c.code: import_rows.CourtInfo(c.id, divisions.get(c.id, {}), judges.get(c.id, {})) for c in courts},
        intermediate_code=intermediate.code if intermediate else "",
        intermediate_divisions=divisions.get(intermediate.id, {}) if intermediate else {},
        reasons=dict(db.session.execute(select(ReversalReason.name, ReversalReason.id)
                                        .where(ReversalReason.active.is_(True))).all()),
        today=today,
        existing=set(db.session.execute(select(ReversalCase.case_number, ReversalCase.higher_case_number)).all()))


def _validated(path, name: str, today: date) -> list[dict]:
    try:
        return import_rows.validate_rows(read_rows(path, name, import_rows.COLUMNS), context(today))
    except ReadError as error:
        raise DomainError(str(error)) from None


def upload(actor, stream, original_name: str | None, today: date) -> ReversalImport:
    """Receive and validate the file; the register does not change until applied."""
    stored, rows = receive_table(actor, stream, original_name, "reversal_import", import_rows.COLUMNS.noun,
                                 lambda path, name: _validated(path, name, today))
    item = ReversalImport(file_id=stored.id, rows=rows, row_count=len(rows),
                          error_count=sum(1 for r in rows if r["problems"]), uploaded_by_id=actor.id)
    db.session.add(item)
    db.session.flush()
    audit.record(actor, "reversal.import_upload", item,
                 summary=f"发改案件清单上传：{item.row_count} 行，{item.error_count} 行有问题")
    return item


def apply(actor, item: ReversalImport, today: date) -> int:
    """Record every row, all or nothing; the file is validated again first (a stale preview
    cannot slip bad rows in). Returns the number of cases recorded."""
    if item.status != ImportStatus.PENDING:
        raise DomainError("该导入已处理，不能再次导入。")
    with storage.local_path(item.file) as path:
        rows = _validated(path, item.file.original_name, today)
    item.rows, item.row_count = rows, len(rows)
    item.error_count = sum(1 for r in rows if r["problems"])
    if item.error_count:
        raise DomainError(f"还有 {item.error_count} 行存在问题，请修改文件后重新上传。")
    for row in rows:
        v = row["values"]
        register.record_case(actor, register.CaseInput(
            case_number=v["case_number"], court_id=v["court_id"], division_id=v["division_id"],
            judge_id=v["judge_id"], higher_case_number=v["higher_case_number"],
            higher_level=HigherLevel(v["higher_level"]), higher_division_id=v["higher_division_id"],
            result=ReversalResult(v["result"]), decided_on=date.fromisoformat(v["decided_on"]),
            reason_id=v["reason_id"]), today)
    item.status = ImportStatus.APPLIED
    item.applied_by_id = actor.id
    item.applied_at = utcnow()
    db.session.flush()
    audit.record(actor, "reversal.import_apply", item, summary=f"发改案件清单导入 {len(rows)} 件")
    return len(rows)


def discard(actor, item: ReversalImport) -> None:
    if item.status != ImportStatus.PENDING:
        raise DomainError("该导入已处理。")
    item.status = ImportStatus.DISCARDED
    db.session.flush()
    audit.record(actor, "reversal.import_discard", item, summary="放弃发改案件清单导入")
