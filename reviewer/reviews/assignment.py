"""Assignment rules: recusal (回避) and automatic, load-balanced assignment of reviewers.

Pure functions, no Flask and no database. The rules:

* **Recusal.** A reviewer never scores a subject from their own court, and never a subject whose
  judge (承办法官 / presiding judge) they are. An inactive reviewer gets nothing. The same check
  runs for hand assignment and automatic assignment.
* **Automatic assignment.** Each subject needs ``per_subject`` reviewers (default 2), counting
  those already assigned. Subjects are served most-constrained first (fewest eligible reviewers,
  then by their key, for a reproducible result). For each subject the eligible reviewers with the
  lowest load are taken, where the load is the reviewer's open assignments plus those given in
  this run; ties go to the lower reviewer id. Loads therefore stay as even as recusal allows.
* **When it cannot be done.** If fewer eligible reviewers exist than needed, the eligible ones
  are still assigned and the subject is reported with the reason (e.g. only one reviewer outside
  the subject's court).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Hashable, Iterable, Sequence

from reviewer.subjects.recusal import ReviewerInfo, SubjectInfo, recusal_reason

DEFAULT_REVIEWERS_PER_SUBJECT = 2


@dataclass
class AssignmentPlan:
    """The outcome of automatic assignment: new (subject key, reviewer id) pairs and problems."""

    pairs: list[tuple[Hashable, int]] = field(default_factory=list)
    problems: list[tuple[Hashable, str]] = field(default_factory=list)
    loads: dict[int, int] = field(default_factory=dict)
    report: list = field(default_factory=list)  # a line per subject (reviewer.batch.ItemReport)

    def for_subject(self, key: Hashable) -> list[int]:
        return [reviewer for subject, reviewer in self.pairs if subject == key]


def plan_assignments(
    subjects: Iterable[SubjectInfo],
    reviewers: Sequence[ReviewerInfo],
    per_subject: int = DEFAULT_REVIEWERS_PER_SUBJECT,
) -> AssignmentPlan:
    """Choose reviewers for each subject (see the module docstring for the rule)."""
    if per_subject < 1:
        raise ValueError("per_subject must be at least 1")
    subjects = list(subjects)
    loads = {r.id: r.load for r in reviewers}
    eligible: dict[Hashable, list[ReviewerInfo]] = {
        s.key: [r for r in reviewers if recusal_reason(r, s) is None and r.id not in s.assigned]
        for s in subjects
    }
    plan = AssignmentPlan()
    order = sorted(subjects, key=lambda s: (len(eligible[s.key]), str(s.key)))
    for subject in order:
        needed = per_subject - len(subject.assigned)
        if needed <= 0:
            continue
        candidates = sorted(eligible[subject.key], key=lambda r: (loads[r.id], r.id))
        chosen = candidates[:needed]
        for reviewer in chosen:
            plan.pairs.append((subject.key, reviewer.id))
            loads[reviewer.id] += 1
        if len(chosen) < needed:
            have = len(subject.assigned) + len(chosen)
            plan.problems.append(
                (
                    subject.key,
                    f"需要 {per_subject} 名评查员，符合回避规则的只有 {have} 名"
                    "（评查员不能评查本院或本人承办的案件）。",
                )
            )
    plan.loads = loads
    return plan
