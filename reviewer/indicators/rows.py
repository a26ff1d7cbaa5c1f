"""Reading and checking the rows of a case-register export (案件台账).

Columns are found by header (`HEADERS` aliases; a court's saved mapping adds its own header
names first), in any order; unknown columns are ignored. Required: 案号, 立案日期. Per row, every
problem is reported:
- 案号 a well-formed number of this court (code as in the case number, e.g. 豫0802); not twice.
- 案件类别 / 审判程序 may be given (民事/刑事/行政/执行; 一审/二审/再审审查/再审/执行/恢复执行); when
  missing they are read from the case number's type code (`register.classify`).
- Dates as the closed-case lists accept them; 结案日期 not before 立案日期, no date after the
  export's date (`as_of`).
- Flags read 是/否, Y/N, 1/0, √/×, true/false; 适用程序 may carry 简易程序 / 小额诉讼 / 普通程序 /
  速裁 in one column. Days are whole numbers ≥ 0; amounts in 元 (thousands separators allowed),
  kept in 分.
Pure: no Flask, no database.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from reviewer.caselists.reading import Columns, RawRow, as_text, header_name
from reviewer.caselists.rows import check_case_number, parse_date
from reviewer.indicators.register import (
    CATEGORIES, PROCEDURES, CaseRow, appeal_outcome_of, classify, retrial_outcome_of,
)
from reviewer.judgments.case_number import parse_case_number

MAX_ROWS = 2_000_000
LABELS: dict[str, str] = {
    "case_number": "案号", "cause": "案由", "category": "案件类别", "procedure": "审判程序", "division": "承办部门",
    "judge": "承办人", "filed_on": "立案日期", "closed_on": "结案日期", "closing_method": "结案方式",
    "track": "适用程序", "simple_procedure": "简易程序", "small_claims": "小额诉讼", "fast_track": "速裁",
    "deducted_days": "扣除天数", "deduction_approved_on": "扣除审批日期", "extended_days": "延长天数",
    "extension_approved_on": "延长审批日期", "appealed_on": "上诉日期", "transferred_on": "移送二审日期",
    "appeal_outcome": "二审结果", "retrial_applied_on": "申请再审日期", "retrial_outcome": "再审结果",
    "payable": "有给付内容", "enforced": "进入执行", "amount_applied": "申请执行标的",
    "amount_recovered": "实际到位金额", "final_review": "终本审查结果",
}
_EXTRA_ALIASES = {
    "case_number": ("案件编号",), "cause": ("立案案由", "结案案由"), "division": ("承办庭室", "承办庭", "业务庭", "部门"),
    "judge": ("承办法官", "承办审判员", "主审法官"), "filed_on": ("立案时间", "收案日期"),
    "closed_on": ("结案时间", "审结日期"), "closing_method": ("结案方式名称",),
    "category": ("案件类型",), "procedure": ("审级", "程序"), "track": ("审理程序",),
    "deducted_days": ("扣除审限天数",), "extended_days": ("延长审限天数",),
    "transferred_on": ("移送日期", "上诉移送日期"), "appeal_outcome": ("上诉结果", "二审结案方式"),
    "enforced": ("申请执行", "是否进入执行"), "amount_applied": ("申请执行金额", "申请标的额"),
    "amount_recovered": ("执行到位金额", "到位金额"), "final_review": ("终本审查",),
}
HEADERS = {f: (label,) + _EXTRA_ALIASES.get(f, ()) for f, label in LABELS.items()}
REQUIRED = ("case_number", "filed_on")
_TRUE = {"是", "y", "yes", "1", "√", "true", "有"}
_FALSE = {"否", "n", "no", "0", "×", "false", "无", ""}
_DATE_FIELDS = ("filed_on", "closed_on", "deduction_approved_on", "extension_approved_on",
                "appealed_on", "transferred_on", "retrial_applied_on")


def layout_for(mapping: dict[str, str] | None) -> Columns:
    """The reading columns, a court's saved header names tried before the default aliases."""
    headers = {f: tuple(dict.fromkeys(((header_name(mapping[f]),) if mapping and mapping.get(f) else ())
                                      + aliases)) for f, aliases in HEADERS.items()}
    return Columns(tuple(LABELS), LABELS, headers, optional=tuple(f for f in LABELS if f not in REQUIRED),
                   noun="案件台账", max_rows=MAX_ROWS)


@dataclass
class CheckedRow:
    line: int
    case_number: str
    type_code: str
    row: CaseRow | None          # None when the row has problems
    problems: list[str]


def check_rows(raw_rows: Iterable[RawRow], court_code: str, as_of: date) -> Iterator[CheckedRow]:
    """Check every row in turn (streaming; only the case numbers seen are remembered)."""
    seen: set[str] = set()
    for raw in raw_rows:
        checked = _check(raw, court_code, as_of)
        if checked.case_number:
            if checked.case_number in seen:
                checked.problems.append("案号在文件中重复出现")
                checked.row = None
            seen.add(checked.case_number)
        yield checked


def _flag(text: str, label: str, problems: list[str]) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value not in _FALSE:
        problems.append(f"{label}应为“是”或“否”：{text}")
    return False


def _days(text: str, label: str, problems: list[str]) -> int:
    if not text:
        return 0
    if re.fullmatch(r"\d{1,5}", text):
        return int(text)
    problems.append(f"{label}应为不小于 0 的整数天数：{text}")
    return 0


def _fen(text: str, label: str, problems: list[str]) -> int:
    cleaned = text.replace(",", "").replace("，", "").removesuffix("元").strip()
    if not cleaned:
        return 0
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        amount = Decimal(-1)
    if amount < 0 or amount > Decimal("1e13"):
        problems.append(f"{label}应为金额（元）：{text}")
        return 0
    return int((amount * 100).to_integral_value())


def _check(raw: RawRow, court_code: str, as_of: date) -> CheckedRow:
    v, problems = raw.values, []
    text = dict.fromkeys(LABELS, "")
    for field, value in v.items():
        # most cells of a CSV are already text: trim them without as_text's type checks
        text[field] = value.replace("\u3000", " ").strip() if type(value) is str else as_text(value)
    number, problem = check_case_number(text["case_number"], court_code)
    if problem:
        problems.append(problem)
    parsed = parse_case_number(number) if number else None
    type_code = parsed.type_code if parsed else ""
    category, procedure = classify(type_code)
    if text["category"]:
        category = text["category"].removesuffix("案件").removesuffix("类")
        if category not in CATEGORIES:
            problems.append(f"案件类别无法识别：{text['category']}")
    if text["procedure"]:
        procedure = text["procedure"].removesuffix("程序")
        if procedure not in PROCEDURES:
            problems.append(f"审判程序无法识别：{text['procedure']}")
    dates: dict[str, date | None] = {}
    for field in _DATE_FIELDS:
        dates[field] = parse_date(v.get(field)) if text[field] else None
        if text[field] and dates[field] is None:
            problems.append(f"{LABELS[field]}无法识别：{text[field]}")
        elif dates[field] and dates[field] > as_of:
            problems.append(f"{LABELS[field]} {dates[field].isoformat()} 晚于导出日期 {as_of.isoformat()}")
    if not text["filed_on"]:
        problems.append("立案日期为空")
    if dates["filed_on"] and dates["closed_on"] and dates["closed_on"] < dates["filed_on"]:
        problems.append("结案日期早于立案日期")
    track = text["track"]
    flags = {f: _flag(text[f], LABELS[f], problems) for f in ("simple_procedure", "small_claims",
                                                               "fast_track", "payable", "enforced")}
    for field, value in (("division", text["division"]), ("judge", text["judge"])):
        if len(value) > 50:
            problems.append(f"{LABELS[field]}超过 50 个字")
    if len(text["closing_method"]) > 30:
        problems.append("结案方式超过 30 个字")
    if len(text["cause"]) > 100:
        problems.append("案由超过 100 个字")
    final_review = text["final_review"] or None
    if final_review not in (None, "合格", "不合格"):
        problems.append(f"终本审查结果应为“合格”或“不合格”：{final_review}")
    numbers = {f: _days(text[f], LABELS[f], problems) for f in ("deducted_days", "extended_days")}
    amounts = {f: _fen(text[f], LABELS[f], problems) for f in ("amount_applied", "amount_recovered")}
    if problems or dates["filed_on"] is None:
        return CheckedRow(raw.line, number or text["case_number"], type_code, None, problems)
    row = CaseRow(
        case_number=number, category=category, procedure=procedure,
        filed_on=dates["filed_on"], closed_on=dates["closed_on"],
        closing_method=text["closing_method"], cause=text["cause"], division=text["division"],
        judge=text["judge"],
        simple_procedure=flags["simple_procedure"] or "简易" in track,
        small_claims=flags["small_claims"] or "小额" in track,
        fast_track=flags["fast_track"] or "速裁" in track,
        deducted_days=numbers["deducted_days"], deduction_approved_on=dates["deduction_approved_on"],
        extended_days=numbers["extended_days"], extension_approved_on=dates["extension_approved_on"],
        appealed_on=dates["appealed_on"], transferred_on=dates["transferred_on"],
        appeal_outcome=appeal_outcome_of(text["appeal_outcome"]),
        retrial_applied_on=dates["retrial_applied_on"],
        retrial_outcome=retrial_outcome_of(text["retrial_outcome"]),
        payable=flags["payable"], enforced=flags["enforced"],
        amount_applied=amounts["amount_applied"], amount_recovered=amounts["amount_recovered"],
        final_review=final_review,
    )
    return CheckedRow(raw.line, number, type_code, row, problems)
