"""Agreement statistics for a scope (period, kind of subject, score-sheet version): load, then build.

Read-only: nothing here writes. Raises `AgreementError` (a `DomainError`, Chinese message) for an
unknown kind or an unreadable period. Queries: six statements whatever the size of the period
(`loading` lists them).
"""
from __future__ import annotations

from dataclasses import dataclass

from models import ScoreSheet
from reviewer.agreement import loading, severity
from reviewer.agreement.periods import Period, PeriodError, parse_period
from reviewer.agreement.report import AgreementReport, SeverityModel, SheetData, build, fit_severity
from reviewer.errors import DomainError
from reviewer.extensions import db

# The severity-adjusted score of a month's subject is fitted on its quarter's sheets (issue #18:
# "a simple additive reviewer-effect model fitted on the month's or quarter's sheets").
ADJUSTMENT_SPAN = "quarter"


class AgreementError(DomainError):
    pass


@dataclass
class AgreementResult:
    kind: str
    period: Period
    sheet: ScoreSheet | None
    versions: list[loading.SheetVersion]
    report: AgreementReport
    names: dict

    @property
    def kind_label(self) -> str:
        return loading.SUBJECT_LABELS[self.kind]

    def as_dict(self) -> dict:
        return {
            "period": self.period.text, "period_label": self.period.label, "kind": self.kind,
            "sheet": None if self.sheet is None else {"id": self.sheet.id, "label": self.sheet.label},
            **self.report.as_dict(self.names),
        }


def parse_scope(kind: str | None, period_text: str | None) -> tuple[str, Period]:
    kind = kind or "judgment"
    if kind not in loading.SUBJECT_MODELS:
        known = "、".join(f"{k}（{label}）" for k, label in loading.SUBJECT_LABELS.items())
        raise AgreementError(f"评查对象“{kind}”无法识别：应为 {known}。")
    try:
        return kind, parse_period(period_text)
    except PeriodError as error:
        raise AgreementError(error.message) from None


@dataclass
class Scope:
    """A parsed scope with its sheet versions and the chosen one (None when no sheet is submitted)."""

    kind: str
    period: Period
    versions: list[loading.SheetVersion]
    sheet: ScoreSheet | None


def scope(kind: str | None, period_text: str | None, sheet_id: int | None = None) -> Scope:
    """Parse and resolve a scope: the most used sheet version when `sheet_id` is not one of it."""
    kind, period = parse_scope(kind, period_text)
    versions = loading.sheet_versions(kind, period.months)
    chosen = next((v for v in versions if v.id == sheet_id), versions[0] if versions else None)
    return Scope(kind, period, versions, db.session.get(ScoreSheet, chosen.id) if chosen else None)


def compute(kind: str | None, period_text: str | None, sheet_id: int | None = None) -> AgreementResult:
    """The agreement report of a scope, computed now (pandas, pingouin, krippendorff: the CLI, the
    export and the background job `agreement.report`; the web page reads the stored report)."""
    found = scope(kind, period_text, sheet_id)
    if found.sheet is None:
        data = SheetData.empty([], 100.0, {}, 10.0)
    else:
        data = loading.load(found.kind, found.period.months, found.sheet)
    report = build(data)
    names = loading.reviewer_names(row.reviewer_id for row in report.severities)
    return AgreementResult(found.kind, found.period, found.sheet, found.versions, report, names)


def quarter_of(month: str) -> str:
    year, number = month.split("-")
    return f"{year}-Q{(int(number) - 1) // 3 + 1}"


def for_month(kind: str, month: str) -> AgreementResult:
    """The report whose model adjusts the scores of `month`'s subjects (its quarter, see above)."""
    return compute(kind, quarter_of(month) if ADJUSTMENT_SPAN == "quarter" else month)


@dataclass
class SeverityResult:
    period: Period
    model: SeverityModel


def severity_for_month(kind: str, month: str) -> SeverityResult:
    """Only the severity model of `month`'s quarter (what `for_month(...).report` would give for
    severities and adjusted scores), for the pages that show nothing else: the compare page, the
    assignment board and the ranking draft. Fitted from one row per sheet (`loading.sheet_totals`,
    two statements, a quarter's sheets whatever the years stored), without the item rows and the
    agreement figures (ICC, alphas, pairs) the pages do not need."""
    period, data = _adjustment_totals(kind, month)
    return SeverityResult(period, fit_severity(data.subjects, data.reviewers, data.totals, data.total_points))


def _adjustment_totals(kind: str, month: str) -> tuple[Period, loading.SheetTotals]:
    """The period whose sheets adjust `month`'s scores (its quarter) and those sheets' totals."""
    kind, period = parse_scope(kind, quarter_of(month) if ADJUSTMENT_SPAN == "quarter" else month)
    return period, loading.sheet_totals(kind, period.months)


def severities_for_month(kind: str, month: str) -> list[severity.Severity]:
    """The reviewers' severities over `month`'s quarter, as `severity_for_month(...).model.severities`
    gives them but without the additive model (every `effect` is 0.0) and the adjusted scores: for
    the assignment board, which shows each reviewer's severity and nothing fitted. Two statements."""
    _period, data = _adjustment_totals(kind, month)
    return severity.severities(data.subjects, data.reviewers, data.totals, with_effects=False)
