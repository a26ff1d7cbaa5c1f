"""Names of people who are not parties but must be anonymised too: victims, witnesses, minors.

Rule: in a paragraph containing one of ROLE_WORDS, the person named right after the role word is
found with jieba's part-of-speech tagger — a token tagged `nr` (person name) of 2–4 characters,
or a one-character `nr` surname followed by a 1–2 character given name. Words that merely follow
the role (被害人存放…, 证人证言…) are not names, because the tagger marks them as verbs or nouns.
Pure module: no Flask, no database.
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache

ROLE_WORDS = ("被害人", "受害人", "证人", "未成年人", "被监护人", "被收养人")
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
NOT_GIVEN_NAME_FLAGS = ("v", "p", "u", "x", "c", "d", "m", "f", "r")


@lru_cache(maxsize=1)
def _tagger():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


def _name_after(tokens: list, start: int) -> str | None:
    if start >= len(tokens):
        return None
    word, flag = tokens[start]
    if flag == "nr" and 2 <= len(word) <= 4 and _HAN.match(word) and "某" not in word:
        return word
    if flag == "nr" and len(word) == 1 and start + 1 < len(tokens):
        given, given_flag = tokens[start + 1]
        if 1 <= len(given) <= 2 and _HAN.match(given) and not given_flag.startswith(NOT_GIVEN_NAME_FLAGS):
            return word + given
    return None


def protected_person_names(paragraphs: list[str]) -> list[str]:
    """Names that follow a victim/witness/minor role word anywhere in the document, in order."""
    names: list[str] = []
    tagger = None
    for text in paragraphs:
        if not any(role in text for role in ROLE_WORDS):
            continue
        tagger = tagger or _tagger()
        tokens = [(t.word, t.flag) for t in tagger.cut(text)]
        for i, (word, _flag) in enumerate(tokens):
            if word in ROLE_WORDS or any(word.endswith(role) for role in ROLE_WORDS):
                name = _name_after(tokens, i + 1)
                if name and name not in names:
                    names.append(name)
    return names
