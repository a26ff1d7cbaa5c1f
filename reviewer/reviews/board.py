"""The assignment board's rows: for each subject on the page, its assignments, its evaluation and
the reviewers it may still be given. No Flask here.

The page shows 20 subjects and, in each row's hand-assignment list, every reviewer that recusal
allows (DOMAIN.md, assignment; `reviewer.subjects.recusal`). Each reviewer's facts are taken once
per view (`reviewer_info`), not once per row; a row only lists the allowed reviewers' ids, so the
view renders each reviewer's <option> once (templates/reviews/_reviewer_option.html) and the
template repeats the rendered text.
"""
from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select

from models import Evaluation
from reviewer.extensions import db
from reviewer.reviews import assigning
from reviewer.subjects import recusal


class BoardRow(NamedTuple):
    """One subject on the board: `assignments` oldest first, `evaluation` or None, and
    `eligible`: the ids of the reviewers it may still be given, in the reviewers' order."""

    subject: object
    assignments: list
    evaluation: Evaluation | None
    eligible: list[int]


def rows(spec, subjects: list, people: list) -> list[BoardRow]:
    """The board's rows for `subjects` (the page's items) and the candidate reviewers `people`
    (`assigning.reviewers()`): two statements (assignments with their reviewers and sheets, the
    evaluations), then recusal checked in Python on each (subject, reviewer) pair."""
    ids = [obj.id for obj in subjects]
    assignments = assigning.assignments_for(spec.kind, ids)
    results = {e.subject_id: e for e in db.session.scalars(select(Evaluation).where(
        Evaluation.subject_kind == spec.kind, Evaluation.subject_id.in_(ids)))} if ids else {}
    infos = [recusal.reviewer_info(u) for u in people]
    result = []
    for obj in subjects:
        subject = recusal.subject_info(spec, obj, {a.reviewer_id for a in assignments[obj.id]})
        eligible = [info.id for info in infos if info.id not in subject.assigned
                    and recusal.recusal_reason(info, subject) is None]
        result.append(BoardRow(obj, assignments[obj.id], results.get(obj.id), eligible))
    return result
