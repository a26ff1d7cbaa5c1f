"""`date.order` (error): the dates told in the history are out of procedural order.

Rule: in the history (审理经过) each Arabic date is classified by the words that follow it before
the next date: 开庭 → hearing; 立案, 受理, 提起诉讼, 起诉, 提起公诉, 申请执行, 提起上诉 → filing; a
date followed first by 作出/判决/裁定/宣判 (an earlier decision) or anything else is ignored. Then
filing must not come after a hearing, and neither may come after the signing date.
"""
from __future__ import annotations

import re
from datetime import date

from reviewer.judgments.chinese_dates import ARABIC_DATE
from reviewer.prechecks.findings import ERROR, Finding, excerpt

_SAME_DAY = re.compile(r"^(?:于)?(?:同日|当日|当天)")
_MARKERS = re.compile(r"开庭|立案|受理|提起诉讼|起诉|提起公诉|申请执行|提起上诉|作出|宣判|判决|裁定|调解书")
_FILING = {"立案", "受理", "提起诉讼", "起诉", "提起公诉", "申请执行", "提起上诉"}
_LABELS = {"filing": "立案（受理）", "hearing": "开庭", "signing": "落款"}


def history_dates(text: str) -> list[tuple[str, date, int, int]]:
    """(kind, date, start, end) for the filing and hearing dates told in `text`."""
    found = []
    matches = list(ARABIC_DATE.finditer(text))
    for n, match in enumerate(matches):
        stop = matches[n + 1].start() if n + 1 < len(matches) else len(text)
        window = text[match.end(): min(stop, match.end() + 40)]
        marker = _MARKERS.search(window)
        if not marker:
            continue
        kind = "hearing" if marker.group(0) == "开庭" else "filing" if marker.group(0) in _FILING else None
        if kind is None:
            continue
        try:
            value = date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            continue
        found.append((kind, value, match.start(), match.end()))
    return found


def check_order(parsed, court_codes) -> list[Finding]:
    if "history" not in parsed.section_ranges:
        return []
    start, end = parsed.section_ranges["history"]
    findings = []
    for i in range(start, end):
        text = parsed.paragraphs[i]
        dates = history_dates(text)
        filings = [d for d in dates if d[0] == "filing"]
        hearings = [d for d in dates if d[0] == "hearing"]
        problem = None
        if filings and hearings and filings[0][1] > hearings[0][1]:
            problem = (filings[0], f"立案（受理）日期 {filings[0][1]:%Y-%m-%d} 晚于开庭日期 {hearings[0][1]:%Y-%m-%d}。")
        elif parsed.judgment_date:
            late = [d for d in dates if d[1] > parsed.judgment_date]
            if late:
                kind, value = late[0][0], late[0][1]
                problem = (late[0], f"{_LABELS[kind]}日期 {value:%Y-%m-%d} 晚于落款日期 "
                                    f"{parsed.judgment_date:%Y-%m-%d}。")
        if problem:
            (_, _, s, e), message = problem
            findings.append(Finding("date.order", ERROR, message, i, excerpt(text, s, e)))
    return findings
