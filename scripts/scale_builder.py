"""The rows of the scale dataset (see scripts/make_scale_data.py), month by month, bulk-inserted.

`Builder.run()` yields one progress line per stage; rows are buffered by `scale_rows.Rows`, the
reviews and evaluations come from the `scale_reviews.ReviewRows` mixin.
"""
from __future__ import annotations

import hashlib
import os
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import scale_extras
import scale_rebuilds
from scale_reviews import ReviewRows
from scale_rows import ORDER, Rows, at, month_list
from scale_text import Sample, load_samples, person_name, vary
from sqlalchemy import select, text
from werkzeug.security import generate_password_hash

from models import (
    Court,
    CourtLevel,
    Judgment,
    JudgmentStatus,
    Purpose,
    Role,
    ScoreSheet,
)
from models.notification import NotificationKind
from reviewer.extensions import db
from reviewer.judgments.case_number import parse_case_number

PASSWORD = "demo1234"
# Purposes of a month's judgments (weights): most are routine.
PURPOSES = [(Purpose.ROUTINE, 75), (Purpose.EXCELLENT, 10), (Purpose.FLAWED, 10), (Purpose.DRAWN, 5)]
DIVISIONS_FOR = {"civil": ("民一庭", "民二庭", "民三庭", "民四庭", "民五庭", "城区人民法庭"),
                 "criminal": ("刑事审判庭", "刑一庭", "刑二庭"), "enforcement": ("执行局",)}
JUDGES_PER_DIVISION = {CourtLevel.BASIC: 10, CourtLevel.INTERMEDIATE: 4}
REVIEWERS = 30


class Builder(ReviewRows):
    at = staticmethod(at)
    def __init__(self, years: int, per_month: int, seed: int, uploads: Path, register_per_year: int = 100_000):
        self.rng = random.Random(seed)
        self.register_per_year = register_per_year
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
        yield from self.programmes(analyze=False)
        yield from scale_rebuilds.after_bulk_load()
        yield "rows: " + ", ".join(f"{name} {count}" for name, count in self.rows.counts.items())

    def programmes(self, analyze: bool = True):
        """The case register and the 发改 programme (scale_programmes), through the services."""
        from scale_programmes import Programmes

        yield from Programmes(self.months, self.now.date(), seed=self.rng.randrange(1 << 30),
                              register_per_year=self.register_per_year).run()
        if analyze:
            yield scale_rebuilds.analyze()

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


def samples_dir() -> Path:
    from reviewer.demo.judgments import samples_dir as find

    folder = find()
    if folder is None:
        raise SystemExit("sample judgments not found (../shared/data/judgments/docx or REVIEWER_SAMPLES)")
    return folder

