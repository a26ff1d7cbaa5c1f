"""Chinese-numeral dates (二〇二一年三月十五日) and the Arabic dates in running text.

Rules: year digits are written one by one with 〇 for zero (○, 零, O, Ｏ and the Arabic 0 / ０
typed by mistake, as in 二0二一年, are accepted as variants; the format check reports them); month
and day use 十 (十二, 二十一, 三十). Full-width Arabic dates (２０２１年３月５日) read like ASCII ones. Pure module: no Flask imports.
"""
from __future__ import annotations

import re
from datetime import date

ZERO_VARIANTS = "〇○零OＯ０0oｏ◯◎оОΟ"  # 〇 and look-alikes seen in published judgments
_DIGIT = {ch: 0 for ch in ZERO_VARIANTS}
_DIGIT.update({ch: i for i, ch in enumerate("一二三四五六七八九", start=1)})
_DIGIT.update({"两": 2})
_NUM_CHARS = ZERO_VARIANTS + "一二三四五六七八九十两"

CHINESE_DATE = re.compile(
    rf"(?P<y>[{_NUM_CHARS}]{{4}})\s*年\s*(?P<m>[{_NUM_CHARS}]{{1,3}})\s*月\s*(?P<d>[{_NUM_CHARS}]{{1,3}})\s*日"
)
ANY_DATE_LINE = re.compile(rf"^\s*[\d{_NUM_CHARS}]{{4}}\s*年\s*[\d{_NUM_CHARS}]{{1,3}}\s*月"
                           rf"\s*[\d{_NUM_CHARS}]{{1,3}}\s*日\s*$")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
ARABIC_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")


def small_number(text: str) -> int | None:
    """一 … 三十一 (十, 十二, 二十, 二十一); also 〇一 style digit strings."""
    if not text:
        return None
    if "十" in text:
        head, _, tail = text.partition("十")
        tens = _DIGIT.get(head, None) if head else 1
        units = _DIGIT.get(tail, None) if tail else 0
        if tens is None or units is None or len(head) > 1 or len(tail) > 1:
            return None
        return tens * 10 + units
    value = 0
    for ch in text:
        if ch not in _DIGIT:
            return None
        value = value * 10 + _DIGIT[ch]
    return value


def chinese_date(text: str) -> date | None:
    """Parse the first Chinese-numeral date in `text`; None when absent or impossible."""
    match = CHINESE_DATE.search(text)
    if not match:
        return None
    year = small_number(match.group("y"))
    month = small_number(match.group("m"))
    day = small_number(match.group("d"))
    try:
        return date(year, month, day)
    except (TypeError, ValueError):
        return None


def any_date(text: str) -> date | None:
    """A date line in Chinese numerals or Arabic digits."""
    value = chinese_date(text)
    if value:
        return value
    match = ARABIC_DATE.search(text.translate(_FULL_WIDTH_DIGITS))
    if match:
        try:
            return date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            return None
    return None


_YEAR_DIGITS = "〇一二三四五六七八九"


def chinese_small(value: int) -> str:
    """1 … 99 as 一 … 九十九 (month and day style)."""
    tens, units = divmod(value, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _YEAR_DIGITS[tens] + "十")
    return head + (_YEAR_DIGITS[units] if units else "") if value else "〇"


def to_chinese_date(value: date) -> str:
    """date(2021, 3, 15) → 二〇二一年三月十五日."""
    year = "".join(_YEAR_DIGITS[int(d)] for d in str(value.year))
    return f"{year}年{chinese_small(value.month)}月{chinese_small(value.day)}日"


def chinese_integer(text: str) -> int | None:
    """Chinese numerals up to 9999 as in article numbers: 一百零七 → 107, 二百五十三 → 253, 十五 → 15."""
    units = {"千": 1000, "百": 100, "十": 10}
    total, current = 0, None
    for ch in text:
        if ch in units:
            total += (1 if current is None else current) * units[ch]
            current = None
        elif ch in ("零", "〇"):
            continue
        elif ch in _DIGIT:
            current = _DIGIT[ch]
        else:
            return None
    return total + (current or 0) if text else None
