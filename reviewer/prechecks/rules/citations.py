"""Citation rules.

- `citation.format` (error): a law cited without 《》 (中华人民共和国…法 outside title marks), or an
  article, paragraph or item of a cited law numbered in Arabic digits (《…法》第64条), or a
  paragraph/item without 第 (第十条一款), or an article number without 第 right after the title
  (《…法》一百四十五条), or a title mark left unpaired (《中华人民共和国民法典第六百七十五条, or
  中华人民共和国民法典》第…: one of the pair was dropped or mistyped).
  Contracts and other documents in 《》 (…合同, …协议, …书) are not laws and are ignored, and so is
  the appendix, which quotes statutes verbatim.
- `citation.repealed` (warning): a law repealed by the Civil Code on 2021-01-01 (合同法, 物权法,
  侵权责任法, 民法通则, 民法总则, 担保法, 婚姻法, 继承法, 收养法) cited in a judgment signed on or after
  that date; transitional cases (facts before 2021) are legitimate, hence only a warning.
"""
from __future__ import annotations

import re
from datetime import date

from reviewer.prechecks.findings import ERROR, WARNING, Finding, excerpt
from reviewer.prechecks.rules.common import body_indexes

CIVIL_CODE_DATE = date(2021, 1, 1)
REPEALED = ("合同法", "物权法", "侵权责任法", "民法通则", "民法总则", "担保法", "婚姻法", "继承法",
            "收养法")
_LAW_SUFFIX = r"(?:法|法典|条例|规定|解释|决定|办法|规则)"
_CITED = re.compile(rf"《([^《》]{{2,60}}{_LAW_SUFFIX})》")
# a law name not preceded by an opening title mark of any kind
_BARE_LAW = re.compile(rf"(?<![《<〈“\"「])中华人民共和国[\u4e00-\u9fa5]{{1,20}}?{_LAW_SUFFIX}(?![》>〉”\"」])")
_BARE_AFTER = re.compile(r"^(?:第|规定|之规定|的规定)")
_ARABIC_ARTICLE = re.compile(r"第\s*[0-9０-９]+\s*[条款项]")
_MISSING_DI = re.compile(r"条[一二三四五六七八九十]+[款项]")
_NO_DI_ARTICLE = re.compile(r"(?:》|、)([一二三四五六七八九十百千零〇]+条)")
_OPEN_UNCLOSED = re.compile(r"《[^《》。；\n]*?(?=《|。|；|$)")
_CLOSE_UNOPENED = re.compile(r"(?:^|》|。|；)[^《》。；]*?》")


def _unpaired(text: str) -> re.Match | None:
    """A 《 with no 》 before the next 《 or the end of the sentence, or a 》 with no 《 before it."""
    for match in _OPEN_UNCLOSED.finditer(text):
        if match.group(0).startswith("《") and "》" not in match.group(0):
            return match
    for match in _CLOSE_UNOPENED.finditer(text):
        if "《" not in match.group(0):
            return match
    return None


_REPEALED = re.compile(rf"《(?:中华人民共和国)?({'|'.join(REPEALED)})》")


def check_format(parsed, court_codes) -> list[Finding]:
    findings = []
    for i in body_indexes(parsed):
        text = parsed.paragraphs[i]
        for match in _BARE_LAW.finditer(text):
            if _BARE_AFTER.match(text[match.end():]) or re.search(r"(依照|根据|依据|适用)$", text[:match.start()]):
                findings.append(Finding("citation.format", ERROR,
                                        f"引用法律“{match.group(0)}”未加书名号《》。", i,
                                        excerpt(text, match.start(), match.end())))
                break
        unpaired = _unpaired(text)
        if unpaired:
            findings.append(Finding("citation.format", ERROR, "书名号《》不成对，请检查引用的法律名称。", i,
                                    excerpt(text, unpaired.start(), unpaired.end())))
            continue
        for cited in _CITED.finditer(text):
            # the article numbers that follow this law, up to the next cited title or sentence end
            tail_end = len(text)
            following = re.search(r"《|。|；", text[cited.end():])
            if following:
                tail_end = cited.end() + following.start()
            article = _ARABIC_ARTICLE.search(text, cited.end(), tail_end)
            if article:
                findings.append(Finding("citation.format", ERROR,
                                        f"《{cited.group(1)}》的条文序号应使用汉字数字（如第六十四条）。", i,
                                        excerpt(text, article.start(), article.end())))
                break
            missing = _MISSING_DI.search(text, cited.end(), tail_end)
            no_di = _NO_DI_ARTICLE.search(text, cited.end() - 1, tail_end)
            if no_di and (not missing or no_di.start() < missing.start()):
                findings.append(Finding("citation.format", ERROR,
                                        f"《{cited.group(1)}》的条文序号前缺少“第”（如第六十四条）。", i,
                                        excerpt(text, no_di.start(1), no_di.end(1))))
                break
            if missing:
                findings.append(Finding("citation.format", ERROR,
                                        f"《{cited.group(1)}》的款、项序号前缺少“第”（如第十条第一款）。", i,
                                        excerpt(text, missing.start(), missing.end())))
                break
    return findings


def check_repealed(parsed, court_codes) -> list[Finding]:
    if not parsed.judgment_date or parsed.judgment_date < CIVIL_CODE_DATE:
        return []
    findings = []
    for i in body_indexes(parsed):
        text = parsed.paragraphs[i]
        match = _REPEALED.search(text)
        if match:
            findings.append(Finding(
                "citation.repealed", WARNING,
                f"《{match.group(1)}》已于2021年1月1日民法典施行时废止；除法律事实发生在民法典施行前的情形外，"
                "应适用民法典。", i, excerpt(text, match.start(), match.end())))
    return findings
