"""The verifiable draw: recorded draws re-run identically; the list hash binds the list."""

import hashlib
from collections import Counter

import pytest

from reviewer.draws import lottery

# Recorded draws: (candidates, public value, list hash, drawn case number). They must never change:
# a change of algorithm would make every published draw unverifiable.
RECORDED = [
    (
        ["（2021）豫0802民初1号", "（2021）豫0802民初2号", "（2021）豫0802民初3号"],
        "12 34 56",
        "56b21997590c7d2c5448fe071403cd362e0b9619637df8e5d3471a9487a2947b",
        "（2021）豫0802民初3号",
    ),
    (
        ["（2021）豫08民终100号", "（2021）豫08民终7号", "（2021）豫08刑终12号",
         "（2021）豫08行终3号", "（2021）豫08民终88号"],
        "2021-089 5 2 7",
        "06aa432e39edf5fcbb7d7cbc0eb16cee88c14133bb894c930b3c8ef830e2eaa8",
        "（2021）豫08行终3号",
    ),
    (
        [f"（2021）豫0821民初{n}号" for n in range(1, 41)],
        "福彩3D 2021105期 3 0 9",
        "945daa8dd8b0ee9b877835ef0df318c98246a11e86e1925c4676131b0ce7b226",
        "（2021）豫0821民初26号",
    ),
    (["（2021）豫0883执1号"], "any", "b6620811bbcc28684b0e3fa6444d5a309984d6e773e882189ccbb57b0579d6f3",
     "（2021）豫0883执1号"),
]


@pytest.mark.parametrize("candidates, public_value, expected_hash, expected_winner", RECORDED)
def test_recorded_draw_reruns_to_the_same_result(candidates, public_value, expected_hash,
                                                 expected_winner):
    frozen, digest, seed, index = lottery.run(candidates, public_value)
    assert digest == expected_hash
    assert frozen[index] == expected_winner
    # Running it again, in another order, changes nothing.
    again = lottery.run(list(reversed(candidates)), public_value)
    assert again == (frozen, digest, seed, index)


@pytest.mark.parametrize("candidates, public_value, expected_hash, expected_winner", RECORDED)
def test_docstring_procedure_by_hand_matches_module(candidates, public_value, expected_hash,
                                                    expected_winner):
    """An independent stdlib-only implementation of the published steps gives the same winner."""
    frozen = sorted(candidates)
    digest = hashlib.sha256("".join(c + "\n" for c in frozen).encode("utf-8")).hexdigest()
    seed = " ".join(public_value.split()) + "/" + digest + "/"
    value = hashlib.sha256(b"\x00\x00" + seed.encode("utf-8") + b"\x00\x00").digest()
    assert digest == expected_hash
    assert frozen[int.from_bytes(value, "big") % len(frozen)] == expected_winner


def test_changing_one_candidate_changes_the_hash():
    base = [f"（2021）豫0802民初{n}号" for n in range(1, 20)]
    changed = base[:-1] + ["（2021）豫0802民初999号"]
    assert lottery.list_hash(lottery.freeze(base)) != lottery.list_hash(lottery.freeze(changed))
    assert lottery.list_hash(lottery.freeze(base)) != lottery.list_hash(lottery.freeze(base[:-1]))


@pytest.mark.parametrize("variant, canonical", [
    ("(2021)豫0802民初1号", "（2021）豫0802民初1号"),
    ("〔2021〕豫0802民初1号", "（2021）豫0802民初1号"),
    (" （2021） 豫0802 民初1号 ", "（2021）豫0802民初1号"),
    ("（２０２１）豫０８０２民初１号", "（2021）豫0802民初1号"),
])
def test_candidate_spellings_canonicalise_to_one_form(variant, canonical):
    assert lottery.canonical_candidate(variant) == canonical


def test_duplicate_candidates_after_canonicalisation_are_refused():
    with pytest.raises(lottery.LotteryError, match="重复"):
        lottery.freeze(["(2021)豫0802民初1号", "（2021）豫0802民初1号"])


def test_empty_list_and_empty_public_value_are_refused():
    with pytest.raises(lottery.LotteryError):
        lottery.freeze([])
    with pytest.raises(lottery.LotteryError):
        lottery.make_seed("   ", "ab")


def test_public_value_whitespace_is_canonical():
    assert lottery.make_seed("  3  0\t9 ", "h") == "3 0 9/h/"


def test_draw_is_pure():
    frozen = lottery.freeze([f"（2021）豫08民终{n}号" for n in range(1, 8)])
    seed = lottery.make_seed("07 11 23", lottery.list_hash(frozen))
    assert len({lottery.draw(frozen, seed) for _ in range(20)}) == 1


def test_distribution_is_roughly_uniform_over_many_seeds():
    frozen = lottery.freeze([f"（2021）豫08民终{n}号" for n in range(1, 6)])
    digest = lottery.list_hash(frozen)
    trials = 5000
    counts = Counter(lottery.draw(frozen, lottery.make_seed(str(k), digest)) for k in range(trials))
    assert set(counts) == set(range(5))
    expected = trials / 5
    chi_square = sum((counts[i] - expected) ** 2 / expected for i in range(5))
    # 4 degrees of freedom: p = 0.001 at 18.47. Deterministic seeds, so this never flickers.
    assert chi_square < 18.47


def test_draw_many_selects_distinct_candidates_and_starts_with_draw():
    frozen = lottery.freeze([f"（2021）豫08民终{n}号" for n in range(1, 11)])
    seed = lottery.make_seed("1 2 3", lottery.list_hash(frozen))
    picks = lottery.draw_many(frozen, seed, 10)
    assert sorted(picks) == list(range(10))
    assert picks[0] == lottery.draw(frozen, seed)


@pytest.mark.parametrize("stored", [
    [f"（2021）豫0821民初{n}号" for n in range(1, 41)],                 # not frozen: not in code-point order
    sorted(f"（2021）豫0821民初{n}号" for n in range(1, 41)),           # frozen
    ["（2021）豫0802民初1号", "(2021)豫0802民初2号"],                   # an ASCII bracket
    ["〔2021〕豫0802民初1号"], ["［2021］豫0802民初1号"],
    ["（2021）豫0802 民初1号"], ["（2021）豫0802\u3000民初1号"], ["（2021）豫0802\n民初1号"],
    ["（２０２１）豫0802民初1号"],                                       # full-width digits (NFKC)
    ["（2021）豫0802民初1号", "（2021）豫0802民初1号"],                 # duplicate
    ["（2021）豫0802民初2号", "（2021）豫0802民初1号"],                 # unsorted
    ["e\u0301"], ["\u00e9"], ["ﬁ"], [""], [], ["a", ""], [" "],
])
def test_refreeze_answers_as_freeze_does(stored):
    """The shortcut for stored lists gives exactly `freeze`'s answer, errors included."""
    try:
        expected = lottery.freeze(stored)
    except lottery.LotteryError as error:
        with pytest.raises(lottery.LotteryError, match=str(error)):
            lottery.refreeze(stored)
    else:
        assert lottery.refreeze(stored) == expected


def test_list_hash_of_an_empty_list_is_the_hash_of_nothing():
    assert lottery.list_hash(()) == hashlib.sha256(b"").hexdigest()
