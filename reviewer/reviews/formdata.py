"""Between the review form and the service's ReviewInput (no database access)."""
from __future__ import annotations

import re

from models import Grade
from reviewer.scoresheets.scoring import fmt
from reviewer.reviews.inputs import ItemEntry, RemarkEntry, ReviewInput


def item_choices(sheet) -> list[tuple]:
    return [("", "（不关联评查项）")] + [(item.id, f"{item.description}") for item in sheet.items]


def fill_form(form, review, sheet) -> None:
    """Populate a fresh review form from a saved review (GET)."""
    form.lock_version.data = str(review.lock_version) if review is not None else ""
    if review is None:
        return
    scores = {s.item_id: s for s in review.item_scores}
    for item in sheet.items:
        score = scores.get(item.id)
        if score is None:
            continue
        if item.per_occurrence:
            getattr(form, f"n_{item.id}").data = str(score.occurrences or 0)
        else:
            getattr(form, f"d_{item.id}").data = fmt(score.deduction) if score.deduction else ""
        if item.veto:
            getattr(form, f"v_{item.id}").data = score.veto_hit
        getattr(form, f"r_{item.id}").data = score.reason or ""
    form.overall_comment.data = review.overall_comment or ""
    form.proposed_grade.data = review.proposed_grade.value if review.proposed_grade else ""
    for remark in review.remarks:
        form.remarks.append_entry({
            "text": remark.text, "item_id": remark.item_id, "paragraph_index": remark.paragraph_index,
            "start_seconds": remark.start_seconds, "end_seconds": remark.end_seconds,
        })


def input_from_form(form, sheet) -> tuple[ReviewInput, list[int]]:
    """The submitted review, and for each remark kept the index of its row in the form."""
    entries = {}
    for item in sheet.items:
        entries[item.id] = ItemEntry(
            deduction=getattr(form, f"d_{item.id}").data if not item.per_occurrence else None,
            occurrences=getattr(form, f"n_{item.id}").data if item.per_occurrence else None,
            veto_hit=bool(getattr(form, f"v_{item.id}").data) if item.veto else False,
            reason=getattr(form, f"r_{item.id}").data,
        )
    remarks, rows = [], []
    for number, entry in enumerate(form.remarks):
        r = entry.form
        if not (r.text.data or "").strip() and r.paragraph_index.data is None and r.start_seconds.data is None:
            continue  # an untouched blank row
        remarks.append(RemarkEntry(text=r.text.data or "", item_id=r.item_id.data,
                                   paragraph_index=r.paragraph_index.data,
                                   start_seconds=r.start_seconds.data, end_seconds=r.end_seconds.data))
        rows.append(number)
    grade = form.proposed_grade.data
    data = ReviewInput(entries=entries, remarks=remarks, overall_comment=form.overall_comment.data,
                       proposed_grade=Grade(grade) if grade else None)
    return data, rows


_ITEM_FIELD = re.compile(r"^[dnrv]_(\d+)$")


def form_errors(form) -> tuple[dict[int, str], dict[int, str], list[str]]:
    """The form's own (WTForms) errors, placed where the page shows them: per item id, per remark
    row, and the rest as sentences for a flash message."""
    item_errors: dict[int, str] = {}
    remark_errors: dict[int, str] = {}
    other: list[str] = []
    for name, messages in form.errors.items():
        match = _ITEM_FIELD.match(name)
        if match:
            item_errors.setdefault(int(match.group(1)), messages[0])
        elif name == "remarks":
            for row, row_errors in enumerate(messages):
                if isinstance(row_errors, dict) and row_errors:
                    remark_errors[row] = next(iter(row_errors.values()))[0]
        else:
            other += [message for message in messages if isinstance(message, str)]
    return item_errors, remark_errors, other
