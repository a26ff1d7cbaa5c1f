"""Case-number rules.

- `case_number.format` (error): the title has something that looks like a case number but is not
  one (missing brackets, missing 号, broken), or the year is impossible (before 1949, or after the
  signing year). Half-width or other brackets instead of （） are a warning.
- `case_number.court_mismatch` (error): the court code of a 2016-format number differs from the
  code of the court named in the title, per the `court_codes` mapping (full name → code), or from
  the code of the submitting court (`court_codes.submitting`, at intake); an unknown court or an
  old-style number gives no finding.
"""
from __future__ import annotations

import re

from reviewer.prechecks.findings import ERROR, WARNING, Finding, excerpt

_LOOSE = re.compile(r"[（(〔\[［【]?\s*((?:19|20)\d{2})\s*[）)〕\]］】]?\s*[\u4e00-\u9fa5]{1,8}\s*\d{0,4}"
                    r"[\u4e00-\u9fa5]{0,6}\s*\d{1,6}\s*号?")


def check_format(parsed, court_codes) -> list[Finding]:
    number = parsed.case_number
    if number is None:
        title_end = parsed.section_ranges.get("title", (0, 0))[1]
        for i, text in enumerate(parsed.paragraphs[: min(title_end + 1, 6)]):
            flat = re.sub(r"\s", "", text)
            match = _LOOSE.search(flat)
            if match and "，" not in flat and len(match.group(0)) >= 0.7 * len(flat):
                reason = "缺少“号”字" if not match.group(0).rstrip().endswith("号") else "年份须用（）括起"
                return [Finding("case_number.format", ERROR, f"案号格式不规范：{reason}。", i, text.strip())]
        return [Finding("case_number.format", ERROR, "未找到案号。", None, "")]
    findings = []
    index = parsed.case_number_paragraph
    raw = number.raw.replace(" ", "").replace("\u3000", "")
    latest = parsed.judgment_date.year if parsed.judgment_date else None
    if number.year < 1949 or (latest and number.year > latest):
        findings.append(Finding("case_number.format", ERROR,
                                f"案号年份 {number.year} 不可能（文书签署于 {latest} 年）。", index, number.raw))
    if not (raw.startswith("（") and f"{number.year}）" in raw):
        findings.append(Finding("case_number.format", WARNING,
                                "案号中的年份应使用全角圆括号“（）”。", index, number.raw))
    return findings


def check_court(parsed, court_codes) -> list[Finding]:
    number = parsed.case_number
    if number is None or number.old_style:
        return []
    text = parsed.paragraphs[parsed.case_number_paragraph]
    findings = []
    expected = court_codes.get(parsed.court_name) if parsed.court_name else None
    if expected and number.court_code != expected:
        findings.append(Finding(
            "case_number.court_mismatch", ERROR,
            f"案号中的法院代字“{number.court_code}”与{parsed.court_name}的代字“{expected}”不符。",
            parsed.case_number_paragraph, excerpt(text, 0, len(text))))
    submitting = getattr(court_codes, "submitting", None)
    if submitting and submitting[1] != expected and number.court_code != submitting[1]:
        findings.append(Finding(
            "case_number.court_mismatch", ERROR,
            f"案号中的法院代字“{number.court_code}”与报送法院{submitting[0]}的代字“{submitting[1]}”不符。",
            parsed.case_number_paragraph, excerpt(text, 0, len(text))))
    return findings
