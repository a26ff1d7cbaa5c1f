"""Run every format check on a parsed judgment (pure: no Flask, no database)."""
from __future__ import annotations

from collections.abc import Mapping

from reviewer.judgments.document import ParsedJudgment
from reviewer.prechecks.findings import Finding
from reviewer.prechecks.rules import ALL_RULES


class CourtCodes(dict):
    """Court full name → case-number code (豫08), plus `submitting`: (full name, code) of the court
    that submits the judgment, when known (intake), for `case_number.court_mismatch`."""

    submitting: tuple[str, str] | None = None


def run_checks(parsed: ParsedJudgment, court_codes: Mapping[str, str] | None = None,
               submitting: tuple[str, str] | None = None) -> list[Finding]:
    """All findings, ordered by paragraph. `court_codes` maps a court's full name to its code (豫08);
    `submitting` is the submitting court's (full name, code) when known."""
    table = CourtCodes(court_codes or {})
    table.submitting = submitting
    findings: list[Finding] = []
    for rule in ALL_RULES:
        findings.extend(rule(parsed, table))
    return sorted(findings, key=lambda f: (f.paragraph if f.paragraph is not None else -1, f.code))
