"""One case of the register (案件台账) and the facts the indicators read from it.

Rules (INDICATORS.md "working formulas"; every default here is a documented, adjustable rule):
- Category (民事/刑事/行政/执行) and procedure come from the case number's type code when the
  export has none: 民初/刑初/行初 一审, 民终/刑终/行终 二审, 民申/刑申/行申 再审审查, 民再/刑再/行再 再审,
  执 执行 (首次执行), 执恢 恢复执行; every other code (民特, 民督, 执异, 财保 …) is 其他 and counts
  only in the totals of its category.
- Statutory time limit (法定审限), `TIME_LIMITS`, from the filing date: civil first instance
  6 months (simple procedure and small claims 3 months); civil, administrative second instance
  3 months; criminal first instance 3 months (simple 20 days), second instance 2 months;
  administrative first instance 6 months; retrial 6 months; retrial review 3 months;
  enforcement 6 months. Cases of procedure 其他 have no limit and are left out of the
  time-limit indicators.
- Deducted days (依法扣除) and extended days (延长审限) count only when an approval date is on
  record (plan §二.10: extensions and deductions are approved and filed with the office); the
  due date is the limit plus both, and trial days are closing date − filing date − deducted days.
- Appeal outcomes read 改判 / 发回重审 / 维持 / 撤回上诉; retrial outcomes 驳回申请 / 裁定再审 /
  再审改判 / 再审发回 / 再审维持 (`appeal_outcome_of`, `retrial_outcome_of` normalise free text).
Pure module: plain dataclasses, no database, no Flask.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

CATEGORIES = ("民事", "刑事", "行政", "执行", "其他")
PROCEDURES = ("一审", "二审", "再审审查", "再审", "执行", "恢复执行", "其他")

_PROCEDURE_BY_SUFFIX = {"初": "一审", "终": "二审", "申": "再审审查", "再": "再审"}
_CATEGORY_BY_PREFIX = {"民": "民事", "刑": "刑事", "行": "行政"}

# (category, procedure, variant) -> (months, days); variant is "simple", "small" or "".
TIME_LIMITS: dict[tuple[str, str, str], tuple[int, int]] = {
    ("民事", "一审", ""): (6, 0), ("民事", "一审", "simple"): (3, 0), ("民事", "一审", "small"): (3, 0),
    ("民事", "二审", ""): (3, 0),
    ("刑事", "一审", ""): (3, 0), ("刑事", "一审", "simple"): (0, 20), ("刑事", "二审", ""): (2, 0),
    ("行政", "一审", ""): (6, 0), ("行政", "二审", ""): (3, 0),
    ("民事", "再审", ""): (6, 0), ("刑事", "再审", ""): (6, 0), ("行政", "再审", ""): (6, 0),
    ("民事", "再审审查", ""): (3, 0), ("刑事", "再审审查", ""): (3, 0), ("行政", "再审审查", ""): (3, 0),
    ("执行", "执行", ""): (6, 0), ("执行", "恢复执行", ""): (6, 0),
}

MEDIATED = ("调解",)                       # closing methods counted as 调解
WITHDRAWN = ("撤诉", "按撤诉处理", "撤回起诉")   # closing methods counted as 撤诉
FINAL_CLOSURE = "终本"                     # 终结本次执行程序
REVERSED = ("改判", "发回重审")
RETRIAL_ENTERED = ("裁定再审", "再审改判", "再审发回", "再审维持")
RETRIAL_CHANGED = ("再审改判", "再审发回")


def classify(type_code: str) -> tuple[str, str]:
    """(category, procedure) of a case-number type code: 民初 → (民事, 一审), 执恢 → (执行, 恢复执行)."""
    code = (type_code or "").strip()
    if code.startswith("执"):
        if code == "执":
            return "执行", "执行"
        if code == "执恢":
            return "执行", "恢复执行"
        return "执行", "其他"
    category = _CATEGORY_BY_PREFIX.get(code[:1])
    if category is None:
        return "其他", "其他"
    if len(code) == 2 and code[1] in _PROCEDURE_BY_SUFFIX:
        return category, _PROCEDURE_BY_SUFFIX[code[1]]
    return category, "其他"


def appeal_outcome_of(text: str | None) -> str | None:
    """Normalise a second-instance outcome: 改判 / 发回重审 / 维持 / 撤回上诉 / the text itself."""
    value = (text or "").strip()
    if not value:
        return None
    for key, label in (("发回", "发回重审"), ("改判", "改判"), ("撤", "撤回上诉"), ("维持", "维持")):
        if key in value:
            return label
    return value


def retrial_outcome_of(text: str | None) -> str | None:
    """Normalise a retrial outcome: 驳回申请 / 裁定再审 / 再审改判 / 再审发回 / 再审维持."""
    value = (text or "").strip()
    if not value:
        return None
    for key, label in (("驳回", "驳回申请"), ("发回", "再审发回"), ("改判", "再审改判"),
                       ("维持", "再审维持"), ("再审", "裁定再审"), ("提审", "裁定再审")):
        if key in value:
            return label
    return value


def add_calendar_months(day: date, months: int) -> date:
    """The same day `months` later, clipped to the month's end (2021-08-31 + 6 → 2022-02-28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass
class CaseRow:
    """One register row, already typed. Amounts are in fen (分), days are whole days."""

    case_number: str
    category: str
    procedure: str
    filed_on: date
    closed_on: date | None = None
    closing_method: str = ""
    cause: str = ""
    division: str = ""
    judge: str = ""
    simple_procedure: bool = False
    small_claims: bool = False
    fast_track: bool = False                  # 速裁 (second-instance fast track)
    deducted_days: int = 0
    deduction_approved_on: date | None = None
    extended_days: int = 0
    extension_approved_on: date | None = None
    appealed_on: date | None = None
    transferred_on: date | None = None
    appeal_outcome: str | None = None         # normalised, see appeal_outcome_of
    retrial_applied_on: date | None = None
    retrial_outcome: str | None = None        # normalised, see retrial_outcome_of
    payable: bool = False                     # judgment with payable content (有给付内容)
    enforced: bool = False                    # ... that went to compulsory enforcement
    amount_applied: int = 0                   # 申请执行标的, fen
    amount_recovered: int = 0                 # 实际到位, fen
    final_review: str | None = None           # 终本 review: 合格 / 不合格 / None (not reviewed)


def counted_deduction(row: CaseRow) -> int:
    return max(row.deducted_days, 0) if row.deduction_approved_on else 0


def counted_extension(row: CaseRow) -> int:
    return max(row.extended_days, 0) if row.extension_approved_on else 0


def due_on(row: CaseRow) -> date | None:
    """Last day within the statutory limit, or None when the procedure has no limit."""
    variant = "small" if row.small_claims else "simple" if row.simple_procedure else ""
    limit = TIME_LIMITS.get((row.category, row.procedure, variant)) \
        or TIME_LIMITS.get((row.category, row.procedure, ""))
    if limit is None:
        return None
    months, days = limit
    base = add_calendar_months(row.filed_on, months) + timedelta(days=days)
    return base + timedelta(days=counted_deduction(row) + counted_extension(row))


def trial_days(row: CaseRow) -> int | None:
    """Closing date − filing date − approved deducted days (never below 0); None if pending."""
    if row.closed_on is None:
        return None
    return max((row.closed_on - row.filed_on).days - counted_deduction(row), 0)


def closing_matches(method: str, names: tuple[str, ...]) -> bool:
    return any(name in (method or "") for name in names)
