"""Review subjects (judgments, hearing recordings): the registry, and recusal.

`from reviewer import subjects` then `subjects.get(kind)`, `subjects.load(kind, id)` …
"""
from __future__ import annotations

from reviewer.subjects.registry import (ANCHOR_PARAGRAPH, ANCHOR_TIME, SubjectKind, get, kinds, load, load_many,
                                        register)

__all__ = ["ANCHOR_PARAGRAPH", "ANCHOR_TIME", "SubjectKind", "get", "kinds", "load", "load_many", "register"]
