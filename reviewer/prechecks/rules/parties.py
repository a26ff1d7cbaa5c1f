"""`party.name_inconsistent` (warning): a person's name that differs by one character from a party
named in the head.

Rule: for each party in the head whose name is a personal name (2–4 Chinese characters), look in the
body (outside head and appendix) at the words written right after a party role (原告, 被告, 上诉人 …).
A word of the same length that shares all but one character with the party's name — and is neither
another known name (party or signatory) nor an anonymised form (某, ×) — and appears only once in
the document is reported: a single stray spelling is the typical typo, a second person is not.
"""
from __future__ import annotations

import re

from reviewer.prechecks.findings import WARNING, Finding, excerpt
from reviewer.prechecks.rules.common import body_indexes

_ROLES = ("被上诉人", "上诉人", "申请执行人", "被执行人", "被申请人", "申请人", "第三人", "被告人",
          "原告", "被告", "罪犯")
_ROLE_RE = re.compile("|".join(_ROLES))
_PERSON = re.compile(r"^[\u4e00-\u9fa5]{2,4}$")


def _differs_by_one(a: str, b: str) -> bool:
    return len(a) == len(b) and a != b and sum(x != y for x, y in zip(a, b)) == 1


def check_names(parsed, court_codes) -> list[Finding]:
    names = {p.name for p in parsed.parties if _PERSON.match(p.name) and "某" not in p.name}
    if not names:
        return []
    known = {p.name for p in parsed.parties} | {s.name for s in parsed.signatories}
    full_text = "\n".join(parsed.paragraphs)
    head = parsed.section_ranges.get("head", (0, 0))
    findings, reported = [], set()
    for i in body_indexes(parsed, skip=("appendix", "title", "signature")):
        if head[0] <= i < head[1]:
            continue
        text = parsed.paragraphs[i]
        for role in _ROLE_RE.finditer(text):
            for name in names:
                word = text[role.end(): role.end() + len(name)]
                if word in reported or not _differs_by_one(word, name):
                    continue
                if word in known or "某" in word or "×" in word or not _PERSON.match(word):
                    continue
                if any(word.startswith(other) or other.startswith(word) for other in known if other != name):
                    continue
                if full_text.count(word) != 1:
                    continue
                reported.add(word)
                findings.append(Finding(
                    "party.name_inconsistent", WARNING,
                    f"“{word}”与首部当事人“{name}”仅一字之差，请核对姓名是否一致。", i,
                    excerpt(text, role.end(), role.end() + len(word))))
    return findings
