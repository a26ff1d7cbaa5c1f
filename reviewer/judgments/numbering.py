"""Word's automatic list numbering (`w:numPr`) rendered as Word displays it: 一、 （一） 1. (1) …

Source: ECMA-376 Part 1 §17.9 (numbering). A paragraph is numbered by its own `w:pPr/w:numPr` or
by its paragraph style's (followed through `w:basedOn`); `numId` 0 means "not numbered". A `w:num`
points at a `w:abstractNum` and may override a level's start (`w:lvlOverride/w:startOverride`) or
the whole level. Counters are kept per abstract list (so lists sharing a definition continue, as
in Word) and restart when a `w:num` with a start override is first used; a level restarts when a
higher level advances (or as `w:lvlRestart` says). `w:lvlText` such as "%1、" or "（%2）" is filled
with each level's counter in that level's `w:numFmt` (`w:isLgl` forces Arabic digits).

Formats rendered: decimal (and zero-padded, full-width, enclosed-circle), chineseCounting,
chineseCountingThousand, chineseLegalSimplified, ideographTraditional (甲乙丙), ideographZodiac,
upper/lowerLetter, upper/lowerRoman, bullet (the bullet character as written), none. Other formats
fall back to decimal. The level's suffix (`w:suff`, a tab by default) becomes one space, or nothing
when the number ends in punctuation such as 、 ． ） (Chinese drafting writes 一、text).
Pure module: no Flask imports; works on lxml elements.
"""
from __future__ import annotations

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = _W + "val"
_CN = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CLOSING = "、.．)）:：]】〕"


def _chinese(n: int, digits: str = _CN, units: str = "十百千") -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (Word's chineseCounting up to 9999)."""
    if n <= 0:
        return digits[0]
    if n < 20 and n >= 10 and units[0] == "十":
        return "十" + (digits[n - 10] if n > 10 else "")
    parts, zero, started = [], False, False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit, n = divmod(n, power)
        if digit:
            if zero and started:
                parts.append("零" if digits is _CN else digits[0])
            parts.append(digits[digit] + unit)
            started, zero = True, False
        elif started:
            zero = True
    return "".join(parts)


def _roman(n: int) -> str:
    out = []
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _letter(n: int) -> str:
    """Word repeats the letter: a … z, aa … zz."""
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One counter in a `w:numFmt` (see module docstring for the formats)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "koreanCounting"):
        return _chinese(n)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _CN_LEGAL, "拾佰仟")
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12]
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "none":
        return ""
    return str(n)


class _Level:
    __slots__ = ("start", "fmt", "text", "suffix", "legal", "restart")

    def __init__(self, lvl):
        def val(tag, default=None):
            el = lvl.find(_W + tag)
            return el.get(_VAL, default) if el is not None else default

        self.start = _int(val("start", "1"), 1)
        self.fmt = val("numFmt", "decimal")
        self.text = val("lvlText", "")
        self.suffix = val("suff", "tab")
        self.legal = lvl.find(_W + "isLgl") is not None and val("isLgl", "1") not in ("0", "false")
        restart = val("lvlRestart")
        self.restart = _int(restart, None) if restart is not None else None


def _int(text, default):
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


class Numbering:
    """Renders list labels for paragraphs in document order. `numbering` is the root of
    numbering.xml (or None); `styles` the root of styles.xml (or None)."""

    def __init__(self, numbering=None, styles=None):
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self._style_numpr: dict[str, tuple[str | None, str | None] | None] = {}
        self._counters: dict[str, list[int | None]] = {}
        self._started: set[str] = set()
        # both parts are read on first use: most judgments have no numbered paragraph
        self._numbering_root, self._styles_root = numbering, styles
        self._styles: dict[str, object] | None = None

    def _definitions(self):
        if self._numbering_root is not None:
            self._read_numbering(self._numbering_root)
            self._numbering_root = None
        return self._nums

    def _read_numbering(self, root) -> None:
        for abstract in root.iter(_W + "abstractNum"):
            levels = {}
            for lvl in abstract.findall(_W + "lvl"):
                levels[_int(lvl.get(_W + "ilvl"), 0)] = _Level(lvl)
            self._abstract[abstract.get(_W + "abstractNumId", "")] = levels
        for num in root.iter(_W + "num"):
            ref = num.find(_W + "abstractNumId")
            starts, overrides = {}, {}
            for override in num.findall(_W + "lvlOverride"):
                ilvl = _int(override.get(_W + "ilvl"), 0)
                start = override.find(_W + "startOverride")
                if start is not None:
                    starts[ilvl] = _int(start.get(_VAL), 1)
                lvl = override.find(_W + "lvl")
                if lvl is not None:
                    overrides[ilvl] = _Level(lvl)
            self._nums[num.get(_W + "numId", "")] = (
                ref.get(_VAL, "") if ref is not None else "", starts, overrides)

    def _style_numbering(self, style_id: str) -> tuple[str | None, str | None] | None:
        """numPr of a paragraph style, following w:basedOn; cached."""
        if style_id in self._style_numpr:
            return self._style_numpr[style_id]
        if self._styles is None:
            self._styles = ({style.get(_W + "styleId"): style for style in self._styles_root.iter(_W + "style")}
                            if self._styles_root is not None else {})
        found, seen, current = None, set(), style_id
        while current in self._styles and current not in seen:
            seen.add(current)
            style = self._styles[current]
            numpr = style.find(f"{_W}pPr/{_W}numPr")
            if numpr is not None:
                found = _numpr(numpr)
                break
            based = style.find(_W + "basedOn")
            current = based.get(_VAL) if based is not None else None
        self._style_numpr[style_id] = found
        return found

    def label(self, ppr) -> str:
        """The label Word shows before this paragraph ("" when not numbered); advances counters.
        `ppr` is the paragraph's `w:pPr` element or None."""
        if ppr is None:
            return ""
        numpr = ppr.find(_W + "numPr")
        num_id, ilvl = _numpr(numpr) if numpr is not None else (None, None)
        if num_id is None:
            style = ppr.find(_W + "pStyle")
            style_num = self._style_numbering(style.get(_VAL)) if style is not None else None
            if style_num:
                num_id = style_num[0]
                ilvl = ilvl if ilvl is not None else style_num[1]
        if not num_id or num_id == "0" or num_id not in self._definitions():
            return ""
        level = _int(ilvl, 0) or 0
        abstract_id, starts, overrides = self._nums[num_id]
        levels = dict(self._abstract.get(abstract_id, {}))
        levels.update(overrides)
        if level not in levels:
            return ""
        counters = self._counters.setdefault(abstract_id, [None] * 9)
        if num_id not in self._started:
            self._started.add(num_id)
            if starts:
                for ilvl_reset in range(9):
                    counters[ilvl_reset] = None
        for deeper in range(level + 1, 9):
            spec = levels.get(deeper)
            if spec is None or spec.restart is None or spec.restart > level:
                counters[deeper] = None
        start = starts.get(level, levels[level].start)
        counters[level] = start if counters[level] is None else counters[level] + 1
        spec = levels[level]
        if spec.fmt == "bullet":
            return spec.text + " " if spec.text else ""
        text = spec.text
        for i in range(9):
            token = f"%{i + 1}"
            if token in text:
                other = levels.get(i)
                value = counters[i] if counters[i] is not None else (other.start if other else 1)
                fmt = "decimal" if spec.legal else (other.fmt if other else "decimal")
                text = text.replace(token, format_number(value, fmt))
        if not text:
            return ""
        if spec.suffix == "nothing" or text[-1] in _CLOSING:
            return text
        return text + " "


def _numpr(numpr) -> tuple[str | None, str | None]:
    num = numpr.find(_W + "numId")
    ilvl = numpr.find(_W + "ilvl")
    return (num.get(_VAL) if num is not None else None, ilvl.get(_VAL) if ilvl is not None else None)
