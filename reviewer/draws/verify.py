"""Re-running a recorded draw entry from its stored record (pure, no Flask).

An entry verifies when, recomputed from its stored candidate list and the draw's public value:
the list is already in frozen (canonical, sorted, duplicate-free) form, its SHA-256 equals the
stored list hash, the seed equals the stored seed, and the drawn index and case number equal
the stored result. Any difference is reported in a Chinese sentence.
"""
from __future__ import annotations

from collections.abc import Sequence

from reviewer.draws import lottery


def verify_entry(candidates: Sequence[str], list_hash: str | None, public_value: str | None,
                 seed: str | None, result_index: int | None,
                 result_case_number: str | None) -> list[str]:
    """Return the list of mismatches (empty when the entry verifies)."""
    problems: list[str] = []
    if not candidates:
        if result_case_number:
            problems.append("候选名单为空，却记录了抽取结果")
        return problems
    try:
        frozen = lottery.refreeze(candidates)
    except lottery.LotteryError as error:
        return [str(error)]
    if list(frozen) != list(candidates):
        problems.append("存储的候选名单不是规范排序形式")
    digest = lottery.list_hash(frozen)
    if digest != list_hash:
        problems.append(f"名单哈希不符：记录 {list_hash}，重算 {digest}")
    if public_value is None:
        if seed or result_case_number:
            problems.append("尚未录入公开随机值，却记录了种子或结果")
        return problems
    expected_seed = lottery.make_seed(public_value, digest)
    if seed != expected_seed:
        problems.append("种子不符：记录值与“公开随机值/名单哈希/”重算值不同")
    index = lottery.draw(frozen, expected_seed)
    if index != result_index or frozen[index] != result_case_number:
        problems.append(f"抽取结果不符：记录 {result_case_number}（序号 {result_index}），"
                        f"重算 {frozen[index]}（序号 {index}）")
    return problems
