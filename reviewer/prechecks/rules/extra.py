"""Further checks beyond the issue's list.

- `text.repeated_word` (warning): a word of two to four Chinese characters written twice in a row
  (判决被告被告王某), except verb reduplication (研究研究), words that are both a document and a
  verb (护理证明证明…), runs of one character (handled by `text.repeated_char`), numerals and names.
- `signature.role_title` (error / warning): a signature line with a title that does not exist —
  人民审判员 (error: 审判员 or 人民陪审员 was meant); 陪审员 without 人民 (warning).
"""
from __future__ import annotations

import re

from reviewer.judgments.sections import compact
from reviewer.prechecks.findings import ERROR, WARNING, Finding, excerpt
from reviewer.prechecks.rules.common import body_indexes

_REPEATED = re.compile(r"([\u4e00-\u9fa5]{2,4})\1")
_NUMERALS = set("〇○零一二三四五六七八九十百千万亿两")
VERB_REDUPLICATION = {"研究", "讨论", "考虑", "商量", "休息", "了解", "学习", "打听", "收拾", "活动",
                      "检查", "调查", "整理", "清点", "核对", "比较", "介绍", "解释"}
# Words that are both a document and a verb: 护理证明|证明住院… reads correctly.
NOUN_AND_VERB = {"证明", "说明", "通知", "记录", "报告", "决定", "申请", "保证", "证实", "鉴定", "承诺"}
ROLE_TITLES = {"人民审判员": (ERROR, "“人民审判员”不是法定职务称谓，应为“审判员”或“人民陪审员”。"),
               "陪审员": (WARNING, "署名称谓应为“人民陪审员”。")}


def check_repeated_word(parsed, court_codes) -> list[Finding]:
    names = {p.name for p in parsed.parties} | {s.name for s in parsed.signatories}
    findings = []
    for i in body_indexes(parsed, skip=("appendix", "signature")):
        text = parsed.paragraphs[i]
        for match in _REPEATED.finditer(text):
            word = match.group(1)
            if len(set(word)) == 1 or set(word) & _NUMERALS or word in VERB_REDUPLICATION | NOUN_AND_VERB:
                continue
            if word in names or any(word in name for name in names if len(name) > len(word)):
                continue
            findings.append(Finding("text.repeated_word", WARNING, f"“{word}”连续出现两次，疑似重复。", i,
                                    excerpt(text, match.start(), match.end(), radius=6)))
    return findings


def check_role_title(parsed, court_codes) -> list[Finding]:
    if "signature" not in parsed.section_ranges:
        return []
    findings = []
    start, end = parsed.section_ranges["signature"]
    for i in range(start, end):
        flat = compact(parsed.paragraphs[i])
        for title, (severity, message) in ROLE_TITLES.items():
            if flat.startswith(title) and not (title == "陪审员" and flat.startswith("人民陪审员")):
                findings.append(Finding("signature.role_title", severity, message, i, parsed.paragraphs[i]))
                break
    return findings
