"""Search words marked in text: a short excerpt around the first hit, HTML-escaped, words in <mark>.

The rule: the text is escaped piece by piece, never as a whole after marking, so nothing typed in
a query or written in a judgment can inject markup; words are matched case-insensitively and
literally (no pattern syntax), longest first so that a longer word wins where two overlap. The
excerpt starts `before` characters ahead of the earliest hit of any word and is `width` characters
long, with "…" where it cuts the text. No Flask imports.
"""
from __future__ import annotations

import re

from markupsafe import Markup, escape


def _pattern(words: list[str]) -> re.Pattern | None:
    cleaned = sorted({w for w in words if w}, key=len, reverse=True)
    if not cleaned:
        return None
    return re.compile("|".join(re.escape(w) for w in cleaned), re.IGNORECASE)


def mark(text: str, words: list[str]) -> Markup:
    """The whole text, escaped, with every occurrence of every word in <mark>."""
    pattern = _pattern(words)
    if pattern is None:
        return Markup(escape(text or ""))
    out, start = [], 0
    for hit in pattern.finditer(text or ""):
        out.append(escape(text[start:hit.start()]))
        out.append(Markup("<mark>%s</mark>") % hit.group(0))
        start = hit.end()
    out.append(escape((text or "")[start:]))
    return Markup("").join(out)


def excerpt(text: str, words: list[str], width: int = 120, before: int = 30) -> Markup:
    """An excerpt of `text` around the earliest hit with the words marked; the opening of the
    text when no word occurs (a search may match in the case number only)."""
    text = " ".join((text or "").split())
    pattern = _pattern(words)
    hit = pattern.search(text) if pattern else None
    begin = max(0, hit.start() - before) if hit else 0
    end = min(len(text), begin + width)
    if hit and end < hit.end():         # a very long word still shows whole
        end = hit.end()
    body = mark(text[begin:end], words)
    return Markup("").join([Markup("…") if begin else Markup(""), body,
                            Markup("…") if end < len(text) else Markup("")])
