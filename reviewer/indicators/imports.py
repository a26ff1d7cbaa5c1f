"""Register imports: upload → preview (row problems) → apply as one unit, or discard.

Applying a court's export makes it the court's current snapshot: the previous snapshot is marked
superseded (its file and monthly counters stay, as history), its case rows are replaced by the
new ones, and the new snapshot's monthly counters are computed in the same streamed pass and
become current. The file is read twice (preview, then apply, so a stale preview cannot slip
anything in), always as a stream: memory stays flat whatever the number of rows.
Services flush, never commit.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import delete, insert, select, update

from models import Court, utcnow
from models.case_register import (
    TALLY_COUNTERS, CaseImport, CaseRecord, CaseTally, CourtTally, RegisterImportStatus, RegisterMapping,
)
from reviewer import audit, clock, storage
from reviewer.caselists.reading import ReadError, read_rows
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.indicators import watch_counts
from reviewer.indicators.periods import add_months, month_key
from reviewer.indicators.register import due_on
from reviewer.indicators.rows import LABELS, check_rows, layout_for
from reviewer.indicators.tally import contributions
from reviewer.indicators.watch import Snapshot

MAX_BYTES = 512 * 1024 * 1024
BATCH = 5000
PREVIEW_PROBLEMS = 500
PREVIEW_SAMPLE = 20
HISTORY_YEARS = 5        # monthly counters are kept from five years before the export's month
_MIME = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".csv": "text/csv"}


def saved_mapping(court_id: int) -> dict[str, str]:
    row = db.session.scalar(select(RegisterMapping).where(RegisterMapping.court_id == court_id))
    return dict(row.mapping) if row else {}


def save_mapping(actor, court: Court, mapping: dict[str, str]) -> None:
    """Save the court's header names (field -> header); unknown fields are refused."""
    unknown = set(mapping) - set(LABELS)
    if unknown:
        raise DomainError("未知的字段：" + "、".join(sorted(unknown)))
    cleaned = {f: h.strip() for f, h in mapping.items() if h and h.strip()}
    row = db.session.scalar(select(RegisterMapping).where(RegisterMapping.court_id == court.id))
    before = dict(row.mapping) if row else {}
    if row is None:
        row = RegisterMapping(court_id=court.id)
        db.session.add(row)
    row.mapping = cleaned
    db.session.flush()
    audit.record(actor, "register.mapping", row, before=before, after=cleaned,
                 summary=f"{court.name} 案件台账表头对应关系已保存")


def _checked(stored, court: Court, as_of: date):
    """The checked rows of the stored export (read from a local copy on the S3 backend)."""
    try:
        with storage.local_path(stored) as path:
            raw = read_rows(path, stored.original_name, layout_for(saved_mapping(court.id)))
            yield from check_rows(raw, court.code, as_of)
    except ReadError as error:
        raise DomainError(str(error)) from None


def receive(actor, court: Court, stream, original_name: str | None, as_of: date) -> CaseImport:
    """Store an uploaded export and record it as being checked (`check` reads it, maybe in a job)."""
    name = storage.clean_display_name(original_name)
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in _MIME:
        raise DomainError("只支持 .xlsx 或 .csv 格式的案件台账。")
    if as_of > clock.today():
        raise DomainError("导出日期不能晚于今天。")
    temp = storage.receive(stream, name, MAX_BYTES)
    stored = storage.store(temp, "register", _MIME[suffix], uploaded_by=actor, ext=suffix)
    item = CaseImport(court_id=court.id, file_id=stored.id, as_of=as_of, mapping=saved_mapping(court.id),
                      status=RegisterImportStatus.CHECKING, problems=[], sample=[], row_count=0, error_count=0,
                      uploaded_by_id=actor.id if actor else None)
    db.session.add(item)
    db.session.flush()
    audit.record(actor, "register.upload", item, summary=f"{court.name} 案件台账上传：{name}")
    return item


def check(item: CaseImport, progress: Callable[[int], None] | None = None) -> CaseImport:
    """Read and check every row of a received export, streaming; the preview keeps the first rows
    with problems. A file that cannot be read at all ends FAILED with the reason."""
    if item.status != RegisterImportStatus.CHECKING:
        raise DomainError("该导入已检查。")
    court = db.session.get(Court, item.court_id)
    problems, sample = [], []
    rows = errors = 0
    first = last = None
    try:
        for checked in _checked(item.file, court, item.as_of):
            rows += 1
            if checked.problems:
                errors += 1
                if len(problems) < PREVIEW_PROBLEMS:
                    problems.append({"line": checked.line, "case_number": checked.case_number,
                                     "problems": checked.problems})
            elif len(sample) < PREVIEW_SAMPLE:
                sample.append(_sample(checked))
            if checked.row is not None:
                month = month_key(checked.row.filed_on)
                first = month if first is None or month < first else first
                last = month if last is None or month > last else last
            if progress and rows % BATCH == 0:
                progress(rows)
        if rows == 0:
            raise DomainError("文件中只有表头，没有案件。")
    except DomainError as error:
        item.status, item.failure = RegisterImportStatus.FAILED, error.message[:500]
        db.session.flush()
        return item
    item.status = RegisterImportStatus.PENDING
    item.row_count, item.error_count, item.problems, item.sample = rows, errors, problems, sample
    item.first_month, item.last_month = first, last
    db.session.flush()
    audit.record(None, "register.check", item,
                 summary=f"{court.name} 案件台账检查：{rows} 行，{errors} 行有问题")
    return item


def upload(actor, court: Court, stream, original_name: str | None, as_of: date,
           progress: Callable[[int], None] | None = None) -> CaseImport:
    """Receive and check an export at once (CLI, demo); a file that cannot be read raises."""
    item = check(receive(actor, court, stream, original_name, as_of), progress)
    if item.status == RegisterImportStatus.FAILED:
        raise DomainError(item.failure)
    return item


def _sample(checked) -> dict:
    r = checked.row
    return {"line": checked.line, "case_number": r.case_number, "category": r.category,
            "procedure": r.procedure, "division": r.division, "judge": r.judge,
            "filed_on": r.filed_on.isoformat(), "closed_on": r.closed_on.isoformat() if r.closed_on else "",
            "closing_method": r.closing_method}


def start_apply(actor, item: CaseImport) -> None:
    """Mark a checked export as being applied (the job then calls `apply`)."""
    if item.status != RegisterImportStatus.PENDING:
        raise DomainError("该导入已处理，不能再次导入。")
    if item.error_count:
        raise DomainError(f"还有 {item.error_count} 行存在问题，请修改文件后重新上传。")
    item.status, item.failure = RegisterImportStatus.APPLYING, None
    db.session.flush()


def fail_apply(item: CaseImport, message: str) -> None:
    """An apply that was refused: the export goes back to waiting, with the reason."""
    item.status, item.failure = RegisterImportStatus.PENDING, message[:500]
    db.session.flush()


def apply(actor, item: CaseImport, progress: Callable[[int], None] | None = None) -> int:
    """Make this export the court's current register, all or nothing; returns the case count."""
    if item.status not in (RegisterImportStatus.PENDING, RegisterImportStatus.APPLYING):
        raise DomainError("该导入已处理，不能再次导入。")
    court = db.session.get(Court, item.court_id)
    through = month_key(item.as_of)
    since = add_months(through, -12 * HISTORY_YEARS)
    _supersede(court.id)
    totals: dict[tuple[str, str], dict[str, int]] = {}
    batch, count = [], 0
    for checked in _checked(item.file, court, item.as_of):
        if checked.problems:
            raise DomainError(f"第 {checked.line} 行存在问题（{'；'.join(checked.problems)}），"
                              "请修改文件后重新上传。")
        row = checked.row
        due = due_on(row)
        batch.append(_record(item, checked, due))
        for month, counter, amount in contributions(row, through, since, due=due):
            bucket = totals.setdefault((row.division, month), {})
            bucket[counter] = bucket.get(counter, 0) + amount
        count += 1
        if len(batch) >= BATCH:
            _insert(CaseRecord, batch)
            batch = []
            if progress:
                progress(count)
    _insert(CaseRecord, batch)
    rows = [{"import_id": item.id, "court_id": court.id, "division": division, "month": month,
             "current": True, **{c: counters.get(c, 0) for c in TALLY_COUNTERS}}
            for (division, month), counters in totals.items()]
    _insert(CaseTally, rows)
    _insert(CourtTally, _court_rows(rows))
    item.status, item.failure = RegisterImportStatus.APPLIED, None
    item.row_count = count
    item.applied_by_id = actor.id if actor else None
    item.applied_at = utcnow()
    db.session.flush()
    watch_counts.store(db.session, [Snapshot(court, item.as_of)])
    audit.record(actor, "register.apply", item, summary=f"{court.name} 案件台账导入 {count} 件（截至 {item.as_of}）")
    return count


def _court_rows(division_rows: list[dict]) -> list[dict]:
    """The CourtTally rows of a snapshot: its division rows' counters added up per month."""
    by_month: dict[str, dict] = {}
    for row in division_rows:
        total = by_month.get(row["month"])
        if total is None:
            by_month[row["month"]] = {k: v for k, v in row.items() if k != "division"}
        else:
            for counter in TALLY_COUNTERS:
                total[counter] += row[counter]
    return list(by_month.values())


def _insert(model, rows: list[dict]) -> None:
    """Insert plain rows in the session's transaction: PostgreSQL's COPY (psycopg's public
    `cursor.copy`), one stream instead of a statement per row; elsewhere a DB-API executemany."""
    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        connection.execute(insert(model.__table__), rows)
        return
    quote = connection.dialect.identifier_preparer.quote
    columns = list(rows[0])
    statement = f"COPY {quote(model.__tablename__)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    with connection.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def _supersede(court_id: int) -> None:
    """The court's current snapshot becomes history: counters no longer current, cases removed."""
    previous = db.session.scalars(select(CaseImport.id).where(
        CaseImport.court_id == court_id, CaseImport.status == RegisterImportStatus.APPLIED)).all()
    if not previous:
        return
    db.session.execute(update(CaseTally).where(CaseTally.import_id.in_(previous)).values(current=False))
    db.session.execute(update(CourtTally).where(CourtTally.import_id.in_(previous)).values(current=False))
    watch_counts.forget(db.session, previous)
    db.session.execute(delete(CaseRecord).where(CaseRecord.import_id.in_(previous)))
    db.session.execute(update(CaseImport).where(CaseImport.id.in_(previous)).values(
        status=RegisterImportStatus.SUPERSEDED, superseded_at=utcnow()))


def _record(item: CaseImport, checked, due) -> dict:
    r = checked.row
    return {
        "import_id": item.id, "court_id": item.court_id, "line": checked.line,
        "case_number": r.case_number, "type_code": checked.type_code[:10], "category": r.category,
        "procedure": r.procedure, "cause": r.cause, "division": r.division, "judge": r.judge,
        "filed_on": r.filed_on,
        "closed_on": r.closed_on, "closing_method": r.closing_method,
        "simple_procedure": r.simple_procedure, "small_claims": r.small_claims, "fast_track": r.fast_track,
        "deducted_days": r.deducted_days, "deduction_approved_on": r.deduction_approved_on,
        "extended_days": r.extended_days, "extension_approved_on": r.extension_approved_on,
        "appealed_on": r.appealed_on, "transferred_on": r.transferred_on,
        "appeal_outcome": (r.appeal_outcome or None) and r.appeal_outcome[:20],
        "retrial_applied_on": r.retrial_applied_on,
        "retrial_outcome": (r.retrial_outcome or None) and r.retrial_outcome[:20],
        "payable": r.payable, "enforced": r.enforced, "amount_applied": r.amount_applied,
        "amount_recovered": r.amount_recovered, "final_review": r.final_review, "due_on": due,
    }


def discard(actor, item: CaseImport) -> None:
    if item.status not in (RegisterImportStatus.PENDING, RegisterImportStatus.FAILED):
        raise DomainError("该导入已处理。")
    item.status = RegisterImportStatus.DISCARDED
    db.session.flush()
    audit.record(actor, "register.discard", item, summary=f"{item.court.name} 放弃案件台账导入")
