"""Text rules (文字技术).

- `text.halfwidth_punctuation`: ASCII , ; : ? ! next to Chinese characters, or an ASCII full stop
  ending a Chinese sentence (error), or ASCII
  parentheses around Chinese text (warning). Numbers (1,000 / 10:30), case numbers and the appendix
  are left alone. One finding per paragraph, naming the first occurrence.

`text.repeated_char` (a character typed twice) has its own module, doubling.py.
"""
from __future__ import annotations

import re

from reviewer.prechecks.findings import ERROR, WARNING, Finding, excerpt
from reviewer.prechecks.rules.common import body_indexes

_CJK = r"[\u4e00-\u9fa5“”‘’《》（）、，。；：？！]"
_HALF_PUNCT = re.compile(rf"(?<={_CJK})[,;:?!]|[,;:?!](?={_CJK})|(?<=[\u4e00-\u9fa5])\.(?=$|[\u4e00-\u9fa5])")
_HALF_PAREN = re.compile(r"\(([^()]*[\u4e00-\u9fa5][^()]*)\)")
_CASE_BRACKET = re.compile(r"^\((?:19|20)\d{2}\)")


def check_halfwidth(parsed, court_codes) -> list[Finding]:
    findings = []
    for i in body_indexes(parsed):
        if i == parsed.case_number_paragraph:
            continue
        text = parsed.paragraphs[i]
        match = _HALF_PUNCT.search(text)
        if match:
            findings.append(Finding("text.halfwidth_punctuation", ERROR,
                                    f"中文行文中使用了半角标点“{match.group(0)}”，应使用全角标点。", i,
                                    excerpt(text, match.start(), match.end())))
            continue
        for paren in _HALF_PAREN.finditer(text):
            if _CASE_BRACKET.match(text[paren.start():]):
                continue
            findings.append(Finding("text.halfwidth_punctuation", WARNING,
                                    "中文行文中使用了半角括号“( )”，应使用全角括号“（）”。", i,
                                    excerpt(text, paren.start(), paren.end())))
            break
    return findings
