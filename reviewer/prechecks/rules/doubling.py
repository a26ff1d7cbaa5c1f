"""`text.repeated_char` (warning): the same Chinese character typed twice (本院院认为, 十五日日内, 由被被告负担).

A doubled character XX is decided in this order; the first step that decides wins:
1. Reduplication patterns: AABB words of the dictionary (实实在在, 千千万万) and listed correct contexts
   (的的确确, 法院院长) read correctly.
2. Numbers: a counting unit doubled (十十堰, 第一百四十十五条), a digit doubled in a number with units
   (十五五日) or on its own before a measure word (一一辆, 二二审, 四四川), or a unit typed twice after a
   number (11月月20日, 24日日, 第一款款) is a slip; positional numerals (二〇二二, 一九九九) and 一一对应
   are not.
3. Names: a known name (party or signatory) with one of its characters typed twice (张明明 for 张明,
   韩韩星, 何真真纯) is a slip unless two words meet there (王明|明知); and a name as parsed from the head
   with a doubling that is written once while its single form stands elsewhere (孙雷雷 / 孙雷).
4. A doubling inside a known name written so more than once (薛梅梅, 买买提·吐尔逊 and its parts) reads
   correctly; one written once is judged by steps 5 and 6 and otherwise read as correct.
5. The judgment's own vocabulary: when the text with one X removed, together with its neighbours
   (天津市顺通, 宣城市宣州, 十五日内, 纠纷一案), occurs elsewhere in the same judgment and the doubled
   form occurs nowhere else, the writer meant the single form: a slip. Punctuation and the paragraph
   start count as a clause boundary (一、被被告人王某 against clauses opening with 被告人王某), except
   next to a function word that may open a clause on its own (，对对方, ，被被告李某驾驶).
6. Legal terms: removing one X restores a fixed term across the join that the doubled text lacks there
   (中华华人民共和国, 被执行行人, 撤回回起诉): a slip.
7. Otherwise it reads correctly when it is a reduplicated word — the listed ones (人人, 常常, 往往, 谢谢 …)
   or, from jieba's dictionary, a reduplicated adverb, adjective, descriptive, numeral or measure word
   (never a noun or verb such as 本本, 出出) — that no common word glues to the character before it
   (执行人|人, 出生|生, 纠纷|纷) and, when one glues it to the one after (代|代表), jieba's best
   segmentation keeps together (天天|上班); or when two words meet at the pair (公开|开庭, 符合|合同,
   对|对方) and jieba's segmentation leaves no stray character the single form does not (符合|合|法律,
   住所地|地|天津市: slips), or one dictionary word holds it (银行行长, 工作作风; segments.py).
   被被告 reads as the passive (已被被告催告) only after a word that can be a subject or an adverb,
   never after a preposition (由被被告负担) or at the start of a list item (一、被被告人).
Known limits: a doubled given name of someone outside the parties and signatories (证人刘洋洋) and
a reduplication glued to a common word before it (一年年过去) are reported; a preposition doubled
where both readings exist (按对对方) is not.
Every occurrence is reported (typos are deducted per occurrence); a run of three is decided once.
jieba's dictionary is read on the first doubling that needs it, never at import.
"""
from __future__ import annotations

import re

from reviewer.prechecks.findings import WARNING, Finding, excerpt
from reviewer.prechecks.rules import lexicon, segments
from reviewer.prechecks.rules.common import body_indexes, is_cjk

LEGIT_DOUBLES = set(
    "人人 常常 往往 谢谢 刚刚 仅仅 渐渐 纷纷 种种 处处 时时 事事 年年 天天 月月 日日 个个 明明 慢慢 稍稍 "
    "偏偏 恰恰 默默 多多 好好 轻轻 早早 久久 连连 频频 屡屡 统统 区区 草草 匆匆 悄悄 妈妈 爸爸 哥哥 姐姐 "
    "弟弟 妹妹 奶奶 爷爷 叔叔 舅舅 姑姑 婆婆 公公 宝宝 太太 娃娃 步步 层层 节节 声声 句句 条条 件件 项项 "
    "次次 笔笔 张张 户户 家家 村村 代代 世世 生生 样样 回回 点点 滴滴 历历 源源 大大 万万 "
    "某某 单单 独独 略略 足足 整整 白白 暗暗 静静 紧紧 牢牢 深深 远远 急急 "
    "看看 想想 试试 说说 听听 走走 问问 谈谈 等等 星星 猩猩 哈哈 呵呵 嘻嘻 茫茫 绵绵 蒙蒙".split())
# jieba's part-of-speech tags of reduplicated words that are correct as such (adverbs, adjectives …)
_REDUPLICATING_TAGS = {"d", "a", "ad", "z", "o", "m", "q", "t", "vn", "b", "r", "u"}
# Doublings across a word boundary that are correct (表明|明知, 用于|于…): the text around them.
LEGIT_CONTEXTS = ("的的确确", "公司司法", "法院院长", "行为为", "证证明", "证证件", "证证实")
# Fixed terms of judgments: one X removed restores one of them across the join → a slip.
LEGAL_TERMS = (
    "中华人民共和国", "人民法院", "人民检察院", "中级人民法院", "高级人民法院", "公安局", "派出所",
    "被执行人", "申请执行人", "申请人", "被申请人", "上诉人", "被上诉人", "被告人", "被害人", "第三人",
    "委托诉讼代理人", "委托代理人", "法定代表人", "法定代理人", "诉讼代理人", "辩护人", "公诉机关",
    "股份有限公司", "有限责任公司", "有限公司", "分公司", "支公司", "分行", "支行", "民事诉讼法",
    "刑事诉讼法", "行政诉讼法", "判决书", "裁定书", "调解书", "决定书", "起诉书", "上诉状", "案件受理费",
    "诉讼费用", "本判决", "本裁定", "发生法律效力", "住所地", "出生", "汉族", "撤回起诉", "撤回上诉",
    "撤诉", "本院认为", "审理终结", "纠纷一案", "民间借贷", "借款合同", "财产保险", "保险股份",
    "送达之日起", "判决生效", "迟延履行", "有期徒刑", "拘役", "缓刑", "罚金", "犯罪", "事实和理由", "诉讼请求",
    "查明", "认定", "之规定", "如下", "负担", "偿还", "利息", "本金", "执行", "终结", "审判员", "书记员",
    "人民陪审员", "审判长", "日内", "元整",
)
_NUMERALS = set("〇○零一二三四五六七八九十百千万亿两")
_DIGITS = set("一二三四五六七八九两")
_UNITS_IN_NUMBER = set("十百千")
_UNITS_AFTER_NUMBER = set("年月日时分秒号条款项元")
_DATE_UNITS = set("月日时分秒号款元")
_ARABIC = set("0123456789０１２３４５６７８９")
_PREPOSITIONS = set("由向与和及对将把同跟给令从自为")
_CLAUSE_ITEM = set("、：:")
_GLUE_AFTER = 1000   # only common words (代表, 中国) glue a doubled character to the one after it
_GLUE_BEFORE = 100   # 行人 in 执行人|人, 出生|生, 纠纷|纷
_MEASURES = set("个辆份年月日次件项条款名人元台部张本间套位户处笔把只头匹层栋号支审")
_NON_WORD = re.compile(r"[^\u4e00-\u9fa50-9A-Za-z０-９]")
_WINDOWS = ((1, 2), (2, 1), (2, 2), (1, 3), (3, 1))    # characters kept before / after the pair


def _clause_text(text: str) -> str:
    """The text with every punctuation mark turned into one boundary mark, framed by boundaries."""
    return "|" + _NON_WORD.sub("|", text) + "|"


class _Vocabulary:
    """The judgment's own text (every paragraph, boundaries marked), to count how a phrase is written."""

    def __init__(self, paragraphs: list[str]):
        self.text = "".join(_clause_text(p) for p in paragraphs)

    def count(self, phrase: str) -> int:
        return self.text.count(phrase)


def _meant_single(vocabulary: _Vocabulary, text: str, pos: int) -> bool:
    """Step 5: is the single form with its neighbours written elsewhere, the doubled one not?"""
    framed = _clause_text(text)
    q = pos + 1
    for before, after in _WINDOWS:
        left, right = framed[max(0, q - before):q + 1], framed[q + 2:q + 2 + after]
        if len(left) < before + 1 or len(right) < after or "|" in left[1:] or "|" in right[:-1]:
            continue
        single = left + right
        if sum(is_cjk(c) for c in single) < 3:
            continue
        if (left == "|" + text[pos] and text[pos] in segments.FUNCTION_BEFORE) or \
                (right[:1] == "|" and text[pos] in segments.FUNCTION_AFTER):
            continue     # ，对对方 / ，被被告李某驾驶: the lone function word may open the clause
        if vocabulary.count(single) and vocabulary.count(left + text[pos] + right) <= 1:
            return True
    return False


def _restores_term(text: str, pos: int) -> bool:
    """Step 6: a legal term spans the join once one X is removed, and the doubled text lacks it there."""
    single = text[:pos] + text[pos + 1:]
    for term in LEGAL_TERMS:
        if text[pos] not in term:
            continue
        for start in range(max(0, pos + 2 - len(term)), pos + 1):
            if single.startswith(term, start) and not text.startswith(term, start) \
                    and not text.startswith(term, start + 1):
                return True
    return False


def _number_slip(text: str, pos: int) -> bool | None:
    """Step 2: True for a slip in a number, False for a correct numeral doubling, None if no number."""
    ch = text[pos]
    before = text[pos - 1] if pos else ""
    if ch in _UNITS_AFTER_NUMBER and (before in _ARABIC or (before in _NUMERALS and before != "一")
                                      or (before == "一" and (ch in _DATE_UNITS or (pos >= 2 and text[pos - 2] in _NUMERALS)))):
        return True            # 一年年 / 一条条 / 一项项 read "one by one"; 一日日 / 一月月 do not
    if ch not in _NUMERALS:
        return None
    if ch in _UNITS_IN_NUMBER:
        return True
    if ch in "万亿":
        return before in _NUMERALS or before in _ARABIC
    start, end = pos, pos + 2
    while start > 0 and (text[start - 1] in _NUMERALS or text[start - 1] in _ARABIC):
        start -= 1
    while end < len(text) and (text[end] in _NUMERALS or text[end] in _ARABIC):
        end += 1
    if ch not in _DIGITS:
        return False
    if any(c in text[start:end] for c in "十百千万亿"):
        return True
    if end - start > 2:
        return False                   # positional: 一九九九, 二〇二二
    after = text[end] if end < len(text) else ""
    return ch != "一" or after in _MEASURES or after in _UNITS_AFTER_NUMBER or before == "第"


def _known_name_at(text: str, pos: int, names: list[str]) -> str | None:
    """The known name that covers both characters of the pair (薛梅梅), if any."""
    for name in names:
        start = text.find(name, max(0, pos + 2 - len(name)))
        if 0 <= start <= pos and start + len(name) >= pos + 2:
            return name
    return None


def _name_slip(text: str, pos: int, names: list[str], vocabulary: _Vocabulary) -> bool:
    """Step 3: a known name with one of its characters typed twice, or a parsed name that is the slip."""
    if _known_name_at(text, pos, names):
        return _misparsed_name(text, pos, names, vocabulary)
    single = text[:pos] + text[pos + 1:]
    for name in names:
        if len(name) < 2:
            continue
        start = single.find(name, max(0, pos + 1 - len(name)))
        while 0 <= start <= pos:
            if start < pos < start + len(name) - 1:
                return True                                     # 何真真纯
            if start + len(name) - 1 == pos or start == pos:    # 张明|明 / 韩|韩星
                return not segments.boundary(text, pos)
            start = single.find(name, start + 1)
    return False


def _misparsed_name(text: str, pos: int, names: list[str], vocabulary: _Vocabulary) -> bool:
    """The head's name is itself the slip (孙雷雷 parsed from 原告：孙雷雷): written once, while the
    name with one X removed stands elsewhere in the judgment."""
    for name in names:
        start = text.find(name, max(0, pos + 2 - len(name)))
        if not (0 <= start <= pos and start + len(name) >= pos + 2):
            continue
        single = name[:pos - start] + name[pos - start + 1:]
        name, single = _NON_WORD.sub("|", name), _NON_WORD.sub("|", single)
        if len(single) >= 2 and vocabulary.count(name) == 1 and vocabulary.count(single) > vocabulary.count(name):
            return True
    return False


def _aabb(text: str, pos: int) -> bool:
    """Step 1: AABB words of the dictionary (实实在在, 千千万万) with the pair as AA or BB."""
    return any(0 <= start and start + 4 <= len(text) and lexicon.is_word(text[start:start + 4])
               and text[start] == text[start + 1] and text[start + 2] == text[start + 3]
               for start in (pos, pos - 2))


def _reduplicated_word(text: str, pos: int) -> bool:
    pair = text[pos] * 2
    if pair not in LEGIT_DOUBLES and lexicon.tag(pair, min_freq=50) not in _REDUPLICATING_TAGS:
        return False
    if segments.word_ends(text, pos + 1, _GLUE_BEFORE):
        return False                     # 执行人|人, 出生|生
    return not segments.word_starts(text, pos + 1, _GLUE_AFTER) or segments.one_token(text, pos)


def _reads_correctly(text: str, pos: int) -> bool:
    """Step 7: a reduplicated word, or two words meeting at the pair."""
    if text[pos] == "被":
        before = text[pos - 1] if pos else ""
        if not before or before in _PREPOSITIONS or before in _CLAUSE_ITEM:
            return False
    return _reduplicated_word(text, pos) or segments.boundary(text, pos)


def is_slip(text: str, pos: int, names: list[str], vocabulary: _Vocabulary) -> bool:
    """Is text[pos] == text[pos+1] a character typed twice? (The steps of the module's docstring.)"""
    window = text[max(0, pos - 2): pos + 4]
    if _aabb(text, pos) or any(context in window for context in LEGIT_CONTEXTS):
        return False
    number = _number_slip(text, pos)
    if number is not None:
        return number
    if _name_slip(text, pos, names, vocabulary):
        return True
    name = _known_name_at(text, pos, names)
    if name and vocabulary.count(_NON_WORD.sub("|", name)) >= 2:
        return False                     # a name written so more than once
    if _meant_single(vocabulary, text, pos) or _restores_term(text, pos):
        return True
    return not name and not _reads_correctly(text, pos)


def check_repeated(parsed, court_codes) -> list[Finding]:
    names = {n for n in {p.name for p in parsed.parties} | {s.name for s in parsed.signatories} if n}
    # a name with a middle dot is also written without it, and its parts stand alone (买买提·吐尔逊)
    names |= {part for n in names if "·" in n for part in [n.replace("·", ""), *n.split("·")] if len(part) >= 2}
    # a long name with a doubling stays one when another of its characters is dropped (买买·吐尔逊):
    # that is party.name_inconsistent's finding, not a doubled character
    names |= {n[:k] + n[k + 1:] for n in list(names) if len(n) >= 4 and re.search(r"(.)\1", n)
              for k in range(len(n)) if n[k] not in n[k - 1:k] + n[k + 1:k + 2]}
    names = sorted(names)
    vocabulary = None
    findings = []
    for i in body_indexes(parsed):
        text = parsed.paragraphs[i]
        for pos in range(len(text) - 1):
            ch = text[pos]
            if ch != text[pos + 1] or not is_cjk(ch):
                continue
            if pos and text[pos - 1] == ch:
                continue     # three in a row: decided once, at its first pair
            if vocabulary is None:
                vocabulary = _Vocabulary(parsed.paragraphs)
            if is_slip(text, pos, names, vocabulary):
                findings.append(Finding("text.repeated_char", WARNING,
                                        f"“{ch + ch}”疑似多打了一个“{ch}”。", i, excerpt(text, pos, pos + 2, radius=6)))
    return findings
