"""Slips people make when typing a judgment, generated without looking at the format checks.

`mutants.py` injects each check's own defect (written together with the rules); this module is the
independent counterpart for the benchmark of issue #11: each slip models a writer's habit, chosen
at random (seeded) over the whole text, and knows nothing of how a rule looks for it.

- `name`: one later occurrence of a party's name that appears at least twice is changed — a
  look-alike character (形近字), a sound-alike character (同音字) or a dropped character;
- `organisation`: the same in an organisation's name (5+ characters) or a short name the judgment
  defines (（以下简称邮储银行呼市分行）); in a name with a middle dot (阿卜杜·热合曼) the dot may also be
  typed as . • 。 or left out;
- `doubled`: a character typed twice somewhere in a sentence of the body;
- `citation`: a statute citation loses a book-title mark 《 or 》, or 第 before an article number;
- `clerk`: the clerk's signature line is left out;
- `halfwidth`: a Chinese comma or semicolon typed as its ASCII form;
- `date`: the signing date typed with an Arabic zero or in Arabic digits.
Each maps to the check code that should catch it (`EXPECTED_CODE`).

`every_doubling` is the systematic counterpart of `doubled`: in sentences drawn at random from the
body it doubles every Chinese character in turn (each position once, none skipped as "correct"), so
the doubled-character figures do not depend on which slips someone thought of. Pure module: no Flask.
"""
from __future__ import annotations

import random
import re

from reviewer.judgments.document import ParsedJudgment

# Look-alike and sound-alike characters common in Chinese names (a typist's confusions, from
# common 形近字 / 同音字 lists; not derived from any rule).
LOOK_ALIKE = dict(pair for a, b in [
    ("明", "朋"), ("远", "运"), ("新", "亲"), ("立", "位"), ("梅", "海"), ("晓", "晚"), ("刚", "钢"),
    ("志", "忠"), ("华", "毕"), ("国", "围"), ("军", "车"), ("伟", "纬"), ("玉", "王"), ("红", "江"),
    ("春", "舂"), ("丽", "雨"), ("建", "健"), ("平", "苹"), ("文", "汶"), ("芳", "芬"), ("娟", "涓"),
    ("辉", "晖"), ("杰", "木"), ("强", "张"), ("磊", "垒"), ("洋", "详"), ("勇", "男"), ("艳", "绝"),
    ("敏", "繁"), ("静", "净"), ("斌", "武"), ("涛", "寿"), ("超", "起"), ("鹏", "朋"), ("霞", "暇"),
    ("凡", "几"), ("龙", "尤"), ("宝", "室"), ("东", "冻"), ("喜", "嘉"), ("庆", "床"), ("帅", "师"),
    ("雪", "雷"), ("娜", "哪"), ("清", "请"), ("情", "晴"), ("浩", "告"), ("枫", "风"), ("尘", "尖"),
    ("辰", "晨"), ("纯", "钝"), ("陆", "陵"), ("林", "材"), ("萍", "苹"), ("慧", "彗"), ("丹", "舟"),
    ("荣", "菜"), ("子", "孑"), ("东", "乐"), ("冬", "各"), ("美", "姜"), ("真", "直"), ("城", "诚"),
    # characters of organisations' names (公司, 银行, 保险, 检察院 …)
    ("公", "分"), ("司", "同"), ("银", "很"), ("保", "堡"), ("险", "脸"), ("财", "材"), ("产", "严"),
    ("股", "服"), ("限", "眼"), ("责", "贵"), ("任", "仕"), ("院", "阮"), ("检", "捡"), ("察", "蔡"),
    ("储", "诸"), ("邮", "由"), ("热", "势"), ("力", "办"), ("市", "币"), ("区", "匹"), ("县", "具"),
] for pair in ((a, b), (b, a)))
SOUND_ALIKE = dict(pair for a, b in [
    ("明", "名"), ("远", "元"), ("新", "欣"), ("立", "力"), ("梅", "媒"), ("晓", "小"), ("刚", "纲"),
    ("志", "智"), ("华", "花"), ("国", "果"), ("军", "君"), ("伟", "玮"), ("玉", "宇"), ("红", "宏"),
    ("春", "纯"), ("丽", "莉"), ("建", "剑"), ("平", "萍"), ("文", "雯"), ("芳", "方"), ("娟", "鹃"),
    ("辉", "慧"), ("杰", "洁"), ("强", "墙"), ("磊", "蕾"), ("洋", "阳"), ("勇", "永"), ("艳", "燕"),
    ("敏", "民"), ("静", "靖"), ("斌", "彬"), ("涛", "韬"), ("超", "朝"), ("鹏", "朋"), ("霞", "侠"),
    ("凡", "帆"), ("龙", "隆"), ("宝", "保"), ("东", "冬"), ("喜", "熙"), ("庆", "青"), ("帅", "率"),
    ("雪", "学"), ("娜", "纳"), ("清", "青"), ("浩", "昊"), ("枫", "峰"), ("尘", "臣"), ("辰", "晨"),
    ("陆", "路"), ("林", "琳"), ("慧", "惠"), ("丹", "单"), ("荣", "蓉"), ("子", "紫"), ("真", "珍"),
    ("张", "章"), ("王", "汪"), ("李", "黎"), ("赵", "照"), ("钱", "前"), ("孙", "荪"), ("周", "舟"),
    ("吴", "武"), ("郑", "正"), ("陈", "程"), ("杨", "阳"), ("刘", "柳"), ("黄", "皇"), ("徐", "许"),
    ("公", "工"), ("司", "私"), ("银", "因"), ("险", "显"), ("财", "才"), ("产", "铲"), ("股", "古"),
    ("份", "分"), ("限", "现"), ("责", "则"), ("任", "认"), ("院", "愿"), ("检", "简"), ("察", "查"),
    ("省", "生"), ("县", "现"), ("支", "知"), ("中", "钟"), ("心", "新"), ("民", "名"), ("人", "仁"),
] for pair in ((a, b), (b, a)))
NO_DOUBLE = set("常仅刚渐人天年个每家户样种处时谢看想试说谈听走等")   # reduplication is correct here
_CJK = re.compile(r"[\u4e00-\u9fa5]")
_CITATION = re.compile(r"《[^》]{2,40}》(?:第[一二三四五六七八九十百零〇]+条)?")
_DATE = re.compile(r"^[〇○零一二三四五六七八九十]{4}年")
_SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")

EXPECTED_CODE = {
    "name": "party.name_inconsistent", "organisation": "party.name_inconsistent", "doubled": "text.repeated_char", "citation": "citation.format",
    "clerk": "signature.missing_clerk", "halfwidth": "text.halfwidth_punctuation",
    "date": "signature.date_format",
}


def _body(parsed: ParsedJudgment) -> list[int]:
    skip = set()
    for key in ("title", "signature", "appendix"):
        if key in parsed.section_ranges:
            skip.update(range(*parsed.section_ranges[key]))
    return [i for i in range(len(parsed.paragraphs)) if i not in skip]


def _set(paragraphs: list[str], i: int, text: str) -> list[str]:
    out = list(paragraphs)
    out[i] = text
    return out


def _misspell(ps, parsed, rng: random.Random, names: list[str]):
    """One later occurrence of one of `names` (written at least twice) with a look-alike, sound-alike
    or dropped character, or, in a name with a middle dot, the dot typed otherwise or left out."""
    text = "\n".join(ps)
    names = [n for n in dict.fromkeys(names) if text.count(n) >= 2]
    if not names:
        return None
    target = rng.choice(names)
    places = [(i, m.start()) for i in _body(parsed) for m in re.finditer(re.escape(target), ps[i])]
    places = places[1:] or places          # a later occurrence, not the first
    if not places:
        return None
    i, start = rng.choice(places)
    kind = rng.choice(("look", "sound", "drop", "dot") if "·" in target else ("look", "sound", "drop"))
    positions = [k for k in range(len(target)) if target[k] != "·"]
    rng.shuffle(positions)
    if kind == "dot":
        k = target.index("·")
        changed = target[:k] + rng.choice(("", ".", "•", "。")) + target[k + 1:]
        return _set(ps, i, ps[i][:start] + changed + ps[i][start + len(target):])
    for k in positions:
        table = LOOK_ALIKE if kind == "look" else SOUND_ALIKE
        if kind == "drop":
            if len(target) < 3:
                continue
            changed = target[:k] + target[k + 1:]
        elif target[k] in table:
            changed = target[:k] + table[target[k]] + target[k + 1:]
        else:
            continue
        return _set(ps, i, ps[i][:start] + changed + ps[i][start + len(target):])
    return None


def name(ps, parsed, rng: random.Random):
    return _misspell(ps, parsed, rng, [p.name for p in parsed.parties if "某" not in p.name and (
        re.fullmatch(r"[\u4e00-\u9fa5]{2,4}", p.name) or re.fullmatch(r"[\u4e00-\u9fa5]+(·[\u4e00-\u9fa5]+)+", p.name))])


def organisation(ps, parsed, rng: random.Random):
    """The same slips in an organisation's name or in a short name the judgment defines."""
    short = [m.group(1) for p in ps for m in re.finditer(r"简称[“\"]?([\u4e00-\u9fa5]{2,20}?)[”\"]?[）)]", p)]
    return _misspell(ps, parsed, rng, [p.name for p in parsed.parties if "某" not in p.name
                                       and re.fullmatch(r"[\u4e00-\u9fa5]{5,40}", p.name)] + short)


def doubled(ps, parsed, rng: random.Random):
    body = [i for i in _body(parsed) if len(ps[i]) > 10]
    if not body:
        return None
    i = rng.choice(body)
    spots = [m.start() for m in _CJK.finditer(ps[i]) if m.group() not in NO_DOUBLE
             and (m.start() + 1 >= len(ps[i]) or ps[i][m.start() + 1] != m.group())
             and (m.start() == 0 or ps[i][m.start() - 1] != m.group())]
    if not spots:
        return None
    k = rng.choice(spots)
    return _set(ps, i, ps[i][:k + 1] + ps[i][k] + ps[i][k + 1:])


def citation(ps, parsed, rng: random.Random):
    places = [(i, m) for i in _body(parsed) for m in _CITATION.finditer(ps[i])]
    if not places:
        return None
    i, match = rng.choice(places)
    cited = match.group()
    options = [cited.replace("《", "", 1), cited.replace("》", "", 1)]
    if "》第" in cited:
        options.append(cited.replace("》第", "》", 1))
    return _set(ps, i, ps[i][:match.start()] + rng.choice(options) + ps[i][match.end():])


def clerk(ps, parsed, rng: random.Random):
    lines = [s.paragraph for s in parsed.signatories if s.role == "书记员"]
    if not lines:
        return None
    return [p for j, p in enumerate(ps) if j != lines[0]]


def halfwidth(ps, parsed, rng: random.Random):
    places = [(i, m.start()) for i in _body(parsed) for m in re.finditer("[，；]", ps[i])]
    if not places:
        return None
    i, k = rng.choice(places)
    return _set(ps, i, ps[i][:k] + {"，": ",", "；": ";"}[ps[i][k]] + ps[i][k + 1:])


def date(ps, parsed, rng: random.Random):
    i = parsed.judgment_date_paragraph
    if i is None or parsed.judgment_date is None or not _DATE.match(ps[i].strip()):
        return None
    value = parsed.judgment_date
    if rng.random() < 0.5 and "〇" in ps[i]:
        return _set(ps, i, ps[i].replace("〇", "0", 1))
    return _set(ps, i, f"{value.year}年{value.month}月{value.day}日")


def every_doubling(ps, parsed, rng: random.Random, sentences: int = 6):
    """Yield (paragraph, position, mutated paragraphs) for every Chinese character of `sentences`
    body sentences drawn at random, that character typed twice. A character already next to its
    twin is left out (that would be a triple, another slip)."""
    spans = [(i, m.start(), m.end()) for i in _body(parsed) for m in _SENTENCE.finditer(ps[i])
             if len(_CJK.findall(m.group())) >= 8]
    for i, start, end in sorted(rng.sample(spans, min(sentences, len(spans)))):
        text = ps[i]
        for k in range(start, end):
            if not _CJK.match(text[k]) or (k and text[k - 1] == text[k]) or \
                    (k + 1 < len(text) and text[k + 1] == text[k]):
                continue
            yield i, k, _set(ps, i, text[:k + 1] + text[k] + text[k + 1:])


SLIPS = {"name": name, "organisation": organisation, "doubled": doubled, "citation": citation, "clerk": clerk, "halfwidth": halfwidth,
         "date": date}
