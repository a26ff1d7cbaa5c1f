"""Helpers shared by the rule modules: which paragraphs are body text, CJK tests."""
from __future__ import annotations

import re

from reviewer.judgments.document import ParsedJudgment

CJK = re.compile(r"[\u4e00-\u9fa5]")


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fa5"


def body_indexes(parsed: ParsedJudgment, skip: tuple[str, ...] = ("appendix",)) -> list[int]:
    """Paragraph indexes outside the skipped sections (the appendix quotes statutes verbatim)."""
    excluded = set()
    for key in skip:
        if key in parsed.section_ranges:
            start, end = parsed.section_ranges[key]
            excluded.update(range(start, end))
    return [i for i in range(len(parsed.paragraphs)) if i not in excluded]


def is_judgment(parsed: ParsedJudgment) -> bool:
    return bool(parsed.doc_type and parsed.doc_type.endswith("判决书"))


def ruling_clause_word(parsed: ParsedJudgment) -> str:
    if parsed.doc_type and "裁定" in parsed.doc_type:
        return "裁定如下"
    if parsed.doc_type and "决定" in parsed.doc_type:
        return "决定如下"
    return "判决如下"
