"""The rows of the scale dataset (see scripts/make_scale_data.py), month by month, bulk-inserted.

`Rows` buffers plain dicts per table and writes them with Core multi-row inserts in foreign-key
order; ids are assigned here. `Builder.run()` yields one progress line per stage.
"""
from __future__ import annotations

import hashlib
import os
import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import scale_extras
from scale_text import Sample, load_samples, person_name, vary
from sqlalchemy import func, select, text
from werkzeug.security import generate_password_hash

from models import (
    Court,
    CourtLevel,
    Grade,
    Judgment,
    JudgmentStatus,
    Purpose,
    ReviewStatus,
    Role,
    ScoreSheet,
)
from models.notification import NotificationKind
from reviewer.extensions import db
from reviewer.judgments.case_number import parse_case_number
from reviewer.scoresheets.scoring import SheetEntry, combine
from reviewer.scoresheets.services import rule_of

PASSWORD = "demo1234"
# Purposes of a month's judgments (weights): most are routine.
PURPOSES = [(Purpose.ROUTINE, 75), (Purpose.EXCELLENT, 10), (Purpose.FLAWED, 10), (Purpose.DRAWN, 5)]
DIVISIONS_FOR = {"civil": ("民一庭", "民二庭", "民三庭", "民四庭", "民五庭", "城区人民法庭"),
                 "criminal": ("刑事审判庭", "刑一庭", "刑二庭"), "enforcement": ("执行局",)}
JUDGES_PER_DIVISION = {CourtLevel.BASIC: 10, CourtLevel.INTERMEDIATE: 4}
REVIEWERS = 30


# Tables in foreign-key order: buffers are written in this order.
ORDER = ["users", "user_roles", "stored_files", "judgments", "assignments", "reviews", "review_item_scores",
         "review_remarks", "evaluations", "hearings", "monthly_rankings", "ranking_entries", "monthly_draws",
         "draw_entries", "objections", "notifications", "audit_logs"]


class Rows:
    """Buffered rows per table, written with multi-row inserts; ids handed out per table."""

    def __init__(self):
        self.buffers: dict[str, list[dict]] = {name: [] for name in ORDER}
        self.next_id: dict[str, int] = {}
        self.counts: dict[str, int] = {name: 0 for name in ORDER}
        self.tables = {t.name: t for t in db.metadata.sorted_tables}

    def new_id(self, table: str) -> int:
        if table not in self.next_id:
            self.next_id[table] = (db.session.scalar(select(func.max(self.tables[table].c.id))) or 0) + 1
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def add(self, table: str, **row) -> dict:
        if "id" not in row and "id" in self.tables[table].c:
            row["id"] = self.new_id(table)
        self.buffers[table].append(row)
        return row

    def write(self) -> None:
        connection = db.session.connection()
        for name in ORDER:
            rows = self.buffers[name]
            for start in range(0, len(rows), 2000):
                batch = [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows[start:start + 2000]]
                connection.execute(self.tables[name].insert(), batch)
            self.counts[name] += len(rows)
            rows.clear()


def month_list(years: int, today: date) -> list[str]:
    months, year, month = [], today.year, today.month
    for _ in range(12 * years):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def at(month: str, day: float, hour: int = 10) -> datetime:
    """A moment `day` days after the first of `month` (may run into the next month)."""
    year, mon = int(month[:4]), int(month[5:])
    return datetime(year, mon, 1, hour, tzinfo=UTC) + timedelta(days=day - 1)


class Builder:
    at = staticmethod(at)
    def __init__(self, years: int, per_month: int, seed: int, uploads: Path):
        self.rng = random.Random(seed)
        self.years, self.per_month, self.uploads = years, per_month, uploads
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.months = month_list(years, self.now.date())
        self.rows = Rows()
        self.sequences: dict[tuple, int] = {}

    # ----------------------------------------------------------------- set-up
    def run(self):
        yield self.schema()
        yield self.people()
        self.samples: list[Sample] = load_samples(samples_dir())
        self.sample_files = {s.path: self._link_source(s.path) for s in self.samples}
        self.extras = scale_extras.Extras(self)
        for index, month in enumerate(self.months):
            self.month(month, index)
            self.extras.month(month, index)
            self.rows.write()
            db.session.commit()
            if index % 12 == 11 or index == len(self.months) - 1:
                yield f"{month}: {self.rows.counts['judgments']} judgments, {self.rows.counts['reviews']} reviews"
        yield from self.extras.finish()
        self.reset_sequences()
        db.session.commit()
        # Plans need statistics after a bulk load (docs/deploy.md): PostgreSQL's ANALYZE, and on SQLite
        # what the worker's nightly job does (reviewer/stats/tasks.py).
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))
        else:
            from reviewer.stats.tasks import analyze

            analyze()
        yield "ANALYZE done"
        yield "rows: " + ", ".join(f"{name} {count}" for name, count in self.rows.counts.items())

    def schema(self) -> str:
        from flask import current_app
        from flask_migrate import upgrade

        from reviewer.admin.reference import install_reference_courts
        from reviewer.extensions_setup import after_create_all
        from reviewer.scoresheets.services import install_default_sheets

        upgrade(directory=str(Path(__file__).resolve().parent.parent / "migrations"))
        after_create_all(current_app)
        if db.session.scalar(select(Judgment.id).limit(1)) is not None:
            raise SystemExit("the database already holds judgments: give an empty database")
        install_reference_courts()
        install_default_sheets()
        db.session.commit()
        self.courts = list(db.session.scalars(select(Court).order_by(Court.sort_order)))
        sheets = {s.kind.value: s for s in db.session.scalars(select(ScoreSheet).where(ScoreSheet.active))}
        self.sheet, self.hearing_sheet = sheets["judgment"], sheets["hearing"]
        db.session.execute(ScoreSheet.__table__.update().values(frozen=True))
        return f"schema ready on {db.engine.dialect.name}; {len(self.months)} months {self.months[0]}…{self.months[-1]}"

    def people(self) -> str:
        rows, rng = self.rows, self.rng
        password = generate_password_hash(PASSWORD, method="scrypt")
        created = self.now - timedelta(days=31 * len(self.months) + 30)
        self.judges: dict[tuple[int, str], list[dict]] = {}  # (court id, division name) → judges
        self.heads: list[dict] = []
        self.liaisons: dict[int, dict] = {}
        self.reviewers: list[dict] = []

        def user(username, name, roles, court, division=None, head=False):
            row = rows.add("users", username=username, display_name=name, password_hash=password,
                           court_id=court.id, division_id=division.id if division else None,
                           is_division_head=head, email=None, active=True, created_at=created,
                           last_login_at=None)
            for role in roles:
                rows.add("user_roles", user_id=row["id"], role=role)
            row["_court"] = court
            return row

        middle = next(c for c in self.courts if c.level == CourtLevel.INTERMEDIATE)
        self.admin = user("admin", "审管办管理员", [Role.ADMIN], middle)
        user("admin2", "审管办副主任", [Role.ADMIN], middle)
        for court in self.courts:
            suffix = court.code.replace("豫", "")
            self.liaisons[court.id] = user(f"liaison_{suffix}", f"{court.name}联络员", [Role.LIAISON], court)
            user(f"liaison_{suffix}b", f"{court.name}联络员二", [Role.LIAISON], court)
            for d, division in enumerate(court.divisions):
                for n in range(JUDGES_PER_DIVISION[court.level]):
                    head = n == 0
                    judge = user(f"judge_{suffix}_{d + 1}_{n + 1}", person_name(rng), [Role.JUDGE], court,
                                 division, head)
                    judge["_division_name"] = division.name
                    self.judges.setdefault((court.id, division.name), []).append(judge)
                    if head:
                        self.heads.append(judge)
        for n in range(REVIEWERS):
            court = self.courts[n % len(self.courts)]
            self.reviewers.append(user(f"reviewer{n + 1:02d}", person_name(rng) + "（评查）", [Role.REVIEWER],
                                       court, court.divisions[0]))
        count = len(rows.buffers["users"])
        rows.write()
        db.session.commit()
        return f"users: {count}"

    def _link_source(self, path: Path) -> tuple[str, int]:
        data = path.read_bytes()
        return hashlib.sha256(data).hexdigest(), len(data)

    def stored_file(self, kind: str, source: Path, name: str, mime: str, digest: str, size: int,
                    uploaded_by: int | None, when: datetime) -> int:
        file_id = self.rows.new_id("stored_files")
        relative = f"{kind}/scale/{file_id}{source.suffix}"
        target = self.uploads / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            os.link(source, target)
        self.rows.add("stored_files", id=file_id, kind=kind, storage_path=relative, original_name=name,
                      size=size, mime_type=mime, sha256=digest, uploaded_by_id=uploaded_by, uploaded_at=when)
        return file_id

    # ----------------------------------------------------------------- a month
    def month(self, month: str, index: int) -> None:
        latest = index == len(self.months) - 1
        rng, weights = self.rng, [w for _, w in PURPOSES]
        self.month_judgments = []
        total_weight = sum(2 if c.level == CourtLevel.INTERMEDIATE else 1 for c in self.courts)
        for court in self.courts:
            share = self.per_month * (2 if court.level == CourtLevel.INTERMEDIATE else 1) / total_weight
            for _ in range(max(1, round(share * rng.uniform(0.8, 1.2)))):
                purpose = rng.choices([p for p, _ in PURPOSES], weights)[0]
                self.month_judgments.append(self.judgment(court, month, purpose, latest))
        for judgment in self.month_judgments:
            if judgment["status"] != JudgmentStatus.DRAFT:
                self.review_judgment(judgment, month, latest)

    def pick_sample(self, court: Court) -> Sample:
        pool = [s for s in self.samples if s.second_instance == (court.level == CourtLevel.INTERMEDIATE
                                                                  and self.rng.random() < 0.5)]
        return self.rng.choice(pool or self.samples)

    def judgment(self, court: Court, month: str, purpose: Purpose, latest: bool) -> dict:
        rng, rows = self.rng, self.rows
        sample = self.pick_sample(court)
        divisions = [d for d in DIVISIONS_FOR[sample.kind] if (court.id, d) in self.judges]
        judge = rng.choice(self.judges[(court.id, rng.choice(divisions))])
        year, mon = int(month[:4]), int(month[5:])
        day = rng.randint(1, 28)
        key = (court.id, year, sample.type_code)
        self.sequences[key] = self.sequences.get(key, rng.randint(80, 400)) + rng.randint(1, 6)
        number = parse_case_number(f"（{year}）{court.code}{sample.type_code}{self.sequences[key]}号")
        paragraphs, parties, signatories, clerk = vary(sample, rng, court.full_name, number.normalized,
                                                       (year, mon, day), judge["display_name"])
        created = min(at(month, day + rng.uniform(0.5, 3)), self.now - timedelta(hours=2))
        liaison = self.liaisons[court.id]
        digest, size = self.sample_files[sample.path]
        file_id = self.stored_file("judgments", sample.path, f"{number.normalized}.docx",
                                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                   digest, size, liaison["id"], created)
        status = JudgmentStatus.EVALUATED
        if latest:
            status = rng.choices([JudgmentStatus.DRAFT, JudgmentStatus.SUBMITTED, JudgmentStatus.IN_REVIEW],
                                 [10, 25, 65])[0]
        row = rows.add(
            "judgments", court_id=court.id, month=month, purpose=purpose, status=status, file_id=file_id,
            case_number=number.normalized, case_year=number.year, case_court_code=number.court_code,
            case_type_code=number.type_code, case_sequence=number.sequence, court_name_text=court.full_name,
            doc_type=sample.doc_type, procedure=sample.procedure, trial_procedure=sample.trial_procedure,
            cause=sample.cause, judgment_date=date(year, mon, day), presiding_judge_name=judge["display_name"],
            clerk_name=clerk, judge_id=judge["id"], parties=parties, signatories=signatories,
            paragraphs=paragraphs, section_ranges=sample.section_ranges, note=None,
            uploaded_by_id=liaison["id"], created_at=created,
            submitted_at=None if status == JudgmentStatus.DRAFT else created + timedelta(hours=3))
        self.audit(liaison["id"], "judgment.uploaded", "judgments", row["id"], created,
                   after={"file": f"{number.normalized}.docx", "sha256": digest, "court": court.name,
                          "month": month, "purpose": purpose.value, "case_number": number.normalized})
        if status != JudgmentStatus.DRAFT:
            self.audit(liaison["id"], "judgment.submitted", "judgments", row["id"], row["submitted_at"],
                       before={"status": "draft"}, after={"status": "submitted"})
        row["_sample"], row["_court"] = sample, court
        return row

    def audit(self, actor: int | None, action: str, target_type: str | None, target_id: int | None,
              when: datetime, before=None, after=None, summary=None) -> None:
        self.rows.add("audit_logs", at=when, actor_id=actor, action=action, target_type=target_type,
                      target_id=target_id, summary=summary, before=before, after=after,
                      ip=f"10.8.{(actor or 0) % 250}.{(target_id or 0) % 250}")

    def notify(self, user_id: int, kind: NotificationKind, message: str, url: str, when: datetime,
               key: str | None) -> None:
        read = when + timedelta(hours=self.rng.randint(1, 72))
        self.rows.add("notifications", user_id=user_id, kind=kind, text=message, url=url, dedupe_key=key,
                      created_at=when, read_at=read if read < self.now else None, emailed_at=None)

    # ----------------------------------------------------------------- reviewing
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
                                  created_at=assigned, round_id=None, is_leader=k == 0)
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
                 created_at=started, updated_at=submitted, lock_version=2)
        if state == ReviewStatus.SUBMITTED:
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

    # ----------------------------------------------------------------- finishing
    def reset_sequences(self) -> None:
        if db.engine.dialect.name != "postgresql":
            return
        for name in ORDER + ["monthly_filings", "exemplar_texts"]:
            table = self.rows.tables[name]
            if "id" in table.c:
                db.session.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)"))


def _grade(score: Decimal, bands: dict, vetoed: bool) -> Grade:
    from reviewer.scoresheets.scoring import grade_for

    return Grade[grade_for(score, bands, vetoed=vetoed)]


def samples_dir() -> Path:
    from reviewer.demo.judgments import samples_dir as find

    folder = find()
    if folder is None:
        raise SystemExit("sample judgments not found (../shared/data/judgments/docx or REVIEWER_SAMPLES)")
    return folder

