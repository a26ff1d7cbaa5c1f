"""Does a judgment belong to the court that submits it? (issue #11, item 3)

Three comparisons, each giving one Chinese sentence when it fails:
1. the court named in the document's title against the submitting court's full name (spaces
   ignored; a title without the province, 焦作市山阳区人民法院, matches 河南省焦作市山阳区人民法院);
2. the court code of a 2016-format case number (豫0811 in （2021）豫0811民初1234号) against the
   submitting court's code (old-style numbers carry no code and are not compared);
3. the procedure against the court's level: a basic court does not decide second-instance cases
   (type codes ending in 终, e.g. 民终, 刑终, 行赔终), per the Civil, Criminal and Administrative
   Procedure Laws (an appeal lies to the court one level up).
Pure module: no Flask, no database. `SubmittingCourt` is filled from the `courts` table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_WS = re.compile(r"[\s\u3000]+")
_PROVINCE = re.compile(r"^[\u4e00-\u9fa5]{2,8}?(省|自治区)")


@dataclass(frozen=True)
class SubmittingCourt:
    full_name: str
    code: str
    basic: bool          # 基层法院


def _same_court(written: str, full_name: str) -> bool:
    written, full_name = _WS.sub("", written), _WS.sub("", full_name)
    if written == full_name:
        return True
    short = _PROVINCE.sub("", full_name)
    return written == short or _PROVINCE.sub("", written) == short


def court_mismatches(court: SubmittingCourt, court_name_text: str | None, case_court_code: str | None,
                     case_type_code: str | None, old_style: bool = False) -> list[str]:
    """The reasons the document seems to belong to another court ([] when it fits)."""
    problems = []
    if court_name_text and not _same_court(court_name_text, court.full_name):
        problems.append(f"文书标题中的法院“{court_name_text}”与报送法院“{court.full_name}”不一致。")
    if case_court_code and not old_style and re.search(r"\d", case_court_code) \
            and case_court_code != court.code:
        problems.append(f"案号中的法院代字“{case_court_code}”与报送法院（代字“{court.code}”）不一致。")
    if court.basic and case_type_code and case_type_code.endswith("终"):
        problems.append(f"案号类型“{case_type_code}”是二审（终审）案件，基层法院不审理二审案件。")
    return problems
