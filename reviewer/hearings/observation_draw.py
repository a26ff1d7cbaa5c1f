"""Drawing hearings for a quarterly observation round (pure rule, no Flask).

Rule: from each court level (intermediate, basic) `per_level[level]` hearings are drawn at random
without replacement from the candidates of that level (submitted recordings of the quarter and
scheduled hearings imported for it). The draw uses Python's `random.Random(seed)`, with the seed
recorded on the round, so anyone can repeat it: candidates are first sorted by their key, so the
result depends only on the seed and the candidate set. A level with fewer candidates than asked
gives all it has. No court gets more than `max_per_court` (default: no limit) from one draw.
"""
from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class DrawCandidate:
    key: str        # 'recording:<hearing id>' or 'schedule:<row id>'
    level: str      # 'intermediate' / 'basic'
    court_id: int


def draw(candidates: list[DrawCandidate], per_level: dict[str, int], seed: str,
         max_per_court: int | None = None) -> list[DrawCandidate]:
    rng = random.Random(seed)
    chosen: list[DrawCandidate] = []
    for level in sorted(per_level):
        pool = sorted((c for c in candidates if c.level == level), key=lambda c: c.key)
        rng.shuffle(pool)
        taken, per_court = 0, {}
        for candidate in pool:
            if taken >= per_level[level]:
                break
            if max_per_court is not None and per_court.get(candidate.court_id, 0) >= max_per_court:
                continue
            chosen.append(candidate)
            per_court[candidate.court_id] = per_court.get(candidate.court_id, 0) + 1
            taken += 1
    return chosen
