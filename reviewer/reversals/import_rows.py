"""Validating the rows of a 发改 export (the case-management system's list of changed cases).

Columns (Chinese headers, aliases below; 中院发改部门 optional). Rule per row, every problem
reported:
- 原审案号 a well-formed case number whose court code is one of the platform's courts; the
  court is taken from it;
- 上级法院案号 well-formed (or the provincial court's form （2025）豫民再3号); its court code
  decides the level (the intermediate court's → 中院, any other → 省高院); the pair (原审案号, 上级法院案号) neither twice in the file nor already
  in the register;
- 发改类型 one of 改判 / 发回重审 / 指令再审 / 指定再审 / 变更裁定;
- 发改日期 a date (the case lists' formats), not after today;
- 发改原因 one of the configured categories, by its name or the start of it (出现新证据 matches
  出现新证据（二审新证据）), or 二审新证据;
- 承办部门 a division of that court, 承办人 exactly one active user of that court by name;
- 中院发改部门, when given, a division of the intermediate court.
Pure: the caller passes the courts, reasons, existing pairs and today.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from reviewer.caselists.reading import Columns, RawRow, as_text
from reviewer.caselists.rows import parse_date
from reviewer.draws.lottery import LotteryError, canonical_candidate
from reviewer.judgments.case_number import parse_case_number

COLUMNS = Columns(
    fields=("case_number", "division", "judge", "higher_case_number", "result", "decided_on", "reason",
            "higher_division"),
    labels={"case_number": "原审案号", "division": "承办部门", "judge": "承办人",
            "higher_case_number": "上级法院案号", "result": "发改类型", "decided_on": "发改日期",
            "reason": "发改原因", "higher_division": "中院发改部门"},
    headers={"case_number": ("原审案号", "一审案号", "原案号"),
             "division": ("承办部门", "承办庭室", "原审部门", "业务庭"),
             "judge": ("承办人", "承办法官", "原审承办人"),
             "higher_case_number": ("上级法院案号", "二审案号", "发改案号"),
             "result": ("发改类型", "发改结果", "处理结果"),
             "decided_on": ("发改日期", "二审结案日期", "裁判日期"),
             "reason": ("发改原因", "改发原因", "原因"),
             "higher_division": ("中院发改部门", "二审承办部门", "上级法院部门")},
    optional=("higher_division",), noun="发改案件清单")

# The provincial court's numbers carry the province alone (（2025）豫民再3号), which the
# platform's case-number parser (basic and intermediate courts) does not read.
_PROVINCIAL = re.compile(r"^[（(]\d{4}[）)]豫[^\d\s]{1,6}\d+号$")

RESULTS = {"改判": "reversed", "发回重审": "remanded", "指令再审": "retrial", "指定再审": "retrial",
           "指令/指定再审": "retrial", "变更裁定": "ruling_changed"}


@dataclass
class CourtInfo:
    court_id: int
    divisions: dict[str, int]
    judges: dict[str, list[int]]


@dataclass
class ImportContext:
    courts: dict[str, CourtInfo]                  # case-number code → court
    intermediate_code: str
    intermediate_divisions: dict[str, int]
    reasons: dict[str, int]                       # name → reason id
    today: date
    existing: set[tuple[str, str]] = field(default_factory=set)


def _case_number(text: str) -> tuple[str | None, str | None]:
    """(canonical number, its court code) or (None, None) when it is not a case number."""
    try:
        parsed = parse_case_number(canonical_candidate(text))
    except LotteryError:
        return None, None
    if parsed is None:
        return None, None
    return canonical_candidate(parsed.normalized), parsed.court_code


def match_reason(text: str, reasons: dict[str, int]) -> int | None:
    if text in reasons:
        return reasons[text]
    found = [rid for name, rid in reasons.items() if name.startswith(text) or (text and text in name)]
    return found[0] if len(found) == 1 else None


def validate_rows(raw_rows: Iterable[RawRow], ctx: ImportContext) -> list[dict]:
    """Every row as {"line", "values", "problems"} (JSON-serialisable)."""
    results = [_validate(raw, ctx) for raw in raw_rows]
    pairs = Counter((r["values"]["case_number"], r["values"]["higher_case_number"]) for r in results)
    for row in results:
        if pairs[(row["values"]["case_number"], row["values"]["higher_case_number"])] > 1:
            row["problems"].append("同一发改在文件中重复出现")
    return results


def _validate(raw: RawRow, ctx: ImportContext) -> dict:
    v = {k: as_text(raw.values.get(k)) for k in COLUMNS.fields if k != "decided_on"}
    problems: list[str] = []
    values: dict = dict(v)

    number, code = _case_number(v["case_number"])
    court = ctx.courts.get(code) if code else None
    values["case_number"] = number or v["case_number"]
    values["court_id"] = court.court_id if court else None
    if not v["case_number"]:
        problems.append("原审案号为空")
    elif number is None:
        problems.append(f"原审案号格式不正确：{v['case_number']}")
    elif court is None:
        problems.append(f"原审案号中的法院代字 {code} 不是平台中的法院")

    higher, higher_code = _case_number(v["higher_case_number"])
    if higher is None and _PROVINCIAL.match(v["higher_case_number"].replace(" ", "")):
        higher = v["higher_case_number"].replace(" ", "").replace("(", "（").replace(")", "）")
    values["higher_case_number"] = higher or v["higher_case_number"]
    values["higher_level"] = "intermediate" if higher_code == ctx.intermediate_code else "provincial"
    if higher is None:
        problems.append("上级法院案号为空或格式不正确")
    elif number and (number, higher) in ctx.existing:
        problems.append("该发改已在登记簿中")

    values["result"] = RESULTS.get(v["result"].replace(" ", ""))
    if values["result"] is None:
        problems.append(f"发改类型无法识别：{v['result'] or '（空）'}")

    decided = parse_date(raw.values.get("decided_on"))
    values["decided_on"] = decided.isoformat() if decided else as_text(raw.values.get("decided_on"))
    if decided is None:
        problems.append("发改日期为空或格式不正确")
    elif decided > ctx.today:
        problems.append("发改日期晚于今天")

    values["reason_id"] = match_reason(v["reason"].replace("二审新证据", "出现新证据"), ctx.reasons)
    if values["reason_id"] is None:
        problems.append(f"发改原因无法识别：{v['reason'] or '（空）'}")

    values["division_id"] = court.divisions.get(v["division"]) if court else None
    if court and v["division"] and values["division_id"] is None:
        problems.append(f"原审法院没有名为“{v['division']}”的部门")
    ids = court.judges.get(v["judge"], []) if court else []
    values["judge_id"] = ids[0] if len(ids) == 1 else None
    if court and not v["judge"]:
        problems.append("承办人为空")
    elif court and not ids:
        problems.append(f"原审法院用户中没有“{v['judge']}”")
    elif len(ids) > 1:
        problems.append(f"原审法院有 {len(ids)} 位用户名为“{v['judge']}”，无法确定承办人")

    values["higher_division_id"] = ctx.intermediate_divisions.get(v["higher_division"]) if v["higher_division"] else None
    if v["higher_division"] and values["higher_division_id"] is None:
        problems.append(f"中院没有名为“{v['higher_division']}”的部门")
    return {"line": raw.line, "values": values, "problems": problems}
