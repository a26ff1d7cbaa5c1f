"""The agreement page's reports: computed by the background job `agreement.report`, stored, read.

The report (ICC with pingouin and pandas, Krippendorff's alpha) needs libraries that cost a web
worker about 100 MB of memory for good once loaded (issue 19 item 4), so the page never computes
it: it reads the stored `AgreementReportRow` of its scope (kind, period, sheet version) when the
row's fingerprint equals the scope's current one (`fingerprint`: the submitted sheets, their
versions and the version's thresholds), and otherwise queues the job and shows its progress
(`reviewer.progress`, key `agreement:<kind>:<period>:<sheet id>`) — with the previous report, if
any, marked as out of date. The job computes with `services.compute`, like the CLI and the export.
A job already queued or running (progress written within `PENDING_FOR`) is not queued again.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from models import AgreementReportRow, ScoreSheet, utcnow
from reviewer import progress
from reviewer.agreement import loading, services, stored
from reviewer.agreement.report import AgreementReport, SheetData, build
from reviewer.extensions import db
from reviewer.jobs import enqueue, job

JOB = "agreement.report"
PENDING_FOR = timedelta(minutes=10)
RUNNING = ("queued", "computing")
STAGE_LABELS = {"queued": "已排队，等待后台计算……", "computing": "正在计算……", "failed": "计算失败，稍后将自动重试。"}


def key_of(kind: str, period_text: str, sheet_id: int) -> str:
    return f"agreement:{kind}:{period_text}:{sheet_id}"


def fingerprint(kind: str, months, sheet: ScoreSheet) -> str:
    """SHA-256 hex of the scope's inputs (`loading.signature`, the version's spread threshold and
    grade bands, the payload version): one statement."""
    bands = sorted((str(k), str(v)) for k, v in (sheet.grade_bands or {}).items())
    basis = f"{loading.signature(kind, months, sheet.id)}|{sheet.spread_threshold}|{bands}|{stored.VERSION}"
    return hashlib.sha256(basis.encode()).hexdigest()


def _row(kind: str, period_text: str, sheet_id: int) -> AgreementReportRow | None:
    return db.session.scalar(select(AgreementReportRow).where(
        AgreementReportRow.kind == kind, AgreementReportRow.period == period_text,
        AgreementReportRow.sheet_id == sheet_id))


def _report(row: AgreementReportRow | None) -> AgreementReport | None:
    try:
        return None if row is None else stored.load(row.payload)
    except (KeyError, TypeError):   # a payload of an older shape: computed again
        return None


def _current(row: AgreementReportRow | None, fingerprint_now: str) -> AgreementReport | None:
    """The row's report when it was computed from the scope's current inputs, else None."""
    return _report(row) if row is not None and row.fingerprint == fingerprint_now else None


@dataclass
class PageReport:
    """What the page shows: the report (None while none was ever computed for the scope), whether
    it is up to date, and the job's progress when it is not."""

    report: AgreementReport | None
    fresh: bool
    state: progress.State

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS.get(self.state.stage, STAGE_LABELS["queued"])


def for_page(found: services.Scope) -> PageReport:
    """The stored report of `found`, queuing the job when it is missing or out of date (three or
    four statements, none over the item rows). A scope without sheets gives the empty report."""
    if found.sheet is None:
        return PageReport(build(SheetData.empty([], 100.0, {}, 10.0)), True, progress.State())
    kind, period_text, sheet_id = found.kind, found.period.text, found.sheet.id
    current = fingerprint(kind, found.period.months, found.sheet)
    row = _row(kind, period_text, sheet_id)
    if (report := _current(row, current)) is not None:
        return PageReport(report, True, progress.State())
    key = key_of(kind, period_text, sheet_id)
    state = progress.read(key)
    if state.stage not in RUNNING or state.updated_at is None or state.updated_at < utcnow() - PENDING_FOR:
        progress.write(key, "queued", 0, 2)
        enqueue(JOB, kind, period_text, sheet_id)    # immediate mode (tests): computed and stored here
        row, state = _row(kind, period_text, sheet_id), progress.read(key)
    if (report := _current(row, current)) is not None:
        return PageReport(report, True, progress.State())
    return PageReport(_report(row), False, state)


def _gave_up(kind: str, period_text: str, sheet_id: int, _message: str) -> None:
    progress.write(key_of(kind, period_text, sheet_id), "failed")


@job(JOB, on_give_up=_gave_up)
def report_job(kind: str, period_text: str, sheet_id: int) -> int | None:
    """Compute and store the report of (kind, period, sheet id); returns the row id, or None when the
    scope has no sheet on that version any more. Nothing is computed if the stored row is current."""
    key = key_of(kind, period_text, sheet_id)
    found = services.scope(kind, period_text, sheet_id)
    if found.sheet is None or found.sheet.id != sheet_id:
        progress.write(key, "done")
        return None
    current = fingerprint(found.kind, found.period.months, found.sheet)
    row = _row(kind, period_text, sheet_id)
    if _current(row, current) is None:
        progress.write(key, "computing", 1, 2)
        payload = stored.dump(services.compute(kind, period_text, sheet_id).report)
        if row is None:
            row = AgreementReportRow(kind=kind, period=period_text, sheet_id=sheet_id)
            db.session.add(row)
        row.fingerprint, row.payload, row.computed_at = current, payload, utcnow()
        try:
            db.session.commit()
        except IntegrityError:       # another worker stored the same scope first
            db.session.rollback()
            row = _row(kind, period_text, sheet_id)
    progress.write(key, "done", 2, 2)
    return None if row is None else row.id
