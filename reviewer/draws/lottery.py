"""Publicly verifiable random draws (the procedure of RFC 3797, with SHA-256 instead of MD5).

The procedure, step by step, so that anyone can repeat a recorded draw by hand:

1. **Freeze the candidate list.** Every candidate is a case number. Each is canonicalised:
   Unicode NFKC, all whitespace removed, then the brackets ``()``, ``〔〕``, ``[]`` and
   ``［］`` written as the full-width ``（）``. The canonical strings are sorted by Unicode
   code point; a duplicate is an error. The frozen list is this sorted tuple.
2. **Hash the list.** Write every frozen candidate followed by a line feed (``\\n``), encode
   the text in UTF-8 and take its SHA-256, in lower-case hexadecimal. This is the *list hash*.
   Changing, adding or removing any candidate changes it.
3. **Fix the public value before the draw.** An administrator enters a value that nobody can
   know or influence when the list is frozen, announced in advance together with the time it
   will be known (for example the numbers of a welfare-lottery draw on a stated date). It is
   canonicalised like RFC 3797 §4 does for random sources: Unicode NFKC, leading and trailing
   whitespace removed, every run of internal whitespace replaced by one space.
4. **Form the seed** (RFC 3797's "key string"): ``<public value>/<list hash>/``.
5. **Select.** For selection number ``i`` (0 for the first), compute
   ``SHA-256( i as two bytes big-endian || seed in UTF-8 || i as two bytes big-endian )``,
   read the 32-byte digest as an unsigned big-endian integer and take it modulo the number of
   candidates still in the pool; that is the 0-based position of the selected candidate in
   the frozen (sorted) list of remaining candidates. For further selections the selected
   candidate is removed and ``i`` increases by one. A monthly draw makes one selection, so the
   result is ``int(sha256(b"\\x00\\x00" + seed + b"\\x00\\x00"), 16) % len(frozen)``.

A 256-bit value modulo a list of a few hundred entries has a bias below 10^-70, so the draw is
uniform for every practical purpose.

Example (Python, standard library only)::

    import hashlib
    frozen = sorted(["（2021）豫0802民初1号", "（2021）豫0802民初2号"])
    list_hash = hashlib.sha256("".join(c + "\\n" for c in frozen).encode()).hexdigest()
    seed = "12 34 56/" + list_hash + "/"
    digest = hashlib.sha256(b"\\x00\\x00" + seed.encode() + b"\\x00\\x00").digest()
    winner = frozen[int.from_bytes(digest, "big") % len(frozen)]
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence

ALGORITHM = "rfc3797-sha256-v1"

_BRACKETS = str.maketrans({"(": "（", ")": "）", "〔": "（", "〕": "）", "[": "（", "]": "）",
                           "［": "（", "］": "）"})
_WHITESPACE = re.compile(r"\s+")
# In a frozen list read as lines: whitespace but the line feeds, or a bracket step 1 rewrites.
_NOT_FROZEN = re.compile(r"[^\S\n]|[()〔〕\[\]［］]")


class LotteryError(ValueError):
    """The input cannot be drawn from (empty list, duplicate candidate, empty public value)."""


def canonical_candidate(value: str) -> str:
    """Return the canonical form of one candidate (see step 1 of the module docstring)."""
    text = _WHITESPACE.sub("", unicodedata.normalize("NFKC", value))
    # NFKC turns full-width brackets into ASCII ones; write them all back as full-width.
    text = text.translate(_BRACKETS)
    if not text:
        raise LotteryError("候选案件的案号为空。")
    return text


def freeze(candidates: Iterable[str]) -> tuple[str, ...]:
    """Canonicalise and sort the candidates; refuse duplicates and an empty list."""
    frozen = sorted(canonical_candidate(c) for c in candidates)
    if not frozen:
        raise LotteryError("候选名单为空，无法抽取。")
    for previous, current in zip(frozen, frozen[1:]):
        if previous == current:
            raise LotteryError(f"候选名单中案号重复：{current}")
    return tuple(frozen)


def refreeze(candidates: Sequence[str]) -> tuple[str, ...]:
    """`freeze(candidates)`, answered without canonicalising each candidate again when the list is
    already frozen (a stored list being verified), so re-running many draws stays cheap.

    The list is taken as it is when, read as one text with the candidates on separate lines, it
    has no whitespace but the line feeds between candidates and no empty candidate, none of the
    brackets step 1 rewrites (``()``, ``〔〕``, ``[]``, ``［］``), is NFKC-normalised once its
    full-width ``（）`` are read as the ASCII ones NFKC makes of them, and is strictly increasing:
    then every candidate is its own canonical form (NFKC of a candidate equals NFKC of that
    reading, a line feed never combines with its neighbours) and the sorted list has no duplicate.
    Any other list goes through `freeze`, with its errors (`LotteryError`).
    """
    text = "\n".join(candidates)
    if (candidates and all(candidates) and text.count("\n") == len(candidates) - 1
            and not _NOT_FROZEN.search(text)
            and unicodedata.is_normalized("NFKC", text.replace("（", "(").replace("）", ")"))
            and list(candidates) == sorted(set(candidates))):
        return tuple(candidates)
    return freeze(candidates)


def list_hash(frozen: Sequence[str]) -> str:
    """SHA-256 (hex) of the frozen list, one candidate per line, each line ending in LF."""
    return hashlib.sha256("".join(f"{candidate}\n" for candidate in frozen).encode("utf-8")).hexdigest()


def canonical_public_value(value: str) -> str:
    """Canonicalise the announced public value (step 3)."""
    text = _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", value)).strip()
    if not text:
        raise LotteryError("公开随机值不能为空。")
    return text


def make_seed(public_value: str, frozen_list_hash: str) -> str:
    """The key string: ``<canonical public value>/<list hash>/`` (step 4)."""
    return f"{canonical_public_value(public_value)}/{frozen_list_hash}/"


def _selection_value(seed: str, i: int) -> int:
    counter = i.to_bytes(2, "big")
    digest = hashlib.sha256(counter + seed.encode("utf-8") + counter).digest()
    return int.from_bytes(digest, "big")


def draw(frozen: Sequence[str], seed: str) -> int:
    """Return the 0-based index, in the frozen list, of the single candidate drawn (step 5).

    Pure: the same frozen list and seed always give the same index.
    """
    if not frozen:
        raise LotteryError("候选名单为空，无法抽取。")
    return _selection_value(seed, 0) % len(frozen)


def draw_many(frozen: Sequence[str], seed: str, count: int) -> list[int]:
    """Draw ``count`` distinct candidates, in order of selection, as indexes into ``frozen``."""
    if count > len(frozen):
        raise LotteryError("抽取数量超过候选数量。")
    pool = list(range(len(frozen)))
    chosen = []
    for i in range(count):
        chosen.append(pool.pop(_selection_value(seed, i) % len(pool)))
    return chosen


def run(candidates: Iterable[str], public_value: str) -> tuple[tuple[str, ...], str, str, int]:
    """Convenience: freeze, hash, seed and draw; returns (frozen, list hash, seed, index)."""
    frozen = freeze(candidates)
    digest = list_hash(frozen)
    seed = make_seed(public_value, digest)
    return frozen, digest, seed, draw(frozen, seed)
