"""Anonymised rendering of a judgment (隐名处理, DOMAIN.md §6): pure functions, no Flask.

Applied to every page that shows a document beyond the evaluated court:

* Names of natural-person parties keep the surname: 两字名 → 张某, 三字及以上 → 张某某; compound
  surnames (欧阳, 司马 …) are kept whole. Two people who would get the same pseudonym are told apart
  with 甲, 乙, 丙 … in order of first appearance (张某甲, 张某乙).
  Organisations (names ending in 公司, 银行, 委员会, 检察院 …) are not natural persons and are kept.
  Lawyers and legal-service workers acting as agents or defenders are named in their professional
  capacity and are kept; other agents (relatives, employees) are anonymised like parties.
* Victims, witnesses and minors named in the text (被害人薄金英, 证人张小明) are anonymised the same
  way (see `person_names`).
* Removed and replaced by ×××: ID-card numbers (18 or 15 digits), mobile and landline phone numbers,
  bank-account numbers (runs of 12 or more digits, possibly grouped by spaces), and vehicle plates
  (豫H12345, 豫Ｆ·A1234 …).
* Addresses: after 住 / 住址 / 现住 / 暂住 / 户籍地 / 户籍所在地 / 经常居住地, only the province, city and
  county (district) are kept; everything below county level is removed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from reviewer.exemplars.person_names import protected_person_names

REMOVED = "×××"

COMPOUND_SURNAMES = (
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "端木", "南宫", "西门", "百里", "呼延", "独孤", "澹台", "公冶", "申屠",
)
# A 2–4 character name ending with one of these is an organisation, not a person.
ORGANISATION_SUFFIXES = (
    "公司", "银行", "委员会", "检察院", "法院", "政府", "局", "厂", "中心", "合作社", "协会", "学校",
    "大学", "医院", "集团", "站", "队", "店", "所",
)
PROFESSIONAL_MARKERS = ("律师", "法律服务工作者", "法律工作者", "基层法律服务所")
AGENT_ROLES = ("代理人", "辩护人")
SUFFIXES = "甲乙丙丁戊己庚辛壬癸"

_ID = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")
_ACCOUNT = re.compile(r"(?<!\d)\d{4}(?:[ ]?\d){8,}(?!\d)")
_PLATE = re.compile(
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
    r"[A-HJ-NP-Z][·•\s]?[A-HJ-NP-Z0-9×*]{4,5}[A-HJ-NP-Z0-9挂学警港澳×*]?"
)
_ADDRESS = re.compile(
    r"(?<![\u4e00-\u9fff])(?P<lead>(?:现住|暂住|住址|户籍所在地|户籍地|经常居住地|住(?!院|宿|房|所|址))[：:]?)"
    r"(?P<place>(?:[\u4e00-\u9fff]{1,7}?(?:省|自治区))?"
    r"(?:[\u4e00-\u9fff]{1,7}?(?:市|自治州|地区|盟))?"
    r"(?:[\u4e00-\u9fff]{1,7}?(?:自治县|县|区|市|旗))?)"
    r"(?P<rest>[^，。；,;（(）)\n]*)"
)
# Full-width letters and digits (Ｆ, １) fold to ASCII so plates and numbers match; （），。 stay.
_FULL_WIDTH_ALNUM = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF5B) if chr(code).isalnum()}
_HAN_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")


@dataclass(frozen=True)
class PartyName:
    role: str
    name: str
    paragraph: int | None = None


def is_natural_person(name: str) -> bool:
    """A 2–4 character Han name with no organisation marker and not already anonymised."""
    name = (name or "").strip()
    if not _HAN_NAME.match(name) or "某" in name:
        return False
    return not name.endswith(ORGANISATION_SUFFIXES)


def pseudonym(name: str) -> str:
    surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s)), name[0])
    return surname + ("某" if len(name) - len(surname) <= 1 else "某某")


def _is_professional(party: PartyName, paragraphs: list[str]) -> bool:
    if not any(role in party.role for role in AGENT_ROLES):
        return False
    if party.paragraph is not None and 0 <= party.paragraph < len(paragraphs):
        text = paragraphs[party.paragraph]
    else:
        text = next((p for p in paragraphs if p.find(party.name) >= 0 and p.find(party.role) >= 0), "")
    return any(marker in text for marker in PROFESSIONAL_MARKERS)


def name_map(parties: Iterable[PartyName | Mapping], paragraphs: list[str],
             extra_names: Iterable[str] = ()) -> dict[str, str]:
    """Real name → pseudonym for every natural person to anonymise (see module docstring)."""
    people: list[str] = []
    for raw in parties:
        party = raw if isinstance(raw, PartyName) else PartyName(
            raw.get("role", ""), raw.get("name", ""), raw.get("paragraph"))
        name = party.name.strip()
        if is_natural_person(name) and not _is_professional(party, paragraphs) and name not in people:
            people.append(name)
    people += [n for n in extra_names if is_natural_person(n) and n not in people]
    by_alias: dict[str, list[str]] = {}
    for name in people:
        by_alias.setdefault(pseudonym(name), []).append(name)
    mapping = {}
    for alias, names in by_alias.items():
        for i, name in enumerate(names):
            mapping[name] = alias if len(names) == 1 else alias + SUFFIXES[i % len(SUFFIXES)]
    return mapping


def _truncate_address(match: re.Match) -> str:
    # No recognisable county-level place: leave the text alone rather than guess.
    if not match.group("place") or not match.group("rest"):
        return match.group(0)
    return match.group("lead") + match.group("place")


def anonymize_text(text: str, names: Mapping[str, str]) -> str:
    """Anonymise one paragraph with a prepared name map."""
    text = text.translate(_FULL_WIDTH_ALNUM)
    for real in sorted(names, key=len, reverse=True):
        text = text.replace(real, names[real])
    text = _ID.sub(REMOVED, text)
    text = _PLATE.sub(REMOVED, text)
    text = _ACCOUNT.sub(REMOVED, text)
    text = _PHONE.sub(REMOVED, text)
    return _ADDRESS.sub(_truncate_address, text)


def anonymize_paragraphs(paragraphs: list[str], parties: Iterable[PartyName | Mapping] = (),
                         extra_names: Iterable[str] = ()) -> list[str]:
    """The anonymised rendering of a whole document, paragraph by paragraph (same indexes).

    Besides the parties, victims, witnesses and minors named in the text are anonymised
    (`person_names.protected_person_names`).
    """
    names = name_map(parties, paragraphs, [*extra_names, *protected_person_names(paragraphs)])
    return [anonymize_text(p, names) for p in paragraphs]
