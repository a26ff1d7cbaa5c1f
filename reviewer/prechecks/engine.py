"""Run every format check on a parsed judgment (pure: no Flask, no database)."""
from __future__ import annotations

from collections.abc import Mapping

from reviewer.judgments.document import ParsedJudgment
from reviewer.prechecks.findings import Finding
from reviewer.prechecks.rules import ALL_RULES


def run_checks(parsed: ParsedJudgment, court_codes: Mapping[str, str] | None = None) -> list[Finding]:
    """All findings, ordered by paragraph. `court_codes` maps a court's full name to its code (豫08)."""
    findings: list[Finding] = []
    for rule in ALL_RULES:
        findings.extend(rule(parsed, court_codes or {}))
    return sorted(findings, key=lambda f: (f.paragraph if f.paragraph is not None else -1, f.code))
