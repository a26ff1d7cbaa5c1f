"""Inject one known defect into a judgment's paragraphs, per check code (the benchmark corpus).

Each mutator takes the clean paragraphs and their parse and returns the mutated paragraphs, or None
when the defect cannot be injected into that document (e.g. no civil costs clause in a criminal
judgment). `variant` rotates between the forms a defect takes. Pure module: no Flask imports.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from reviewer.judgments.chinese_dates import chinese_integer, to_chinese_date
from reviewer.judgments.document import ParsedJudgment
from reviewer.prechecks.rules.dates import history_dates

P = list[str]


def _replace_at(paragraphs: P, index: int, text: str) -> P:
    changed = list(paragraphs)
    changed[index] = text
    return changed


def case_number_format(ps: P, parsed: ParsedJudgment, variant: int) -> P | None:
    i = parsed.case_number_paragraph
    if i is None or parsed.judgment_date is None:
        return None
    text = ps[i]
    if variant % 3 == 0:
        pos = text.rfind("号")
        return _replace_at(ps, i, text[:pos] + text[pos + 1:])
    if variant % 3 == 1:
        year = str(parsed.case_number.year)
        return _replace_at(ps, i, text.replace(year, str(parsed.judgment_date.year + 3), 1))
    return _replace_at(ps, i, re.sub(r"^[（(〔\[]\s*(\d{4})\s*[）)〕\]]", r"\1", text.strip()))


def court_mismatch(ps: P, parsed: ParsedJudgment, variant: int) -> P | None:
    number = parsed.case_number
    if number is None or number.old_style:
        return None
    code = number.court_code
    wrong = code[:-1] + str((int(code[-1]) + 1 + variant % 3) % 10)
    i = parsed.case_number_paragraph
    return _replace_at(ps, i, ps[i].replace(code, wrong, 1))


def missing_section(ps: P, parsed: ParsedJudgment, variant: int) -> P | None:
    if variant % 2 == 1 and "reasoning" in parsed.section_ranges and parsed.doc_type.endswith("判决书"):
        return [re.sub(r"^本院(经审查|经审理)?认为", "综上", p) for p in ps]
    if "basis" not in parsed.section_ranges:
        return None
    i = parsed.section_ranges["basis"][0]
    return _replace_at(ps, i, re.sub(r"(判决|裁定|决定)如下", r"\1", ps[i]))


def missing_clerk(ps: P, parsed: ParsedJudgment, variant: int) -> P | None:
    clerks = {s.paragraph for s in parsed.signatories if s.role == "书记员"}
    if not clerks:
        return None
    return [p for i, p in enumerate(ps) if i not in clerks]


def date_format(ps: P, parsed: ParsedJudgment, variant: int) -> P | None:
    i, value = parsed.judgment_date_paragraph, parsed.judgment_date
    if i is None or value is None:
        return None
    if variant % 2 == 0:
        return _replace_at(ps, i, f"{value.year}年{value.month}月{value.day}日")
    return _replace_at(ps, i, ps[i].replace("〇", "○"))


_LAW = re.compile(r"《(中华人民共和国[^《》<>]{1,20}法)》")
_ARTICLE = re.compile(r"第([一二三四五六七八九十百千零]+)条")


def citation_format(ps: P, parsed: ParsedJudgment, variant: int) -> P | None:
    order = [parsed.section_ranges[k][0] for k in ("basis", "reasoning") if k in parsed.section_ranges]
    for i in order + list(range(len(ps))):
        if parsed.section_of(i) in ("appendix", "title", "signature"):
            continue
        law = _LAW.search(ps[i])
        if not law:
            continue
        text = ps[i]
        if variant % 2 == 0:
            return _replace_at(ps, i, text[:law.start()] + law.group(1) + text[law.end():])
        article = _ARTICLE.search(text, law.end())
        if article:
            number = chinese_integer(article.group(1))
            return _replace_at(ps, i, text[:article.start()] + f"第{number}条" + text[article.end():])
        return _replace_at(ps, i, text[:law.start()] + law.group(1) + text[law.end():])
    return None


def citation_repealed(ps: P, parsed: ParsedJudgment, variant: int) -> P | None:
    i, value = parsed.judgment_date_paragraph, parsed.judgment_date
    if i is None or value is None or "basis" not in parsed.section_ranges:
        return None
    changed = _replace_at(ps, i, to_chinese_date(date(2021 + variant % 2, value.month, min(value.day, 28))))
    b = parsed.section_ranges["basis"][0]
    text = changed[b]
    if not re.search(r"《中华人民共和国(合同法|物权法|侵权责任法|民法通则|担保法|婚姻法|继承法)》", text):
        cite = "《中华人民共和国合同法》第一百零七条、"
        match = re.search(r"依照|依据|根据", text)
        text = (text[:match.end()] + cite + text[match.end():]) if match else \
            "依照" + cite.rstrip("、") + "之规定，" + text
        changed[b] = text
    return changed


_TYPO_TAILS = "明华军伟芳丽强磊静勇"


def party_name(ps: P, parsed: ParsedJudgment, variant: int) -> P | None:
    head = parsed.section_ranges.get("head", (0, 0))
    persons = [p for p in parsed.parties if re.fullmatch(r"[\u4e00-\u9fa5]{2,4}", p.name)
               and p.role in ("原告", "被告", "被告人", "上诉人", "被上诉人", "申请人", "被执行人", "申请执行人",
                              "第三人", "上诉人（原审被告人）", "原审被告人")]
    full = "\n".join(ps)
    for party in persons[variant % max(len(persons), 1):] + persons:
        for i in range(head[1], len(ps)):
            if parsed.section_of(i) in ("appendix", "signature"):
                continue
            pos = ps[i].find(party.role.split("（")[0] + party.name)
            if pos < 0:
                continue
            start = pos + len(party.role.split("（")[0])
            for tail in _TYPO_TAILS:
                typo = party.name[:-1] + tail
                if tail != party.name[-1] and typo not in full:
                    return _replace_at(ps, i, ps[i][:start] + typo + ps[i][start + len(party.name):])
    return None


def halfwidth(ps: P, parsed: ParsedJudgment, variant: int) -> P | None:
    keys = ("reasoning", "facts", "history", "ruling")
    for key in keys[variant % 2:] + keys[: variant % 2]:
        if key not in parsed.section_ranges:
            continue
        start, end = parsed.section_ranges[key]
        for i in range(start, end):
            match = re.search(r"(?<=[\u4e00-\u9fa5])[，；：](?=[\u4e00-\u9fa5])", ps[i])
            if match:
                ascii_mark = {"，": ",", "；": ";", "：": ":"}[match.group(0)]
                return _replace_at(ps, i, ps[i][:match.start()] + ascii_mark + ps[i][match.end():])
    return None


REPEAT_TEMPLATES = (("本院认为", "本院院认为"), ("判决如下", "判决决如下"), ("裁定如下", "裁定定如下"),
                    ("诉讼请求", "诉讼讼请求"), ("受理费", "受理理费"), ("审理终结", "审理理终结"),
                    ("法律规定", "法律律规定"), ("申请执行", "申请请执行"), ("事实清楚", "事实实清楚"),
                    ("公诉机关", "公诉诉机关"))


def repeated_char(ps: P, parsed: ParsedJudgment, variant: int) -> P | None:
    templates = REPEAT_TEMPLATES[variant % len(REPEAT_TEMPLATES):] + REPEAT_TEMPLATES
    for phrase, typo in templates:
        for i in range(len(ps)):
            if parsed.section_of(i) in ("appendix", "title", "head", "signature"):
                continue
            if phrase in ps[i]:
                return _replace_at(ps, i, ps[i].replace(phrase, typo, 1))
    return None


def missing_costs(ps: P, parsed: ParsedJudgment, variant: int) -> P | None:
    if parsed.doc_type != "民事判决书" or parsed.procedure != "一审" or "basis" not in parsed.section_ranges:
        return None
    start = parsed.section_ranges["basis"][1]
    end = parsed.section_ranges.get("signature", (len(ps),))[0]
    drop = {i for i in range(start, end) if re.search(r"受理费|诉讼费", ps[i]) and not ps[i].startswith("如不服")}
    return [p for i, p in enumerate(ps) if i not in drop] if drop else None


def date_order(ps: P, parsed: ParsedJudgment, variant: int) -> P | None:
    if "history" not in parsed.section_ranges or parsed.judgment_date is None:
        return None
    start, end = parsed.section_ranges["history"]
    for i in range(start, end):
        dates = history_dates(ps[i])
        filings = [d for d in dates if d[0] == "filing"]
        hearings = [d for d in dates if d[0] == "hearing"]
        if filings and hearings and variant % 2 == 0:
            target, new = filings[0], hearings[0][1] + timedelta(days=3)
        elif dates:
            target, new = dates[0], parsed.judgment_date + timedelta(days=40)
        else:
            continue
        text = ps[i]
        replacement = f"{new.year}年{new.month}月{new.day}日"
        return _replace_at(ps, i, text[:target[2]] + replacement + text[target[3]:])
    return None


WORD_TEMPLATES = ("被告", "原告", "本院", "判决", "执行", "法院")


def repeated_word(ps: P, parsed: ParsedJudgment, variant: int) -> P | None:
    templates = WORD_TEMPLATES[variant % len(WORD_TEMPLATES):] + WORD_TEMPLATES
    for word in templates:
        for i in range(len(ps)):
            if parsed.section_of(i) in ("appendix", "title", "head", "signature"):
                continue
            if word in ps[i] and word + word not in ps[i]:
                return _replace_at(ps, i, ps[i].replace(word, word + word, 1))
    return None


def role_title(ps: P, parsed: ParsedJudgment, variant: int) -> P | None:
    lines = [s for s in parsed.signatories if re.sub(r"\s", "", ps[s.paragraph]).startswith("审判员")]
    if not lines:
        return None
    i = lines[variant % len(lines)].paragraph
    return _replace_at(ps, i, re.sub(r"^审(\s*)判(\s*)员", r"人民审\1判\2员", ps[i].lstrip()))


CONFUSABLE_TEMPLATES = (("委托诉讼代理人", "委托诉代理人"), ("辩护人", "辨护人"), ("被上诉人", "被上述人"),
                        ("合法传唤", "合法传换"), ("现已审理终结", "现以审理终结"), ("辩称", "辨称"),
                        ("迟延履行期间", "延迟履行期间"), ("诉讼请求", "诉讼请示"))


def confusable(ps: P, parsed: ParsedJudgment, variant: int) -> P | None:
    templates = CONFUSABLE_TEMPLATES[variant % len(CONFUSABLE_TEMPLATES):] + CONFUSABLE_TEMPLATES
    for right, wrong in templates:
        for i in range(len(ps)):
            if parsed.section_of(i) != "appendix" and right in ps[i]:
                return _replace_at(ps, i, ps[i].replace(right, wrong, 1))
    return None


MUTATORS = {
    "case_number.format": case_number_format,
    "case_number.court_mismatch": court_mismatch,
    "structure.missing_section": missing_section,
    "signature.missing_clerk": missing_clerk,
    "signature.date_format": date_format,
    "citation.format": citation_format,
    "citation.repealed": citation_repealed,
    "party.name_inconsistent": party_name,
    "text.halfwidth_punctuation": halfwidth,
    "text.repeated_char": repeated_char,
    "civil.missing_costs": missing_costs,
    "date.order": date_order,
    "text.repeated_word": repeated_word,
    "signature.role_title": role_title,
    "text.confusable": confusable,
}
