"""Case numbers (案号): parse, normalise and map type codes to procedures.

Rules (DOMAIN.md §5):
- 2016 format: （year）court code [specialised code] type code sequence 号 [之一…],
  e.g. （2021）豫08民终123号, （2019）最高法知民终1号, (2018)皖1802执1101号之一.
- Old format (before 2016): （year）court abbreviation + type + 字第 + sequence + 号,
  e.g. （2015）焦民一终字第00123号, （2014）梨执字第285号.
- Old-style numbers may hold an inner bracket: （2013）黄浦民一（民）初字第1234号.
- Suffixes: 号之一 / 之一号 (之一, 之二 …) and a hyphenated sub-number before 号 (（2016）皖1503执660-2号).
- Brackets （）, (), 〔〕, [], ［］, 【】 are accepted, and so are stray spaces; full-width digits and
  Latin letters (（２０２１）豫０８１１…) become ASCII. The normalised form uses full-width （）, ASCII
  digits and no spaces.
- Type codes: any code of the national standard (人民法院案件类型及其代字标准, 2016, as amended)
  parses, e.g. 民初 民终 民申 民再 民监 民抗 民特 民催 民督 民辖 民撤 刑初 刑终 刑更 刑核 刑医 行初
  行赔初 行审 执 执恢 执异 执复 执保 执监 执协 财保 司救民 司惩 法赔 委赔 破申 强清; `procedure_for`
  maps them to a procedure.
Pure module: no Flask imports.
"""
from __future__ import annotations

import re

from reviewer.judgments.document import CaseNumber

OPEN_BRACKETS = "（(〔[［【"
CLOSE_BRACKETS = "）)〕]］】"
_SPACES = re.compile(r"[\s\u3000]+")
# full-width digits and Latin letters → ASCII (brackets stay full-width)
_FULL_WIDTH = str.maketrans(
    "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ－",
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-")
_CN_DIGITS = "一二三四五六七八九十"

# Characters that begin a type code in old-style numbers (焦民一终字 → 焦 | 民一终).
_OLD_TYPE_START = "民刑行执商知赔立审监破少经告申再"

_SUFFIX = r"(?:-(?P<sub>[0-9]{1,3}))?(?P<pre>之[一二三四五六七八九十]{1,3})?号(?P<suffix>之[一二三四五六七八九十]{1,3})?"
_NEW = re.compile(
    r"[（(〔\[［【](?P<year>[0-9]{4})[）)〕\]］】]"
    r"(?P<court>最高法|[\u4e00-\u9fa5][0-9]{2,4})"
    r"(?P<spec>知)?"
    r"(?P<type>[\u4e00-\u9fa5]{1,4}?)"
    r"(?P<seq>[0-9]{1,6})" + _SUFFIX
)
_OLD = re.compile(
    r"[（(〔\[［【](?P<year>[0-9]{4})[）)〕\]］】]"
    r"(?P<body>(?:[\u4e00-\u9fa5]|[（(][\u4e00-\u9fa5]{1,4}[）)]){1,14}?)字第(?P<seq>[0-9]{1,6})" + _SUFFIX
)


def _compact(text: str) -> str:
    return _SPACES.sub("", text).translate(_FULL_WIDTH)


def _build(match: re.Match, old: bool, raw: str) -> CaseNumber:
    year = int(match.group("year"))
    seq_text = match.group("seq")
    suffix = match.group("suffix") or match.group("pre")
    suffix = suffix[1:] if suffix else None
    tail = f"-{match.group('sub')}" if match.group("sub") else ""
    if match.group("pre"):
        tail += match.group("pre")
    if old:
        body = match.group("body").replace("(", "（").replace(")", "）")
        split = next((i for i, ch in enumerate(body) if ch in _OLD_TYPE_START and i > 0
                      and "（" not in body[:i]), None)
        if split is None:
            court, type_code = body[:1], body[1:] or body
        else:
            court, type_code = body[:split], body[split:]
        normalized = f"（{year}）{body}字第{seq_text}{tail}号"
        specialized = None
    else:
        court = match.group("court")
        specialized = match.group("spec")
        type_code = match.group("type")
        normalized = f"（{year}）{court}{specialized or ''}{type_code}{seq_text}{tail}号"
    if match.group("suffix"):
        normalized += match.group("suffix")
    if match.group("sub") and not suffix:
        suffix = "-" + match.group("sub")
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
    "行辖终": "管辖权异议二审", "刑辖": "管辖", "民辖": "管辖", "行辖": "管辖", "刑更": "减刑假释",
    "刑核": "死刑复核", "刑医": "强制医疗", "行审": "非诉行政执行审查", "行审复": "非诉行政执行审查",
    "财保": "诉前保全", "行保": "诉前保全", "证保": "诉前保全", "民认": "特别程序",
    "法赔": "国家赔偿", "委赔": "国家赔偿", "委赔监": "国家赔偿", "委赔提": "国家赔偿",
    "民破": "破产", "破": "破产", "破申": "破产", "破终": "破产", "破监": "破产",
    "强清": "强制清算", "强清申": "强制清算", "强清终": "强制清算", "司惩": "司法制裁", "司惩复": "司法制裁",
}
# prefixes checked after the exact codes (司救民, 司救刑 … are all 司法救助)
_PREFIXES = (("司救", "司法救助"), ("执", "执行"), ("认", "认可和执行"), ("协", "司法协助"),
             ("请", "请示"))


def procedure_for(type_code: str | None) -> str | None:
    """Map a type code to a procedure: 民初/刑初/行初/行赔初 → 一审, 民终 → 二审, 民申 → 再审审查,
    民再 → 再审, 执/执恢/执异/执保… → 执行, 民特 → 特别程序, 司救民 → 司法救助 …; old codes
    (民一终, 商初, 民一（民）初) work too. Unknown codes give None."""
    if not type_code:
        return None
    code = type_code.removeprefix("知")
    if code in _EXACT:
        return _EXACT[code]
    for prefix, label in _PREFIXES:
        if code.startswith(prefix):
            return label
    if code.endswith("执"):
        return "执行"
    if "辖" in code:
        return "管辖"
    for marker, label in (("初", "一审"), ("终", "二审"), ("再", "再审"), ("申", "再审审查"),
                          ("监", "再审审查"), ("抗", "再审审查"), ("赔", "国家赔偿"), ("保", "诉讼保全"),
                          ("撤", "一审")):
        if code.endswith(marker):
            return label
    return None
