"""A Chinese word list (jieba's dictionary) used to tell typos from word boundaries."""
from __future__ import annotations

import os
from functools import lru_cache

# Single characters that commonly stand alone before a word (被|被告, 对|对方) or after one (目的|的).
FUNCTION_BEFORE = set("被的在是对向与和及由为从给将把于以经按自至就并已也又再都即则所等或而且且仍均各每该其此本")
FUNCTION_AFTER = set("的了地得着过们等之者")


@lru_cache(maxsize=1)
def word_frequencies() -> dict[str, int]:
    """Words of two or more characters → frequency, from jieba's bundled dict.txt (loaded once)."""
    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    words: dict[str, int] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            word, freq, _ = line.split(" ", 2)
            if len(word) >= 2:
                words[word] = int(freq)
    return words


def is_word(text: str, min_freq: int = 3) -> bool:
    return word_frequencies().get(text, 0) >= min_freq


def word_ends_at(text: str, end: int) -> bool:
    """Is there a word of 2–4 characters ending just before `end`?"""
    return any(end - size >= 0 and is_word(text[end - size:end]) for size in (2, 3, 4))


def word_starts_at(text: str, start: int) -> bool:
    return any(start + size <= len(text) and is_word(text[start:start + size]) for size in (2, 3, 4))
