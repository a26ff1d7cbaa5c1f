"""Extract metadata from the paragraphs of a judgment: title, parties, cause, trial procedure.

Rules:
- court name: a paragraph among the first few that ends in 法院 (spaces removed); doc type: a
  paragraph such as 民事判决书 / 民 事 判 决 书 / 执行裁定书 / 刑事附带民事判决书 / 行政赔偿判决书 /
  国家赔偿决定书 / 结案通知书 / 支付令 / 人身安全保护令 (or the tail of the court line);
- parties: head paragraphs starting with a role (原告, 上诉人（原审被告）, 委托诉讼代理人 …); the name
  runs up to the first comma, full stop, bracket or colon; 甲、乙 gives two entries; spaces between
  Chinese characters (张 三) are dropped first;
- cause (案由): in the history, the words before 纠纷一案 after the last party name or role, or
  the crimes after 犯 (盗窃罪, 包庇罪、帮助毁灭证据罪);
- trial procedure: 普通程序 / 简易程序 / 小额诉讼程序 / 速裁程序 … as stated in the history.
Pure module: no Flask imports.
"""
from __future__ import annotations

import re

from reviewer.judgments.document import Party
from reviewer.judgments.sections import compact

# Every kind of document a court issues (诉讼文书样式 of the SPC): the branch, an optional kind
# of decision or notice, and the document name.
DOC_TYPE = re.compile(
    r"(刑事附带民事|行政赔偿|国家赔偿|司法赔偿|赔偿委员会|司法救助|民事|刑事|行政|执行|海事|赔偿)?"
    r"(判决书|裁定书|调解书|决定书|决定|意见书|司法建议书|"
    r"(?:结案|执行结案|受理案件|应诉|举证|限期履行|报告财产|缴纳诉讼费用|出庭|合议庭组成人员|"
    r"不予受理|立案)?通知书|"
    r"(?:罚款|拘留|司法拘留|司法罚款|民事制裁|回避|复议|再审|救助|准予|不予|强制医疗|监外执行|"
    r"暂予监外执行|减刑|假释)?(?:决定书)|"
    r"(?:支付|人身安全保护|搜查|海事强制|强制|禁止|执行|保全|禁)?令)$"
)
PARTY_ROLES = (
    "上诉人", "被上诉人", "原审原告", "原审被告人", "原审被告", "原审第三人", "原审上诉人",
    "再审申请人", "被申请人", "申请执行人", "被执行人", "复议申请人", "异议人", "案外人",
    "申请人", "第三人", "原告", "被告人", "被告", "原公诉机关", "公诉机关", "抗诉机关",
    "自诉人", "指定辩护人", "罪犯", "执行机关", "赔偿请求人", "赔偿义务机关", "救助申请人", "附带民事诉讼原告人", "辩护人", "委托诉讼代理人", "委托诉代理人", "委托代理人",
    "诉讼代理人", "指定代理人", "法定代理人", "法定代表人", "负责人", "诉讼代表人",
)
_ROLE_RE = re.compile(
    rf"^({'|'.join(sorted(PARTY_ROLES, key=len, reverse=True))})"
    r"((?:[（(][^）)]{1,20}[）)])?)[：:]?"
)
_NOT_A_NAME = re.compile(r"与|诉|纠纷|一案|申请|提出|提供|未作|本院|^[的在对向]")
_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fa5·])[ \t\xa0]+(?=[\u4e00-\u9fa5·])")
_NAME_END = re.compile(r"[，,。；;：:（(\s]")
TRIAL_PROCEDURES = ("小额诉讼程序", "简易程序", "普通程序", "速裁程序", "特别程序", "督促程序",
                    "公示催告程序", "第二审程序", "审判监督程序")
_CAUSE_CIVIL = re.compile(r"([^。；;]{2,120}?纠纷)(一案|案|两案|系列案)")
_CAUSE_CRIME = re.compile(r"犯([\u4e00-\u9fa5]{1,20}?罪(?:、[\u4e00-\u9fa5]{1,20}?罪)*)")
_CAUSE_CUT = re.compile(r"[，,、与和诉及）)”》]|因|申请|被告人|被告|原告|被执行人|申请执行人|第三人|上诉人")


def find_title(paragraphs: list[str], limit: int = 6) -> tuple[str | None, str | None, int]:
    """(court name, doc type, index after the last title line found) from the first paragraphs."""
    court = doc_type = None
    last = -1
    for i, text in enumerate(paragraphs[:limit]):
        flat = compact(text)
        if court is None and "法院" in flat and len(flat) <= 40:
            head, sep, rest = flat.partition("法院")
            court = head + sep
            last = i
            if rest and DOC_TYPE.fullmatch(rest):
                doc_type = rest
            continue
        if doc_type is None and len(flat) <= 12 and DOC_TYPE.fullmatch(flat):
            doc_type = flat
            last = i
    return court, doc_type, last + 1


def split_names(raw: str) -> list[str]:
    return [name for name in re.split(r"[、]", raw) if name]


def parse_party(text: str, index: int) -> list[Party]:
    # spaces typed inside a name (张 三, 北京 某某 科技有限公司) are not part of it
    flat = _CJK_SPACE.sub("", text.strip().replace("\u3000", ""))
    match = _ROLE_RE.match(flat)
    if not match:
        return []
    role = match.group(1) + match.group(2)
    rest = flat[match.end():]
    end = _NAME_END.search(rest)
    raw = rest[: end.start()] if end else rest
    raw = raw.strip("。")
    if not raw or len(raw) > 40 or _NOT_A_NAME.search(raw) or "一案" in flat:
        return []
    return [Party(role=role, name=name, paragraph=index) for name in split_names(raw)]


def find_parties(paragraphs: list[str], start: int, end: int) -> list[Party]:
    parties: list[Party] = []
    for i in range(start, end):
        parties.extend(parse_party(paragraphs[i], i))
    return parties


def find_trial_procedure(text: str) -> str | None:
    positions = [(text.find(name), name) for name in TRIAL_PROCEDURES if name in text]
    return min(positions)[1] if positions else None


def find_cause(history: str, parties: list[Party]) -> str | None:
    """The cause (案由) named in the history paragraph(s)."""
    if not history:
        return None
    match = _CAUSE_CIVIL.search(history)
    if match:
        segment = match.group(1)
        cut = 0
        for party in parties:
            pos = segment.rfind(party.name)
            if pos >= 0:
                cut = max(cut, pos + len(party.name))
        for hit in _CAUSE_CUT.finditer(segment):
            cut = max(cut, hit.end())
        cause = segment[cut:].strip()
        if len(cause) >= 4:
            return cause
    match = _CAUSE_CRIME.search(history)
    if match:
        return match.group(1)
    return None
