"""Case-list imports: upload → preview (every row's problems) → apply as one unit, or discard."""
from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select, update

from models import Court, Division, User, utcnow
from models.month import is_month
from models.caselist import CaseListImport, ClosedCase, ImportStatus
from models.draw import MonthlyDraw
from reviewer import audit, storage
from reviewer.caselists.reading import ReadError, read_rows
from reviewer.caselists.rows import CourtContext, validate_rows
from reviewer.errors import DomainError
from reviewer.extensions import db

MAX_BYTES = 10 * 1024 * 1024
_MIME = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv",
}


def check_month(month: str) -> str:
    """Return the month if it is YYYY-MM, else raise the user's error."""
    if not is_month(month):
        raise DomainError("月份格式应为 YYYY-MM，例如 2021-03。")
    return month


def court_context(court: Court, month: str) -> CourtContext:
    """The court's divisions, active users by name and already listed cases (three queries)."""
    divisions = {d.name: d.id for d in db.session.scalars(
        select(Division).where(Division.court_id == court.id, Division.active.is_(True)))}
    judges: dict[str, list[int]] = {}
    for user_id, name in db.session.execute(
            select(User.id, User.display_name).where(User.court_id == court.id,
                                                     User.active.is_(True))):
        judges.setdefault(name, []).append(user_id)
    existing = dict(db.session.execute(
        select(ClosedCase.case_number, ClosedCase.month).where(ClosedCase.court_id == court.id)).all())
    return CourtContext(court.code, month, divisions, judges, existing)


def _validated_rows(path, original_name: str, court: Court, month: str) -> list[dict]:
    try:
        return validate_rows(read_rows(path, original_name), court_context(court, month))
    except ReadError as error:
        raise DomainError(str(error)) from None


def receive_table(actor, stream, original_name: str | None, kind: str, noun: str, validate):
    """Receive an uploaded .xlsx/.csv, validate its rows with `validate(path, name)` and keep it;
    returns (stored file, rows). Nothing is kept when the format, a row reader or the file's
    emptiness refuses it (DomainError). Shared by the 发改 register's import."""
    name = storage.clean_display_name(original_name)
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in _MIME:
        raise DomainError(f"只支持 .xlsx 或 .csv 格式的{noun}。")
    temp = storage.receive(stream, name, MAX_BYTES)
    try:
        rows = validate(temp.path, name)
    except BaseException:
        temp.discard()
        raise
    if not rows:
        temp.discard()
        raise DomainError("文件中只有表头，没有案件。")
    return storage.store(temp, kind, _MIME[suffix], uploaded_by=actor, ext=suffix), rows


def upload(actor, court: Court, month: str, stream, original_name: str | None) -> CaseListImport:
    """Receive and validate a case-list file; nothing in the case list changes until applied."""
    check_month(month)
    stored, rows = receive_table(actor, stream, original_name, "caselist", "结案清单",
                                 lambda path, name: _validated_rows(path, name, court, month))
    item = CaseListImport(
        court_id=court.id, month=month, file_id=stored.id, rows=rows, row_count=len(rows),
        error_count=sum(1 for r in rows if r["problems"]), uploaded_by_id=actor.id,
    )
    db.session.add(item)
    db.session.flush()
    audit.record(actor, "caselist.upload", item,
                 summary=f"{court.name} {month} 结案清单上传：{item.row_count} 行，"
                         f"{item.error_count} 行有问题")
    return item


def draw_exists(court_id: int, month: str) -> bool:
    return db.session.scalar(select(MonthlyDraw.id).where(
        MonthlyDraw.court_id == court_id, MonthlyDraw.month == month)) is not None


def apply(actor, item: CaseListImport) -> int:
    """Replace the court's list for the month with this import's rows, all or nothing.

    The stored file is validated again against today's users and lists, so a preview that has
    gone stale cannot slip bad rows in. A list applied by someone else after this file was
    uploaded is not overwritten silently: the import is refused (upload again to replace it).
    Returns the number of cases now listed.
    """
    _lock_month(item)
    if item.status != ImportStatus.PENDING:
        raise DomainError("该导入已处理，不能再次导入。")
    newer = db.session.scalar(select(CaseListImport).where(
        CaseListImport.court_id == item.court_id, CaseListImport.month == item.month,
        CaseListImport.status == ImportStatus.APPLIED, CaseListImport.id != item.id,
        CaseListImport.applied_at >= item.created_at).limit(1))
    if newer is not None:
        who = db.session.get(User, newer.applied_by_id) if newer.applied_by_id else None
        raise DomainError(f"本月结案清单已在本次上传之后由{who.display_name if who else '他人'}导入，"
                          "本次导入未生效。请核对当前清单，如需替换请重新上传。")
    if draw_exists(item.court_id, item.month):
        raise DomainError("本月已公告或完成随机抽取，结案清单已冻结，不能替换。")
    with storage.local_path(item.file) as path:
        rows = _validated_rows(path, item.file.original_name, item.court, item.month)
    item.rows = rows
    item.error_count = sum(1 for r in rows if r["problems"])
    item.row_count = len(rows)
    if item.error_count:
        raise DomainError(f"还有 {item.error_count} 行存在问题，请修改文件后重新上传。")
    db.session.execute(delete(ClosedCase).where(ClosedCase.court_id == item.court_id,
                                                ClosedCase.month == item.month))
    db.session.add_all(ClosedCase(
        court_id=item.court_id, month=item.month, case_number=r["values"]["case_number"],
        cause=r["values"]["cause"], division_id=r["values"]["division_id"],
        judge_id=r["values"]["judge_id"], closed_on=date.fromisoformat(r["values"]["closed_on"]),
        closing_method=r["values"]["closing_method"], import_id=item.id,
    ) for r in rows)
    item.status = ImportStatus.APPLIED
    item.applied_by_id = actor.id
    item.applied_at = utcnow()
    db.session.flush()
    audit.record(actor, "caselist.apply", item,
                 summary=f"{item.court.name} {item.month} 结案清单导入 {len(rows)} 件")
    return len(rows)


def _lock_month(item: CaseListImport) -> None:
    """Take the write lock on the court's imports for the month, then re-read this one: two
    applies (or an apply and a discard) of the same month run one after the other, and the later
    sees what the earlier committed (PostgreSQL row locks; SQLite's single writer)."""
    db.session.execute(update(CaseListImport).where(
        CaseListImport.court_id == item.court_id, CaseListImport.month == item.month)
        .values(status=CaseListImport.status).execution_options(synchronize_session=False))
    db.session.refresh(item)


def discard(actor, item: CaseListImport) -> None:
    _lock_month(item)
    if item.status != ImportStatus.PENDING:
        raise DomainError("该导入已处理。")
    item.status = ImportStatus.DISCARDED
    db.session.flush()
    audit.record(actor, "caselist.discard", item, summary=f"{item.court.name} {item.month} 放弃导入")
