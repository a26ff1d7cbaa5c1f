"""Case numbers (案号): parse, normalise and map type codes to procedures.

Rules (DOMAIN.md §5):
- 2016 format: （year）court code [specialised code] type code sequence 号 [之一…],
  e.g. （2021）豫08民终123号, （2019）最高法知民终1号, (2018)皖1802执1101号之一.
- Old format (before 2016): （year）court abbreviation + type + 字第 + sequence + 号,
  e.g. （2015）焦民一终字第00123号, （2014）梨执字第285号.
- Brackets （）, (), 〔〕, [], ［］, 【】 are accepted, and so are stray spaces; the normalised
  form uses full-width （） and no spaces.
Pure module: no Flask imports.
"""
from __future__ import annotations

import re

from reviewer.judgments.document import CaseNumber

OPEN_BRACKETS = "（(〔[［【"
CLOSE_BRACKETS = "）)〕]］】"
_SPACES = re.compile(r"[\s\u3000]+")
_CN_DIGITS = "一二三四五六七八九十"

# Characters that begin a type code in old-style numbers (焦民一终字 → 焦 | 民一终).
_OLD_TYPE_START = "民刑行执商知赔立审监破少经告申再"

_NEW = re.compile(
    r"[（(〔\[［【](?P<year>\d{4})[）)〕\]］】]"
    r"(?P<court>最高法|[\u4e00-\u9fa5]\d{2,4})"
    r"(?P<spec>知)?"
    r"(?P<type>[\u4e00-\u9fa5]{1,4}?)"
    r"(?P<seq>\d{1,6})号"
    r"(?P<suffix>之[一二三四五六七八九十]{1,3})?"
)
_OLD = re.compile(
    r"[（(〔\[［【](?P<year>\d{4})[）)〕\]］】]"
    r"(?P<body>[\u4e00-\u9fa5]{1,10}?)字第(?P<seq>\d{1,6})号"
    r"(?P<suffix>之[一二三四五六七八九十]{1,3})?"
)


def _compact(text: str) -> str:
    return _SPACES.sub("", text)


def _build(match: re.Match, old: bool, raw: str) -> CaseNumber:
    year = int(match.group("year"))
    seq_text = match.group("seq")
    suffix = match.group("suffix")
    suffix = suffix[1:] if suffix else None
    if old:
        body = match.group("body")
        split = next((i for i, ch in enumerate(body) if ch in _OLD_TYPE_START and i > 0), None)
        if split is None:
            court, type_code = body[:1], body[1:] or body
        else:
            court, type_code = body[:split], body[split:]
        normalized = f"（{year}）{body}字第{seq_text}号"
        specialized = None
    else:
        court = match.group("court")
        specialized = match.group("spec")
        type_code = match.group("type")
        normalized = f"（{year}）{court}{specialized or ''}{type_code}{seq_text}号"
    if suffix:
        normalized += "之" + suffix
    return CaseNumber(
        raw=raw, normalized=normalized, year=year, court_code=court, type_code=type_code,
        sequence=int(seq_text), specialized=specialized, suffix=suffix, old_style=old,
    )


def parse_case_number(text: str) -> CaseNumber | None:
    """Parse a string that is exactly one case number (spaces allowed); None if it is not one."""
    if not text:
        return None
    compact = _compact(text)
    for pattern, old in ((_OLD, True), (_NEW, False)):
        match = pattern.fullmatch(compact)
        if match:
            return _build(match, old, text.strip())
    return None


def find_case_number(text: str) -> tuple[CaseNumber, int, int] | None:
    """The first case number inside `text` as (number, start, end) in the compacted text."""
    compact = _compact(text)
    best = None
    for pattern, old in ((_OLD, True), (_NEW, False)):
        match = pattern.search(compact)
        if match and (best is None or match.start() < best[0].start()):
            best = (match, old)
    if best is None:
        return None
    match, old = best
    return _build(match, old, match.group(0)), match.start(), match.end()


def find_all_case_numbers(text: str) -> list[CaseNumber]:
    """Every case number in `text` (in order, old and new formats)."""
    compact = _compact(text)
    found = []
    for pattern, old in ((_OLD, True), (_NEW, False)):
        for match in pattern.finditer(compact):
            found.append((match.start(), _build(match, old, match.group(0))))
    return [number for _, number in sorted(found, key=lambda item: item[0])]


# Type code (without specialised prefix) → procedure label. Checked before the generic rules.
_EXACT = {
    "民特": "特别程序", "民督": "督促程序", "民催": "公示催告程序", "民辖终": "管辖权异议二审",
    "民辖": "管辖", "刑更": "减刑假释", "行审": "非诉行政执行审查", "财保": "诉前保全",
    "法赔": "国家赔偿", "委赔": "国家赔偿", "司救": "司法救助", "民破": "破产", "破": "破产",
}


def procedure_for(type_code: str | None) -> str | None:
    """Map a type code to a procedure: 民初/刑初/行初 → 一审, 民终 → 二审, 民申 → 再审审查,
    民再 → 再审, 执/执恢/执异… → 执行, 民特 → 特别程序 …; old codes (民一终, 商初) work too.
    Unknown codes give None."""
    if not type_code:
        return None
    code = type_code.removeprefix("知")
    if code in _EXACT:
        return _EXACT[code]
    if code.startswith("执") or code.endswith("执"):
        return "执行"
    if "辖" in code:
        return "管辖"
    for marker, label in (("初", "一审"), ("终", "二审"), ("再", "再审"), ("申", "再审审查"),
                          ("监", "再审审查"), ("赔", "国家赔偿"), ("保", "诉讼保全")):
        if code.endswith(marker):
            return label
    return None
