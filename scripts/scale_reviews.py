"""The reviewing part of the scale dataset (scripts/scale_builder.py): three reviews per judgment
with item deductions, remarks and notifications, and the evaluation that combines them — built
with the same scoring rules the application uses (reviewer.scoresheets.scoring)."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from scale_rows import at
from scale_text import Sample

from models import Grade, JudgmentStatus, Purpose, ReviewStatus
from models.notification import NotificationKind
from reviewer.scoresheets.scoring import SheetEntry, combine
from reviewer.scoresheets.services import rule_of


class ReviewRows:
    """Mixin of `Builder`: uses its rng, rows, reviewers, admin, sheet, now, audit() and notify()."""

    def review_judgment(self, judgment: dict, month: str, latest: bool) -> None:
        from reviewer.notifications.services import local_url

        rng, rows = self.rng, self.rows
        if latest and judgment["status"] == JudgmentStatus.SUBMITTED:
            return
        reviewers = rng.sample([r for r in self.reviewers if r["court_id"] != judgment["court_id"]], 3)
        assigned = min(at(month, 29, 9) if not latest else judgment["submitted_at"] + timedelta(days=1),
                       self.now - timedelta(hours=1))
        due = (at(month, 45).date() if not latest else self.now.date() + timedelta(days=rng.randint(-3, 10)))
        url = local_url("reviews.review", kind="judgment", subject_id=judgment["id"])
        entries = []
        for k, reviewer in enumerate(reviewers):
            assignment = rows.add("assignments", subject_kind="judgment", subject_id=judgment["id"],
                                  reviewer_id=reviewer["id"], due_date=due, assigned_by_id=self.admin["id"],
                                  created_at=assigned, round_id=None, is_leader=k == 0, submitted_at=None)
            self.notify(reviewer["id"], NotificationKind.ASSIGNMENT,
                        f"您有新的评查任务：裁判文书 {judgment['case_number']}，请于 {due:%Y-%m-%d} 前完成。",
                        url, assigned, f"assignment:{assignment['id']}")
            state = ReviewStatus.SUBMITTED
            if latest:
                state = rng.choices([ReviewStatus.SUBMITTED, ReviewStatus.DRAFT, None], [40, 30, 30])[0]
            if state is None:
                continue
            veto = (judgment["purpose"] == Purpose.FLAWED and k == 0 and rng.random() < 0.08)
            entries.append(self.sheet_review(judgment, assignment, reviewer, state, assigned, veto,
                                             spread=k == 1 and rng.random() < 0.05))
        if len(entries) == 3 and all(e.submitted for e in entries):
            self.evaluate(judgment, entries, month, latest)

    def sheet_review(self, judgment, assignment, reviewer, state, assigned, veto, spread) -> SheetEntry:
        from reviewer.demo.reviews import COMMENTS, TARGETS, VETO_REASON

        rng, rows = self.rng, self.rows
        started = assigned + timedelta(hours=rng.randint(2, 96))
        submitted = min(started + timedelta(hours=rng.randint(1, 120)), self.now - timedelta(minutes=5))
        started = min(started, submitted)
        review_id = rows.new_id("reviews")
        low, high = TARGETS.get(judgment["purpose"], (8, 20))
        target = rng.uniform(low, high) + (12 if spread else 0)
        reasons = self.reasons_for(judgment["_sample"])
        candidates = [i for i in self.sheet_items if not i.veto and reasons.get(i.key)]
        rng.shuffle(candidates)
        deductions, hits, total, remarks = {}, set(), 0.0, 0
        for item in candidates:
            if total >= target:
                break
            reason = rng.choice(reasons[item.key])
            occurrences = None
            if item.per_occurrence:
                occurrences = rng.randint(1, 3)
                value = min(occurrences * float(item.step), float(item.cap or item.points))
            else:
                value = min(float(item.points), rng.choice([0.5, 1, 1, 2, 2, 3, 4]))
            total += value
            deductions[item.key] = Decimal(str(value))
            judgment.setdefault("_reasons", []).append(reason)
            rows.add("review_item_scores", review_id=review_id, item_id=item.id, deduction=Decimal(str(value)),
                     occurrences=occurrences, veto_hit=False, reason=reason, source="reviewer")
            paragraph = self.paragraph_for(judgment, item.key)
            if paragraph is not None and remarks < 3:
                remarks += 1
                rows.add("review_remarks", review_id=review_id, item_id=item.id, text=reason,
                         paragraph_index=paragraph, start_seconds=None, end_seconds=None, created_at=started)
        if veto:
            item = self.sheet_item_by_key["veto.ruling_error"]
            hits.add(item.key)
            rows.add("review_item_scores", review_id=review_id, item_id=item.id, deduction=Decimal(0),
                     occurrences=None, veto_hit=True, reason=VETO_REASON, source="reviewer")
        score = self.sheet_total - Decimal(str(round(total, 2)))
        grade = _grade(score, self.sheet.grade_bands, bool(hits))
        rows.add("reviews", id=review_id, assignment_id=assignment["id"], subject_kind="judgment",
                 subject_id=judgment["id"], sheet_id=self.sheet.id, reviewer_id=reviewer["id"], status=state,
                 overall_comment=rng.choice(COMMENTS[grade]), proposed_grade=grade,
                 submitted_at=submitted if state == ReviewStatus.SUBMITTED else None, reopen_reason=None,
                 created_at=started, updated_at=submitted, lock_version=2,
                 deduction_total=Decimal(str(round(total, 2))))
        if state == ReviewStatus.SUBMITTED:
            assignment["submitted_at"] = submitted   # kept by reviewer/reviews/open_state.py in the app
            self.audit(reviewer["id"], "review.submit", "reviews", review_id, submitted,
                       after={"status": "submitted", "total_deduction": f"{total:.2f}", "grade": grade.value})
        return SheetEntry(reviewer_id=reviewer["id"], submitted=state == ReviewStatus.SUBMITTED,
                          deductions=deductions, veto_hits=frozenset(hits))

    def evaluate(self, judgment: dict, entries: list[SheetEntry], month: str, latest: bool) -> None:
        result = combine(self.sheet_rules, entries, expected=3, bands=self.sheet.grade_bands,
                         spread_threshold=self.sheet.spread_threshold)
        computed = min(at(month, 47, 15), self.now - timedelta(minutes=1)) if not latest else self.now
        grade = Grade[result.grade]
        confirmed = not latest
        row = self.rows.add(
            "evaluations", subject_kind="judgment", subject_id=judgment["id"], sheet_id=self.sheet.id,
            review_count=3, computed_score=result.score, computed_grade=grade, vetoed=result.vetoed,
            spread=result.spread, spread_flag=result.spread_flag, computed_at=computed,
            final_grade=grade if confirmed else None, override_reason=None,
            confirmed_by_id=self.admin["id"] if confirmed else None, confirmed_at=computed if confirmed else None,
            locked=False)
        if latest:
            judgment["status"] = JudgmentStatus.EVALUATED
        else:
            self.audit(self.admin["id"], "evaluation.confirm", "evaluations", row["id"], computed,
                       after={"grade": grade.value})
        judgment["_evaluation"] = row
        judgment["_veto"] = sum(1 for e in entries if e.veto_hits)

    @property
    def sheet_items(self):
        if not hasattr(self, "_items"):
            self._items = self.sheet.items
            self.sheet_item_by_key = {i.key: i for i in self._items}
            self.sheet_rules = [rule_of(i) for i in self._items]
            self.sheet_total = self.sheet.total_points
        return self._items

    def reasons_for(self, sample: Sample) -> dict[str, list[str]]:
        from reviewer.demo.reviews import CIVIL, CRIMINAL, GENERIC

        extra = CIVIL if sample.kind == "civil" else CRIMINAL if sample.kind == "criminal" else {}
        return {key: GENERIC.get(key, []) + extra.get(key, []) for key in set(GENERIC) | set(extra)}

    def paragraph_for(self, judgment: dict, key: str) -> int | None:
        from reviewer.demo.reviews import SECTION_OF_KEY

        span = judgment["section_ranges"].get(SECTION_OF_KEY.get(key.split(".")[0]))
        if span and span[1] > span[0]:
            return self.rng.randrange(span[0], span[1])
        return self.rng.randrange(len(judgment["paragraphs"])) if judgment["paragraphs"] else None


def _grade(score: Decimal, bands: dict, vetoed: bool) -> Grade:
    from reviewer.scoresheets.scoring import grade_for

    return Grade[grade_for(score, bands, vetoed=vetoed)]
