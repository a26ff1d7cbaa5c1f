"""The watch lists' counts kept on write (models.watch_count): computed by the lists' rules
(`watch.rule_counts`) over a court's register when its export is applied, deleted when the
snapshot is superseded. `rebuild` recomputes every current snapshot's counts (the revision that
created the table runs it; so can an operator after changing the rules)."""
from __future__ import annotations

from sqlalchemy import delete, insert, select

from models import Court, WatchCount
from models.case_register import CaseImport, RegisterImportStatus
from reviewer.indicators.watch import Snapshot, rule_counts


def store(session, snaps: list[Snapshot]) -> int:
    """Insert the counts of the snapshots' courts, each row under its court's current (applied)
    import; returns the number of rows inserted (lists without a case have none)."""
    current = dict(session.execute(select(CaseImport.court_id, CaseImport.id).where(
        CaseImport.status == RegisterImportStatus.APPLIED)).all())
    rows = [{"import_id": current[court_id], "court_id": court_id, "division": division, "kind": kind,
             "count": number}
            for kind, numbers in rule_counts(session, snaps).items()
            for (court_id, division), number in numbers.items() if number]
    if rows:
        session.execute(insert(WatchCount.__table__), rows)
    return len(rows)


def forget(session, import_ids: list[int]) -> None:
    """Delete the counts of superseded snapshots."""
    session.execute(delete(WatchCount).where(WatchCount.import_id.in_(import_ids)))


def rebuild(session) -> int:
    """Recompute the counts of every current snapshot from its register; returns the rows stored."""
    session.execute(delete(WatchCount))
    snaps = [Snapshot(court, as_of) for court, as_of in session.execute(
        select(Court, CaseImport.as_of).join(CaseImport, CaseImport.court_id == Court.id)
        .where(CaseImport.status == RegisterImportStatus.APPLIED))]
    return store(session, snaps)
