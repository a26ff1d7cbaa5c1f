"""The scale dataset's other programmes (scripts/make_scale_data.py): the case register behind the
twenty quality indicators, and the 发改 programme (reversed/remanded cases, their self-checks,
evaluations, objections and decisions, quality meetings, guidance), through the application's own
services so their summary rows (case tallies, points ledger) are maintained as in production.

Volumes per year: about 100,000 register cases over the 11 courts (the register of a city's courts;
`register_per_year`), and 1–4 发改 cases per basic court and month (≈300), the older ones carried
through evaluation to a close or a meeting's decision, from the month after the plan's start (2021-03-15). Drawn judgments of finished months are
linked to their draw entries (uploaded), the last two months' still pending.
"""
from __future__ import annotations

import io
import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select, text

from models import Court, CourtLevel, Division, Role, User
from models.base import clock_at as _clock_at
from models.case_register import CaseRecord, RegisterImportStatus
from models.reversal import DecisionBody, GuidanceKind, HigherLevel, ReversalCase, ReversalResult
from reviewer.demo.register import csv_text, register_rows
from reviewer.extensions import db
from reviewer.indicators import imports
from reviewer.reversals import guidance, ledger, meetings, register, workflow
from reviewer.reversals.points import PLAN_START

RESULTS = [ReversalResult.REVERSED, ReversalResult.REMANDED, ReversalResult.RULING_CHANGED]
REASONS = ["fact_unclear", "law_error", "procedure", "discretion", "new_evidence", "other"]
SELF_CHECK = "对案件证据的审查和事实认定不够细致，今后将加强庭前证据交换和合议。"


class Programmes:
    """`run()` yields a progress line per stage; `today` is the dataset's last day."""

    def __init__(self, months: list[str], today: date, seed: int, register_per_year: int = 100_000):
        self.months, self.today = months, today
        self.rng = random.Random(seed)
        self.register_per_year = register_per_year

    def run(self):
        """Each stage is skipped when its rows are there already (a stopped run can be resumed)."""
        self.courts = list(db.session.scalars(select(Court).order_by(Court.sort_order)))
        self.admin = db.session.scalar(select(User).where(User.username == "admin"))
        if db.session.scalar(select(CaseRecord.id).limit(1)) is None:
            yield self.case_register()
        if db.session.scalar(select(ReversalCase.id).limit(1)) is None:
            yield self.reversals()
        yield self.drawn_uploads()

    # ------------------------------------------------------------ case register
    def case_register(self) -> str:
        """Each court's register over the dataset's months through the real import (tallies kept)."""
        months = len(self.months)
        weights = {c.id: (2 if c.level == CourtLevel.INTERMEDIATE else 1) for c in self.courts}
        total = 0
        for index, court in enumerate(self.courts):
            share = self.register_per_year * weights[court.id] / sum(weights.values())
            per_month = max(int(share / 12), 1)
            text = csv_text(register_rows(court, self.today, months, per_month, seed=5000 + index))
            item = imports.receive(self.admin, court, io.BytesIO(text.encode("utf-8")), f"{court.name}案件台账.csv",
                                   self.today)
            item.status = RegisterImportStatus.PENDING
            total += imports.apply(self.admin, item)
            db.session.commit()
        return f"case register: {total} cases"

    # ------------------------------------------------------------ draws
    def drawn_uploads(self) -> str:
        """Drawn heads' judgments of finished months are uploaded (linked to the entry); the last two
        months' still wait, as the liaisons' home pages show. Links the head's judgment of the month, or
        the court's first of the month when the head has none in the dataset."""
        cutoff = self.months[-2] if len(self.months) > 1 else self.months[-1]
        result = db.session.execute(text(
            "UPDATE draw_entries SET judgment_id = COALESCE("
            "(SELECT MIN(j.id) FROM judgments j JOIN monthly_draws d ON d.id = draw_entries.draw_id "
            " WHERE j.judge_id = draw_entries.head_id AND j.month = d.month), "
            "(SELECT MIN(j.id) FROM judgments j JOIN monthly_draws d ON d.id = draw_entries.draw_id "
            " WHERE j.court_id = d.court_id AND j.month = d.month)) "
            "WHERE judgment_id IS NULL AND draw_id IN (SELECT id FROM monthly_draws WHERE month < :cutoff)"),
            {"cutoff": cutoff})
        db.session.commit()
        return f"draws: {result.rowcount} drawn judgments of finished months linked as uploaded"

    # ------------------------------------------------------------------- 发改
    def reversals(self) -> str:
        ledger.ensure_rules()
        reasons = {r.code: r for r in register.ensure_reasons()}
        city = db.session.scalar(select(Court).where(Court.level == CourtLevel.INTERMEDIATE))
        city_division = db.session.scalar(select(Division).where(Division.court_id == city.id,
                                                                 Division.name == "民一庭"))
        judges = self._judges()
        count = meetings_held = 0
        for index, month in enumerate(self.months):
            age = len(self.months) - 1 - index          # months before the current one
            if month <= PLAN_START.strftime("%Y-%m"):    # the programme starts after the plan (2021-03-15)
                continue
            year, mon = int(month[:4]), int(month[5:])
            for court in (c for c in self.courts if c.level == CourtLevel.BASIC):
                cases = []
                for n in range(self.rng.randint(1, 4)):
                    judge = self.rng.choice(judges[court.id])
                    decided = date(year, mon, self.rng.randint(1, 25))
                    if decided > self.today:
                        decided = self.today
                    case = self._case(judge, court, decided, n, reasons, city_division)
                    self._advance(case, age, decided)
                    cases.append(case)
                    count += 1
                meetings_held += self._meeting(cases, month, age)
            if index % 12 == 11 or index == len(self.months) - 1:
                db.session.commit()
        self._guidance(city)
        db.session.commit()
        return f"发改: {count} cases, {meetings_held} quality meetings"

    def _judges(self) -> dict[int, list[User]]:
        found: dict[int, list[User]] = {}
        for user in db.session.scalars(select(User).where(User.division_id.is_not(None))):
            if user.has_role(Role.JUDGE) and user.court_id is not None:
                found.setdefault(user.court_id, []).append(user)
        return found

    def _case(self, judge: User, court: Court, decided: date, n: int, reasons, city_division) -> ReversalCase:
        recorded = min(self.today, decided + timedelta(days=4))
        number = self.rng.randint(1, 9999)
        with clock_at(recorded):
            return register.record_case(self.admin, register.CaseInput(
                case_number=f"（{decided.year}）{court.code}民初{number}号", court_id=court.id,
                division_id=judge.division_id, judge_id=judge.id,
                higher_case_number=f"（{decided.year}）豫08民终{decided.month * 1000 + n * 100 + self.rng.randint(1, 99)}号",
                higher_level=HigherLevel.INTERMEDIATE, higher_division_id=city_division.id,
                result=self.rng.choice(RESULTS), decided_on=decided,
                reason_id=reasons[self.rng.choice(REASONS)].id), recorded)

    def _advance(self, case: ReversalCase, age: int, decided: date) -> None:
        """This month's cases wait for the self-check; last month's are evaluated; older ones end."""
        if age == 0:
            return
        with clock_at(min(self.today, decided + timedelta(days=10))):
            workflow.submit_self_check(case.judge, case, SELF_CHECK)
        confirmed = case.reason.code != "discretion"
        with clock_at(min(self.today, decided + timedelta(days=20))):
            workflow.evaluate(self.admin, case, confirmed=confirmed, categories=[case.reason.code],
                              points=Decimal("-1") if confirmed else Decimal("0"),
                              opinion="经评查，一审" + ("确实存在问题。" if confirmed else "不存在问题。"),
                              basic_view="一审认为现有证据足以认定案件事实。",
                              intermediate_view="二审认为关键事实证据不足，应当补强。", today=decided + timedelta(days=20))
        if age == 1:
            return
        with clock_at(min(self.today, decided + timedelta(days=30))):
            if self.rng.random() < 0.1:
                workflow.object_once(case.judge, case, "二审采信的证据在一审中未提交，不应认定一审存在问题。")
                workflow.decide(self.admin, case, body=DecisionBody.JUDGES_MEETING, confirmed=False,
                                points=Decimal("0"), text="经法官会议讨论，一审不存在问题。",
                                decided_on=min(self.today, decided + timedelta(days=30)))
            else:
                workflow.close_uncontested(self.admin, case)

    def _meeting(self, cases: list[ReversalCase], month: str, age: int) -> int:
        """A division's quality meeting on its month's cases (most months, not the current one)."""
        if age == 0 or not cases or self.rng.random() < 0.2:
            return 0
        division = db.session.get(Division, cases[0].division_id)
        head = db.session.scalar(select(User).where(User.division_id == division.id).order_by(User.id))
        linked = [c.id for c in meetings.cases_of(division.id, month)]
        if head is None or not linked or any(m.month == month for m in division_meetings(division.id)):
            return 0
        held = min(self.today, date(int(month[:4]), int(month[5:]), 28) + timedelta(days=5))
        with clock_at(held):
            meetings.file_meeting(head, division, month, held, linked, "证据审查不细，事实认定依赖当事人陈述。",
                                  "建立证据清单制度，重大案件合议前核对证据。")
        return 1

    def _guidance(self, city: Court) -> None:
        """Two guidance documents a year from the intermediate court's 民一庭 head."""
        author = db.session.scalar(select(User).join(Division, User.division_id == Division.id).where(
            Division.court_id == city.id, Division.name == "民一庭").order_by(User.id))
        if author is None:
            return
        for month in (m for m in self.months[5::6] if m > PLAN_START.strftime("%Y-%m")):
            on = date(int(month[:4]), int(month[5:]), 10)
            with clock_at(min(self.today, on)):
                guidance.publish(author, author.division, GuidanceKind.CLASS_CASE, f"{month[:4]}年类案裁判指引",
                                 "一、借贷合意的认定……\n二、利息的计算……", min(self.today, on))


def clock_at(day: date):
    """The services' clock at 10:00 UTC of `day`."""
    return _clock_at(datetime.combine(day, time(10), tzinfo=UTC))


def division_meetings(division_id: int):
    from models.reversal import QualityMeeting

    return db.session.scalars(select(QualityMeeting).where(QualityMeeting.division_id == division_id))
