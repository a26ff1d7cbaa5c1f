"""Validating the rows of a closed-case list (结案清单) against a court and month.

Rule, per row (every problem is reported, not only the first):
- 案号 required, a well-formed case number of *this* court (its code, e.g. 豫0802), written in
  the canonical form the draw uses (full-width brackets, no spaces); not twice in the file and
  not already in another month's list of the same court.
- 案由 and 结案方式 required (≤ 100 / 30 characters).
- 承办部门 must be one of the court's divisions, by exact name.
- 承办人 must be exactly one active user of the court with that display name.
- 结案日期 a date (2021-03-15, 2021/3/15, 2021.3.15, 2021年3月15日, 20210315, a spreadsheet
  date cell, or an Excel serial number such as 44270 from a cell formatted 常规) inside the month
  being imported.
Pure: the caller passes the court's divisions, judges and already imported case numbers.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from reviewer.caselists.reading import RawRow, as_text
from reviewer.draws.lottery import LotteryError, canonical_candidate
from reviewer.judgments.case_number import parse_case_number

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


@dataclass
class CourtContext:
    court_code: str
    month: str                                   # YYYY-MM
    divisions: dict[str, int]                    # name -> division id
    judges: dict[str, list[int]]                 # display name -> active user ids in the court
    existing: dict[str, str] = field(default_factory=dict)  # case number -> month already listed


_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
SERIAL_RANGE = (18264, 73050)    # Excel serial numbers of 1950-01-01 … 2099-12-31


def parse_date(value) -> date | None:
    """A date from a spreadsheet cell or text, or None when it is not one.

    Excel serial numbers (days since 1899-12-30, Excel's 1900 date system, read by openpyxl's
    `from_excel`) are accepted from 1950 to 2099, as numbers or as their text.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return None
    text = as_text(value)
    if isinstance(value, (int, float)) or _SERIAL.match(text):
        try:
            serial = float(text)
        except ValueError:
            serial = None
        if serial is not None and SERIAL_RANGE[0] <= serial <= SERIAL_RANGE[1]:
            from openpyxl.utils.datetime import from_excel

            return from_excel(serial).date()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return None
    return None


def check_case_number(text: str, court_code: str) -> tuple[str | None, str | None]:
    """Return (canonical case number, problem); exactly one of them is None."""
    if not text:
        return None, "案号为空"
    try:
        canonical = canonical_candidate(text)
    except LotteryError:
        return None, "案号为空"
    parsed = parse_case_number(canonical)
    if parsed is None:
        return None, f"案号格式不正确：{text}"
    if parsed.court_code != court_code:
        return None, f"案号中的法院代字 {parsed.court_code} 不是本院（{court_code}）"
    return canonical_candidate(parsed.normalized), None


def validate_rows(raw_rows: Iterable[RawRow], context: CourtContext) -> list[dict]:
    """Validate every row; each result is {"line", "values", "problems"} (JSON-serialisable)."""
    results = []
    for raw in raw_rows:
        results.append(_validate(raw, context))
    counts = Counter(r["values"]["case_number"] for r in results if r["values"]["case_number"])
    for row in results:
        number = row["values"]["case_number"]
        if number and counts[number] > 1:
            row["problems"].append("案号在文件中重复出现")
    return results


def _validate(raw: RawRow, ctx: CourtContext) -> dict:
    v = raw.values
    problems: list[str] = []
    values: dict = {}

    number, problem = check_case_number(as_text(v.get("case_number")), ctx.court_code)
    values["case_number"] = number or as_text(v.get("case_number"))
    if problem:
        problems.append(problem)
        values["case_number"] = None if not as_text(v.get("case_number")) else values["case_number"]
    elif number in ctx.existing and ctx.existing[number] != ctx.month:
        problems.append(f"该案已在 {ctx.existing[number]} 的结案清单中")

    for key, label, limit in (("cause", "案由", 100), ("closing_method", "结案方式", 30)):
        text = as_text(v.get(key))
        values[key] = text
        if not text:
            problems.append(f"{label}为空")
        elif len(text) > limit:
            problems.append(f"{label}超过 {limit} 个字")

    division = as_text(v.get("division"))
    values["division"] = division
    values["division_id"] = ctx.divisions.get(division)
    if not division:
        problems.append("承办部门为空")
    elif values["division_id"] is None:
        problems.append(f"本院没有名为“{division}”的部门")

    judge = as_text(v.get("judge"))
    values["judge"] = judge
    ids = ctx.judges.get(judge, [])
    values["judge_id"] = ids[0] if len(ids) == 1 else None
    if not judge:
        problems.append("承办人为空")
    elif not ids:
        problems.append(f"本院用户中没有“{judge}”")
    elif len(ids) > 1:
        problems.append(f"本院有 {len(ids)} 位用户名为“{judge}”，无法确定承办人")

    closed = parse_date(v.get("closed_on"))
    values["closed_on"] = closed.isoformat() if closed else as_text(v.get("closed_on"))
    if closed is None:
        problems.append("结案日期为空或格式不正确" if as_text(v.get("closed_on")) == "" else
                        f"结案日期无法识别：{as_text(v.get('closed_on'))}")
    elif closed.strftime("%Y-%m") != ctx.month:
        problems.append(f"结案日期 {closed.isoformat()} 不在 {ctx.month}")

    return {"line": raw.line, "values": values, "problems": problems}
