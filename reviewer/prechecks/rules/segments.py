"""Word-level readings of a doubled character XX, from jieba's dictionary and segmentation.

Used by doubling.py to tell a reduplicated word (人人, 常常) or a boundary between two words
(公开|开庭, 符合|合同) from a character typed twice (符合合法律, 住所地地天津市, 执行人人).
"""
from __future__ import annotations

from reviewer.prechecks.rules import lexicon
from reviewer.prechecks.rules.common import is_cjk

COMMON = 20          # a word of jieba's dictionary at least this frequent counts as a word here
# Single characters that stand alone in a sentence as words of their own; any other character left
# alone by the segmentation is a stray (the leftover of a typing slip, or of an unknown name).
STANDALONE = set("的了是在和与及或被把将对向从给为由于以就也都又还不没所其之而且则即并等已可应该此各每均仍再")
# Single characters that stand alone before a word (对|对方, 就|就业, 被|被告 as the passive) or
# after one (目的|的).
FUNCTION_BEFORE = set("被在对向与和及由为从给将把于以按就")
FUNCTION_AFTER = set("的了得着过们等之者")


def word_ends(text: str, end: int, min_freq: int = COMMON) -> bool:
    """Is there a dictionary word of 2–4 characters ending just before `end`?"""
    return any(end - size >= 0 and lexicon.is_word(text[end - size:end], min_freq) for size in (2, 3, 4))


def word_starts(text: str, start: int, min_freq: int = COMMON) -> bool:
    return any(start + size <= len(text) and lexicon.is_word(text[start:start + size], min_freq)
               for size in (2, 3, 4))


def _spans(text: str) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for token in lexicon.segment(text):
        spans.append((offset, offset + len(token)))
        offset += len(token)
    return spans


def _stray(text: str, span: tuple[int, int]) -> bool:
    """A single character the segmentation left alone that is no word on its own (日 after 15 is)."""
    a, b = span
    return b - a == 1 and is_cjk(text[a]) and text[a] not in STANDALONE and not (a and text[a - 1].isdigit())


def _window(text: str, pos: int) -> tuple[str, str, int]:
    """The doubled text around the pair and the same text with one X removed (same edges)."""
    start, end = max(0, pos - 5), min(len(text), pos + 8)
    return text[start:end], text[start:pos + 1] + text[pos + 2:end], pos - start


def one_token(text: str, pos: int) -> bool:
    """Does jieba's best segmentation of the surroundings keep the pair together (天天|上班)?"""
    doubled, _, at = _window(text, pos)
    return any(a <= at and at + 2 <= b for a, b in _spans(doubled))


def boundary(text: str, pos: int) -> bool:
    """One word holds the pair (银行行长), or two words meet at it (公开|开庭, 本院|院长, 已被|被告 with 被 alone): jieba's segmentation puts
    the two X in different tokens, each a word of two or more characters or a function word standing
    alone on its side, and the tokens next to them are no stray single characters that the single
    form does not have (钱|立新|新民|间|借贷 against 钱|立新|民间|借贷: a slip)."""
    doubled, single, at = _window(text, pos)
    spans = _spans(doubled)
    first = next(s for s in spans if s[0] <= at < s[1])
    second = next(s for s in spans if s[0] <= at + 1 < s[1])
    if first == second:
        return first[1] - first[0] >= 3        # one dictionary word holds the pair: 银行行长, 工作作风
    ch = text[pos]
    if first[1] - first[0] < 2 and ch not in FUNCTION_BEFORE:
        return False
    if second[1] - second[0] < 2 and ch not in FUNCTION_AFTER:
        return False
    before = [sp for sp in spans if sp[1] == first[0]]
    after = [sp for sp in spans if sp[0] == second[1]]
    single_strays = {sp[0] for sp in _spans(single) if _stray(single, sp)}
    for a, b in before + after:
        if _stray(doubled, (a, b)) and (a if a <= at else a - 1) not in single_strays:
            return False
    return True
