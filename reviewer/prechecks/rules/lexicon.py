"""A Chinese word list (jieba's dictionary) used to tell typos from word boundaries.

jieba is imported and its dictionary read on first use (about 2 s once per process), never at import.
"""
from __future__ import annotations

import os
from functools import lru_cache

@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, int], dict[str, str]]:
    """Words of two or more characters → (frequency, part-of-speech tag), from jieba's dict.txt."""
    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    words: dict[str, int] = {}
    tags: dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            word, freq, tag = line.split(" ", 2)
            if len(word) >= 2:
                words[word] = int(freq)
                tags[word] = tag.strip()
    return words, tags


def word_frequencies() -> dict[str, int]:
    return _dictionary()[0]


def is_word(text: str, min_freq: int = 3) -> bool:
    return word_frequencies().get(text, 0) >= min_freq


def tag(word: str, min_freq: int = 3) -> str | None:
    """jieba's part-of-speech tag of a dictionary word at least `min_freq` frequent, else None."""
    return _dictionary()[1].get(word) if is_word(word, min_freq) else None


def segment(text: str) -> list[str]:
    """jieba's best segmentation by its dictionary alone (no HMM guesses for unknown words)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba.lcut(text, HMM=False)

