"""Background jobs of the register imports: check an uploaded export, apply a checked one.

Listed in `reviewer.wiring.JOBS`, which the app's huey registers. Each job is its own
unit of work: it commits, and a refused apply is rolled back and recorded on the import.
"""
from __future__ import annotations

from models import User
from models.case_register import CaseImport, RegisterImportStatus
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.indicators import imports, progress
from reviewer.jobs import job


@job("indicators.check_import")
def check_import_job(import_id: int) -> str | None:
    item = db.session.get(CaseImport, import_id)
    if item is None or item.status != RegisterImportStatus.CHECKING:
        return None
    imports.check(item, progress.reporter(import_id, "checking"))
    db.session.commit()
    progress.write(import_id, "checked", item.row_count, item.row_count)
    return item.status.value


@job("indicators.apply_import")
def apply_import_job(import_id: int, actor_id: int | None) -> str | None:
    item = db.session.get(CaseImport, import_id)
    if item is None or item.status != RegisterImportStatus.APPLYING:
        return None
    actor = db.session.get(User, actor_id) if actor_id else None
    try:
        count = imports.apply(actor, item, progress.reporter(import_id, "applying", item.row_count))
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        item = db.session.get(CaseImport, import_id)
        imports.fail_apply(item, error.message)
        db.session.commit()
        return "refused"
    progress.write(import_id, "applied", count, count)
    return item.status.value
