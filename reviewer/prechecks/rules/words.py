"""`text.confusable` (warning): a known miswriting of a legal term.

Each entry of CONFUSABLES is a form that is never correct in a judgment, with the term that was
meant (委托诉代理人 → 委托诉讼代理人, 辨护人 → 辩护人, 被上述人 → 被上诉人, 合法传换 → 合法传唤 …).
Only whole wrong forms are listed, never a correct word that merely looks alike, so a hit is a
real slip; the appendix (statutes quoted verbatim) is not checked.
"""
from __future__ import annotations

from reviewer.prechecks.findings import WARNING, Finding, excerpt
from reviewer.prechecks.rules.common import body_indexes

CONFUSABLES: dict[str, str] = {
    "委托诉代理人": "委托诉讼代理人",
    "委托代里人": "委托代理人",
    "法定带理人": "法定代理人",
    "辨护人": "辩护人",
    "辨护意见": "辩护意见",
    "辨称": "辩称",
    "被上述人": "被上诉人",
    "合法传换": "合法传唤",
    "现以审理终结": "现已审理终结",
    "诉讼请示": "诉讼请求",
    "延迟履行期间": "迟延履行期间",
    "法律效律": "法律效力",
    "即然": "既然",
    "按排": "安排",
}


def check_confusables(parsed, court_codes) -> list[Finding]:
    findings = []
    for i in body_indexes(parsed):
        text = parsed.paragraphs[i]
        for wrong, right in CONFUSABLES.items():
            start = text.find(wrong)
            if start >= 0:
                findings.append(Finding("text.confusable", WARNING, f"“{wrong}”疑为“{right}”之误。", i,
                                        excerpt(text, start, start + len(wrong), radius=6)))
    return findings
