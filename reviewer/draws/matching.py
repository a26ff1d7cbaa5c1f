"""Does the uploaded judgment belong to the drawn case? No Flask, no database.

The drawn case is the closed-case list's row (案号, 承办人, 结案日期); the judgment is what intake
read from the Word file. A line is returned for each disagreement:
- 案号: the canonical forms (full-width brackets, no spaces) differ;
- 承办人: the list's judge is not among the judgment's signatories (审判长, 审判员 …) nor its
  presiding judge;
- 结案日期: the judgment is signed after the case was closed, or more than
  `DATE_TOLERANCE_DAYS` days before (a judgment is closed when it is served, usually within days);
- a value the judgment does not show (no case number, no judge, no date) is a line too: it cannot
  be checked.
An empty list means the judgment matches the drawn case.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DATE_TOLERANCE_DAYS = 30


@dataclass(frozen=True)
class DrawnCase:
    case_number: str
    judge_name: str | None
    closed_on: date | None


@dataclass(frozen=True)
class UploadedJudgment:
    case_number: str | None
    judge_names: tuple[str, ...]      # presiding judge and the other signing judges
    judgment_date: date | None


def _canonical(number: str | None) -> str:
    return (number or "").replace(" ", "").replace("\u3000", "").replace("(", "（").replace(")", "）")


def mismatches(drawn: DrawnCase, uploaded: UploadedJudgment) -> list[str]:
    problems = []
    if not uploaded.case_number:
        problems.append("文书中未读到案号")
    elif _canonical(uploaded.case_number) != _canonical(drawn.case_number):
        problems.append(f"案号不符：抽中 {drawn.case_number}，文书为 {uploaded.case_number}")
    if drawn.judge_name:
        if not uploaded.judge_names:
            problems.append("文书中未读到审判人员")
        elif drawn.judge_name not in uploaded.judge_names:
            problems.append(f"承办人不符：结案清单为 {drawn.judge_name}，文书署名为 {'、'.join(uploaded.judge_names)}")
    if drawn.closed_on:
        if uploaded.judgment_date is None:
            problems.append("文书中未读到落款日期")
        elif uploaded.judgment_date > drawn.closed_on:
            problems.append(f"落款日期 {uploaded.judgment_date} 晚于结案日期 {drawn.closed_on}")
        elif (drawn.closed_on - uploaded.judgment_date).days > DATE_TOLERANCE_DAYS:
            problems.append(f"落款日期 {uploaded.judgment_date} 早于结案日期 {drawn.closed_on} "
                            f"{(drawn.closed_on - uploaded.judgment_date).days} 天")
    return problems


JUDGE_ROLES = ("审判长", "审判员", "代理审判员", "独任审判员", "人民陪审员")


def judge_names(presiding: str | None, signatories: list) -> tuple[str, ...]:
    """The judgment's judges: its presiding judge and every signatory whose role is a judge's."""
    names = [presiding] if presiding else []
    for person in signatories or []:
        if isinstance(person, dict) and person.get("role") in JUDGE_ROLES and person.get("name"):
            names.append(person["name"])
    return tuple(dict.fromkeys(names))
