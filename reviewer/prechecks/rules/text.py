"""Text rules (文字技术).

- `text.halfwidth_punctuation`: ASCII , ; : ? ! next to Chinese characters, or an ASCII full stop
  ending a Chinese sentence (error), or ASCII
  parentheses around Chinese text (warning). Numbers (1,000 / 10:30), case numbers and the appendix
  are left alone. One finding per paragraph, naming the first occurrence.
- `text.repeated_char` (warning): the same Chinese character twice in a row (本院院认为), except
  legitimate doublings (人人, 常常, 往往, 谢谢 …), numerals (二〇二二), a doubling inside a party's or
  signatory's name (薛梅梅; but 张明明 for 张明 and 韩韩星 for 韩星 are reported), anonymised names (张某某) and word boundaries: when a word ends at the first character
  and another starts at the second (公开|开庭, 符合|合同, 被|被告), the doubling reads correctly.
  Words come from jieba's dictionary. A reduplicated word (代代, 生生, 事事) counts as one only when
  no common word glues either character to its neighbour (代代表, 出生生, 事事故) or jieba's best
  segmentation keeps the pair together (天天|上班). Every occurrence is reported (typos are deducted per
  occurrence).
"""
from __future__ import annotations

import re

from reviewer.prechecks.findings import ERROR, WARNING, Finding, excerpt
from reviewer.prechecks.rules import lexicon
from reviewer.prechecks.rules.common import body_indexes, is_cjk

_CJK = r"[\u4e00-\u9fa5“”‘’《》（）、，。；：？！]"
_HALF_PUNCT = re.compile(rf"(?<={_CJK})[,;:?!]|[,;:?!](?={_CJK})|(?<=[\u4e00-\u9fa5])\.(?=$|[\u4e00-\u9fa5])")
_HALF_PAREN = re.compile(r"\(([^()]*[\u4e00-\u9fa5][^()]*)\)")
_CASE_BRACKET = re.compile(r"^\((?:19|20)\d{2}\)")

LEGIT_DOUBLES = set(
    "人人 常常 往往 谢谢 刚刚 仅仅 渐渐 纷纷 种种 处处 时时 事事 年年 天天 月月 日日 个个 明明 慢慢 稍稍 "
    "偏偏 恰恰 默默 多多 好好 轻轻 早早 久久 连连 频频 屡屡 统统 区区 草草 匆匆 悄悄 妈妈 爸爸 哥哥 姐姐 "
    "弟弟 妹妹 奶奶 爷爷 叔叔 舅舅 姑姑 婆婆 公公 宝宝 太太 娃娃 步步 层层 节节 声声 句句 条条 件件 项项 "
    "次次 笔笔 张张 户户 家家 村村 代代 世世 生生 样样 回回 点点 滴滴 历历 源源 大大 "
    "某某 单单 独独 略略 足足 整整 白白 暗暗 静静 紧紧 牢牢 深深 远远 急急 "
    "看看 想想 试试 说说 听听 走走 问问 谈谈 等等 星星 猩猩 哈哈 呵呵 嘻嘻 茫茫 绵绵 蒙蒙".split())
# Doublings across a word boundary that are correct (表明|明知, 用于|于…): the trigram around them.
LEGIT_CONTEXTS = ("表明明", "说明明", "证明明", "查明明", "声明明", "写明明", "载明明", "注明明", "指明明",
                  "标明明", "讲明明", "阐明明", "的的确确", "公司司法", "法院院长", "行为为", "证证明",
                  "证证件", "证证实")
_NUMERALS = set("〇○零一二三四五六七八九十百千万亿两")


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


def _protected_pairs(text: str, names: list[str]) -> set[int]:
    """Positions p where text[p:p+2] lies inside one occurrence of a name (薛梅梅): such a doubling
    is the name itself. A doubling that only touches a name (张明明, 韩韩星) is not protected."""
    protected = set()
    for name in names:
        start = text.find(name)
        while start >= 0:
            protected.update(range(start, start + len(name) - 1))
            start = text.find(name, start + 1)
    return protected


_GLUE_FREQ = 1000   # only common words (代表, 出生, 中国) glue a doubled character to its neighbour


def _glued(text: str, pos: int) -> bool:
    """Does a word end at the first character using the one before it (出生|生), or start at the
    second and run on after it (代|代表)? Then XX is not the reduplicated word 生生 / 代代."""
    ends = any(pos + 1 - size >= 0 and lexicon.is_word(text[pos + 1 - size:pos + 1], _GLUE_FREQ)
               for size in (2, 3, 4))
    starts = any(pos + 1 + size <= len(text) and lexicon.is_word(text[pos + 1:pos + 1 + size], _GLUE_FREQ)
                 for size in (2, 3, 4))
    return ends or starts


def _one_token(text: str, pos: int) -> bool:
    """Does jieba's best segmentation of the surroundings keep the pair together (天天|上班), rather
    than splitting it into neighbouring words (代|代表|人)?"""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    start = max(0, pos - 4)
    offset = 0
    for token in jieba.lcut(text[start:pos + 6], HMM=False):
        if offset <= pos - start and pos - start + 2 <= offset + len(token):
            return True
        offset += len(token)
    return False


def _legit_doubling(text: str, pos: int) -> bool:
    """True when text[pos] == text[pos+1] reads correctly: a reduplicated word (人人), or a word
    boundary between the two (公开|开庭, 被|被告, 目的|的)."""
    ch = text[pos]
    if (ch + ch in LEGIT_DOUBLES or lexicon.is_word(ch + ch, min_freq=50)) and \
            (not _glued(text, pos) or _one_token(text, pos)):
        return True
    # AABB reduplication (实实在在, 清清楚楚): the pair is followed or preceded by another pair
    if (pos + 3 < len(text) and text[pos + 2] == text[pos + 3] != ch) or \
            (pos >= 2 and text[pos - 2] == text[pos - 1] != ch):
        return True
    window = text[max(0, pos - 2): pos + 4]
    if any(context in window for context in LEGIT_CONTEXTS):
        return True
    left = lexicon.word_ends_at(text, pos + 1) or ch in lexicon.FUNCTION_BEFORE
    right = lexicon.word_starts_at(text, pos + 1) or ch in lexicon.FUNCTION_AFTER
    return left and right


def check_repeated(parsed, court_codes) -> list[Finding]:
    names = [n for n in {p.name for p in parsed.parties} | {s.name for s in parsed.signatories} if n]
    findings = []
    for i in body_indexes(parsed):
        text = parsed.paragraphs[i]
        protected = None
        for pos in range(len(text) - 1):
            ch = text[pos]
            if ch != text[pos + 1] or not is_cjk(ch) or ch in _NUMERALS:
                continue
            if _legit_doubling(text, pos):
                continue
            if protected is None:
                protected = _protected_pairs(text, names)
            if pos in protected:
                continue
            findings.append(Finding("text.repeated_char", WARNING,
                                    f"“{ch + ch}”疑似多打了一个“{ch}”。", i, excerpt(text, pos, pos + 2, radius=6)))
    return findings
