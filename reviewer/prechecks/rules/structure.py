"""Structure and signature rules.

- `structure.missing_section` (error): a required part is missing — 审理经过 (how the case came to
  court), 本院认为 (judgments only), the 判决如下/裁定如下 clause, the 落款 (signature block).
- `signature.missing_clerk` (error): a signature block without 书记员.
- `signature.date_format` (error): the signing date is missing, impossible, or not in Chinese
  numerals (二〇二一年三月十五日); ○, 零, O or an Arabic 0 in place of 〇 (二0二一年) is a warning
  that names the character — the date itself is still read.
- `civil.missing_costs` (error): a civil first-instance judgment (民事判决书, 一审) with no paragraph
  after the ruling clause that names the fee (案件受理费 / 诉讼费 / 受理费) and who bears it (负担, 承担,
  免收 …); the appeal notice's 上诉案件受理费 prepayment does not count.
"""
from __future__ import annotations

import re

from reviewer.judgments.chinese_dates import CHINESE_DATE, ZERO_VARIANTS, chinese_date
from reviewer.prechecks.findings import ERROR, WARNING, Finding
from reviewer.prechecks.rules.common import is_judgment, ruling_clause_word

_COSTS = re.compile(r"受+理+费|诉+讼+费|申+请+费")
_COSTS_RULED = re.compile(r"负担|承担|免[收交予]|退[还回]|由.{0,20}[交缴]纳")
# the appeal notice mentions the appeal fee to prepay; that is not a ruling on this case's costs
_APPEAL_FEE = re.compile(r"[(（［\[]?在递交上诉状[^。]*|上诉案件受理费[^。，,；;]*|预[交缴][^。，,；;]*")


def check_sections(parsed, court_codes) -> list[Finding]:
    ranges = parsed.section_ranges
    missing = []
    if "history" not in ranges:
        missing.append(("审理经过（案件由来和审理经过）", None))
    if is_judgment(parsed) and "执行" not in (parsed.doc_type or "") and "reasoning" not in ranges:
        missing.append(("“本院认为”部分（裁判理由）", None))
    if "basis" not in ranges:
        missing.append((f"“{ruling_clause_word(parsed)}”的引导语", None))
    if "signature" not in ranges:
        missing.append(("落款（审判组织署名与日期）", None))
    return [Finding("structure.missing_section", ERROR, f"文书缺少{name}。", paragraph, "")
            for name, paragraph in missing]


def check_clerk(parsed, court_codes) -> list[Finding]:
    if "signature" not in parsed.section_ranges or parsed.clerk:
        return []
    start, end = parsed.section_ranges["signature"]
    return [Finding("signature.missing_clerk", ERROR, "落款中没有书记员署名。", end - 1,
                    parsed.paragraphs[end - 1])]


def check_date_format(parsed, court_codes) -> list[Finding]:
    if "signature" not in parsed.section_ranges:
        return []
    index = parsed.judgment_date_paragraph
    if index is None:
        start, end = parsed.section_ranges["signature"]
        return [Finding("signature.date_format", ERROR, "落款中没有裁判日期。", end - 1, "")]
    text = parsed.paragraphs[index].strip()
    match = CHINESE_DATE.search(text)
    if not match or re.search(r"[1-9１-９]", text):
        return [Finding("signature.date_format", ERROR,
                        "落款日期应使用汉字数字书写（如二〇二一年三月十五日）。", index, text)]
    if chinese_date(text) is None:
        return [Finding("signature.date_format", ERROR, "落款日期不是有效日期。", index, text)]
    odd = sorted({ch for ch in match.group("y") + match.group("m") + match.group("d")
                  if ch in ZERO_VARIANTS and ch != "〇"})
    if odd:
        return [Finding("signature.date_format", WARNING,
                        f"落款日期中的“{''.join(odd)}”应写作“〇”。", index, text)]
    return []


def check_costs(parsed, court_codes) -> list[Finding]:
    if parsed.doc_type != "民事判决书" or parsed.procedure != "一审":
        return []
    ranges = parsed.section_ranges
    start = ranges.get("basis", ranges.get("reasoning", (0, 0)))[0]
    end = ranges.get("signature", (len(parsed.paragraphs), 0))[0]
    for i in range(start + 1, end):
        text = _APPEAL_FEE.sub("", parsed.paragraphs[i])
        if _COSTS.search(text) and _COSTS_RULED.search(text):
            return []
    anchor = ranges.get("ruling", ranges.get("basis", (None,)))[0]
    return [Finding("civil.missing_costs", ERROR, "一审民事判决未写明案件受理费（诉讼费用）的负担。",
                    anchor, "")]
