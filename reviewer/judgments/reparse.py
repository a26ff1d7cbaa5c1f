"""Re-read stored judgments with the current Word reader without losing reviewers' remarks.

When the reader improves (text boxes, tracked changes, list numbering …), a stored judgment's
paragraph list changes: paragraphs appear, merge or gain a 一、 label, and every index after them
shifts. A reviewer's remark (`ReviewRemark.paragraph_index`) and a dismissed format finding
(`PrecheckDismissal.paragraph`) point at an index, so each is re-anchored by the text it quoted —
the old paragraph at its index — with `anchor_map`:
1. paragraphs equal in both lists, in order (difflib's longest matching blocks);
2. else the new paragraph that contains the old text (a list label was added, two lines merged) or
   that the old text starts with (a paragraph was split), nearest to where it should be;
3. else the most similar new paragraph (difflib ratio ≥ 0.75) within 20 paragraphs of that place.
A remark that finds no paragraph keeps its index and is listed for a person to look at.

Metadata a person may have corrected is not overwritten: a field is filled only when it is empty,
and the parties/signatories lists are replaced only when empty or naming the same people (then
only their paragraph anchors move). Services flush, never commit.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from sqlalchemy import select

from models import Judgment, PrecheckDismissal, Review, ReviewRemark
from reviewer import audit, storage
from reviewer.extensions import db
from reviewer.judgments.document import ParsedJudgment
from reviewer.judgments.parser import parse_docx

FILLABLE = ("case_number", "court_name_text", "doc_type", "procedure", "trial_procedure", "cause",
            "judgment_date", "presiding_judge_name", "clerk_name")
_WINDOW = 20
_SIMILAR = 0.75


def anchor_map(old: list[str], new: list[str]) -> dict[int, int | None]:
    """Old paragraph index → new index (None when its text is not found); see the module docstring."""
    mapping: dict[int, int | None] = {}
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            mapping[block.a + k] = block.b + k
    for i, text in enumerate(old):
        if i in mapping:
            continue
        expected = _expected_position(i, mapping, len(old), len(new))
        mapping[i] = _closest(text, new, expected)
    return mapping


def _expected_position(i: int, mapping: dict[int, int | None], n_old: int, n_new: int) -> int:
    before = [(a, b) for a, b in mapping.items() if a < i and b is not None]
    if before:
        a, b = max(before)
        return b + (i - a)
    return round(i * n_new / max(n_old, 1))


def _closest(text: str, new: list[str], expected: int) -> int | None:
    stripped = text.strip()
    if not stripped:
        return None
    order = sorted(range(len(new)), key=lambda j: abs(j - expected))
    for j in order:
        if len(stripped) >= 2 and (stripped in new[j] or (len(new[j]) >= 4 and stripped.startswith(new[j]))):
            return j
    best, best_ratio = None, _SIMILAR
    for j in order:
        if abs(j - expected) > _WINDOW:
            break
        matcher = difflib.SequenceMatcher(a=stripped, b=new[j], autojunk=False)
        if matcher.quick_ratio() >= best_ratio and matcher.ratio() >= best_ratio:
            best, best_ratio = j, matcher.ratio()
    return best


@dataclass
class ReparseOutcome:
    judgment_id: int
    changed: bool = False
    paragraphs_before: int = 0
    paragraphs_after: int = 0
    filled: list[str] = field(default_factory=list)
    moved: int = 0
    lost: list[tuple[int, int, str]] = field(default_factory=list)   # (remark id, old index, its text)


def _people(entries) -> list[tuple[str, str]]:
    return [(p["role"], p["name"]) for p in entries or []]


def _apply(judgment: Judgment, parsed: ParsedJudgment, outcome: ReparseOutcome) -> None:
    from reviewer.judgments.services import apply_parsed

    fresh = Judgment()
    apply_parsed(fresh, parsed)
    for name in FILLABLE + ("case_year", "case_court_code", "case_type_code", "case_sequence"):
        if getattr(judgment, name) in (None, "") and getattr(fresh, name) not in (None, ""):
            setattr(judgment, name, getattr(fresh, name))
            if name in FILLABLE:
                outcome.filled.append(name)
    for name in ("parties", "signatories"):
        current = getattr(judgment, name)
        if not current or _people(current) == _people(getattr(fresh, name)):
            if current != getattr(fresh, name):
                setattr(judgment, name, getattr(fresh, name))
                if not current:
                    outcome.filled.append(name)
    judgment.paragraphs = fresh.paragraphs
    judgment.section_ranges = fresh.section_ranges


def reparse_judgment(judgment: Judgment, dry_run: bool = False) -> ReparseOutcome:
    """Re-read the judgment's stored file; re-anchor remarks and dismissals. Raises DocumentError
    when the stored file cannot be read."""
    with storage.local_path(judgment.file) as path:
        parsed = parse_docx(path)
    old = list(judgment.paragraphs or [])
    new = list(parsed.paragraphs)
    outcome = ReparseOutcome(judgment.id, changed=old != new, paragraphs_before=len(old),
                             paragraphs_after=len(new))
    mapping = anchor_map(old, new) if outcome.changed else {i: i for i in range(len(old))}
    remarks = db.session.scalars(
        select(ReviewRemark).join(Review, ReviewRemark.review_id == Review.id)
        .where(Review.subject_kind == "judgment", Review.subject_id == judgment.id,
               ReviewRemark.paragraph_index.is_not(None))).all()
    dismissals = db.session.scalars(select(PrecheckDismissal).where(
        PrecheckDismissal.judgment_id == judgment.id, PrecheckDismissal.paragraph.is_not(None))).all()
    for row, attribute in [(r, "paragraph_index") for r in remarks] + [(d, "paragraph") for d in dismissals]:
        index = getattr(row, attribute)
        target = mapping.get(index)
        if target is None:
            if isinstance(row, ReviewRemark):
                outcome.lost.append((row.id, index, old[index] if 0 <= index < len(old) else ""))
            continue
        if target != index:
            outcome.moved += isinstance(row, ReviewRemark)
            if not dry_run:
                setattr(row, attribute, target)
    if dry_run:
        return outcome
    before = {"paragraphs": len(old)}
    _apply(judgment, parsed, outcome)
    db.session.flush()
    if outcome.changed or outcome.filled:
        audit.record(None, "judgment.reparsed", judgment, before=before, after={
            "paragraphs": len(new), "filled": outcome.filled, "remarks_moved": outcome.moved,
            "remarks_not_found": [remark_id for remark_id, _, _ in outcome.lost]})
    return outcome
