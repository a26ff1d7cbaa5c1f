"""Locate the parts of a judgment (标题, 首部, 审理经过, 事实, 理由, 依据, 主文, 尾部, 落款, 附录).

Rules, paragraph by paragraph (SPC 2016 drafting norms, DOMAIN.md §5):
- title: up to and including the case-number paragraph;
- history: the first paragraph after the head that tells how the case came (…一案, 提起公诉,
  申请执行 …), extended over following paragraphs about the hearing (到庭, 审理终结);
- head: between title and history (the parties);
- reasoning: the paragraph starting 本院认为 (the first one after the last fact-finding paragraph),
  up to the basis;
- basis: the paragraph with 判决如下/裁定如下/决定如下 (often the last sentence of the reasoning, in
  which case both ranges hold it);
- facts: between history and reasoning (or basis when there is no reasoning);
- ruling: after the basis up to the tail; tail: costs, delayed-performance and appeal notices;
- signature: the block of signatory and date lines after the ruling; appendix: everything after it.
Pure module: no Flask imports.
"""
from __future__ import annotations

import re

from reviewer.judgments.chinese_dates import ANY_DATE_LINE

SIGNATORY_ROLES = ("代理审判员", "助理审判员", "人民陪审员", "人民审判员", "代理书记员", "见习书记员",
                   "实习书记员", "审判长",
                   "审判员", "陪审员", "执行员", "执行长", "法官助理", "书记员")
ROLE_ALIASES = {"人民审判员": "审判员", "陪审员": "人民陪审员", "代理书记员": "书记员",
                "见习书记员": "书记员", "实习书记员": "书记员"}
_WS = re.compile(r"[\s\u3000]+")
# a note such as （代） or （兼） after the role or the name is not part of the name
_NOTE = r"(?:[（(][\u4e00-\u9fa5]{1,4}[）)])?"
SIGNATORY_LINE = re.compile(
    rf"^({'|'.join(SIGNATORY_ROLES)}){_NOTE}[:：]?([\u4e00-\u9fa5·•××]{{1,6}}){_NOTE}$")

_HISTORY = re.compile(r"一案|报送本院|提请本院|建议书|审理终结|提起公诉|申请执行|立案|受理|提起诉讼|提起上诉")
_HISTORY_MORE = re.compile(r"到庭|审理终结|开庭|合议庭|独任|不公开审理|出庭")
_FACT_FINDING = re.compile(r"查明|认定(本案|以下|如下)?(案件)?事实|事实如下|认定如下|确认以下")
# Markers tolerate an accidentally doubled character (本院院认为) so one typo does not hide a section.
_REASONING = re.compile(r"^本+院+(经审查|再审|审查|经审理)?认+为+")
_RULING_CLAUSE = re.compile(r"(判+决+|裁+定+|决+定+|调解协议|协议)如+下+[:：]?\s*$|(判+决+|裁+定+|决+定+)如+下+[:：]")
_RULING_END = re.compile(r"(判+决+|裁+定+|决+定+|调解协议|协议)如+下+[:：]?\s*$")
_BASIS_START = re.compile(r"^(依照|根据|依据|据此|综上，?依照)")
_ENUMERATED = re.compile(r"^[一二三四五六七八九十]+、|^[（(][一二三四五六七八九十]+[）)]")
_TAIL = re.compile(
    r"^(如果?未按|如不服|本判决为终审|本裁定为终审|本判决书?为终审|本裁定送达后|本决定|"
    r"(本案)?(案件)?(一审|二审)?(案件)?受理费|(本案)?诉讼费|申请执行的期间|申请执行人发现|"
    r"上诉案件受理费|鉴定费|保全费|公告费)"
)
_APPENDIX = re.compile(r"^(附|本案适用的|相关法律)")


def compact(text: str) -> str:
    return _WS.sub("", text)


def signatory_of(text: str) -> tuple[str, str] | None:
    """(role, name) when the paragraph is a signature line such as 审　判　长　　张三 or 审判长张三."""
    match = SIGNATORY_LINE.match(compact(text))
    if not match:
        return None
    role, name = match.groups()
    return ROLE_ALIASES.get(role, role), name


def is_date_line(text: str) -> bool:
    return bool(ANY_DATE_LINE.match(text))


_SIGNATURE_FILLER = re.compile(r"^[（(]?(本件与原本核对无异|院印|印章?)[）)]?$")


def _in_signature(text: str) -> bool:
    """A signatory line, the date, or what courts print among them (本件与原本核对无异, 院印)."""
    return bool(signatory_of(text) or is_date_line(text) or _SIGNATURE_FILLER.match(compact(text)))


def _first(paragraphs, start, end, predicate) -> int | None:
    return next((i for i in range(start, end) if predicate(paragraphs[i])), None)


def find_sections(paragraphs: list[str], title_end: int,
                  is_party=lambda text: False) -> dict[str, tuple[int, int]]:
    """Section key → [start, end) for the paragraphs of one judgment; `title_end` is exclusive.
    `is_party(text)` tells head paragraphs (原告：… / 委托诉讼代理人：…) apart from the history."""
    n = len(paragraphs)
    ranges: dict[str, tuple[int, int]] = {}
    if title_end > 0:
        ranges["title"] = (0, title_end)

    # Signature: the last block of signatory/date lines.
    sig_start = sig_end = None
    i = n - 1
    while i >= title_end:
        if signatory_of(paragraphs[i]) or is_date_line(paragraphs[i]):
            sig_end = i + 1
            sig_start = i
            while sig_start - 1 >= title_end and _in_signature(paragraphs[sig_start - 1]):
                sig_start -= 1
            # a single stray line far from the end of the body is not a signature block
            if sig_end - sig_start >= 2 or i == n - 1:
                break
            sig_start = sig_end = None
        i -= 1
    body_end = sig_start if sig_start is not None else n

    history = _first(paragraphs, title_end, body_end,
                     lambda p: bool(_HISTORY.search(p)) and not is_party(p))
    first = title_end if history is None else history
    basis = _first(paragraphs, first, body_end, lambda p: bool(_RULING_END.search(p)))
    if basis is None:
        basis = _first(paragraphs, first, body_end, lambda p: bool(_RULING_CLAUSE.search(p)))
    search_end = basis + 1 if basis is not None else body_end

    history_end = None
    if history is not None:
        ranges["head"] = (title_end, history) if history > title_end else None
        history_end = history + 1
        while (history_end < search_end and history_end - history < 4
               and _HISTORY_MORE.search(paragraphs[history_end])
               and not _REASONING.match(paragraphs[history_end])
               and not _FACT_FINDING.search(paragraphs[history_end][:12])
               and not _RULING_CLAUSE.search(paragraphs[history_end])):
            history_end += 1
        ranges["history"] = (history, history_end)
        if ranges["head"] is None:
            del ranges["head"]

    start_body = history_end if history_end is not None else title_end
    reasoning_candidates = [j for j in range(start_body, search_end) if _REASONING.match(paragraphs[j])]
    reasoning = None
    if reasoning_candidates:
        last_reason = reasoning_candidates[-1]
        findings = [j for j in range(start_body, last_reason) if _FACT_FINDING.search(paragraphs[j])]
        after = [j for j in reasoning_candidates if not findings or j > findings[-1]]
        reasoning = after[0] if after else reasoning_candidates[0]

    facts_end = reasoning if reasoning is not None else basis
    if facts_end is not None and facts_end > start_body:
        ranges["facts"] = (start_body, facts_end)
    if reasoning is not None:
        if basis is None:
            reasoning_end = search_end
        elif basis == reasoning or not _BASIS_START.match(paragraphs[basis]):
            reasoning_end = basis + 1   # the basis is the closing sentence of the reasoning
        else:
            reasoning_end = basis
        ranges["reasoning"] = (reasoning, max(reasoning_end, reasoning + 1))
    if basis is not None:
        ranges["basis"] = (basis, basis + 1)
        tail = None
        for j in range(basis + 1, body_end):
            text = compact(paragraphs[j])
            if j > basis + 1 and _TAIL.match(text) and not _ENUMERATED.match(text):
                tail = j
                break
        ruling_end = tail if tail is not None else body_end
        if ruling_end > basis + 1:
            ranges["ruling"] = (basis + 1, ruling_end)
        if tail is not None and body_end > tail:
            ranges["tail"] = (tail, body_end)
    if sig_start is not None:
        ranges["signature"] = (sig_start, sig_end)
        if sig_end < n:
            ranges["appendix"] = (sig_end, n)
    return ranges
