"""The scale dataset's monthly extras (scripts/make_scale_data.py): rankings, draws, hearings and
their reviews, objections, and at the end the filings and the exemplar index (through the app)."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from models import Court, CourtLevel, Grade, Judgment, JudgmentStatus, ReviewStatus
from models.draw import DrawStatus, EntryStatus
from models.hearing import HearingNomination, HearingStatus
from models.notification import NotificationKind
from models.objection import ObjectionStatus
from models.ranking import ListKind, RankingStatus
from reviewer.extensions import db
from reviewer.scoresheets.scoring import SheetEntry, combine, grade_for
from reviewer.scoresheets.services import rule_of

HEARINGS_PER_MONTH = {CourtLevel.BASIC: 4, CourtLevel.INTERMEDIATE: 2}
CLIPS = ((6, 40, "mp4"), (8, 140, "mp4"), (5, 220, "mp4"))  # seconds, hue, container
HEARING_REASONS = ["宣布法庭纪律时未告知旁听人员禁止录音录像", "未询问当事人是否申请回避", "归纳争议焦点不够准确",
                   "发问带有倾向性", "未及时制止当事人重复陈述", "宣判时未敲法槌", "录像中断约两分钟未说明原因",
                   "着装不规范，未佩戴徽章", "庭审节奏拖沓", "未征询当事人最后意见", "使用方言，语言不够规范"]


class Extras:
    def __init__(self, builder):
        self.b = builder
        self.published_judgments: list[int] = []
        self.clips = self.make_clips()
        self.hearing_items = builder.hearing_sheet.items
        self.hearing_rules = [rule_of(i) for i in self.hearing_items]
        self.hearing_total = builder.hearing_sheet.total_points

    def make_clips(self) -> list[tuple[Path, int, str, int]]:
        """Three short real recordings (PyAV), once; hearings' files are hard links to them."""
        import hashlib

        from reviewer.demo.hearing_clips import make_clip

        folder = self.b.uploads / "scale-clips"
        folder.mkdir(parents=True, exist_ok=True)
        clips = []
        for n, (seconds, hue, kind) in enumerate(CLIPS):
            path = folder / f"clip{n}.{kind}"
            if not path.exists():
                make_clip(path, seconds, hue, kind)
            data = path.read_bytes()
            clips.append((path, seconds, hashlib.sha256(data).hexdigest(), len(data)))
        return clips

    # ----------------------------------------------------------------- per month
    def month(self, month: str, index: int) -> None:
        b = self.b
        count = len(b.months)
        if index < count - 1:
            self.ranking(month, draft=index == count - 2)
            self.draws(month)
        self.hearings(month, latest=index == count - 1)

    def ranking(self, month: str, draft: bool) -> None:
        from reviewer.demo.reviews import COMMENTS
        from reviewer.notifications.services import local_url
        from reviewer.rankings import rules
        from reviewer.rankings.services import KIND_OF, POLICY

        b, rows = self.b, self.b.rows
        pool = {j["id"]: j for j in b.month_judgments if j.get("_evaluation") and j["_evaluation"]["final_grade"]}
        proposal = rules.rank_month((rules.RankingEntry(
            subject_id=j["id"], case_number=j["case_number"], score=float(j["_evaluation"]["computed_score"]),
            grade=j["_evaluation"]["final_grade"].name, veto_count=j.get("_veto", 0),
            confirmed_at=j["_evaluation"]["confirmed_at"]) for j in pool.values()), POLICY)
        created, published = b.at(month, 48), b.at(month, 55)
        ranking = rows.add("monthly_rankings", month=month,
                           status=RankingStatus.DRAFT if draft else RankingStatus.PUBLISHED,
                           lock_version=2 if draft else 3, note="\n".join(proposal.notes) or None,
                           created_by_id=b.admin["id"], created_at=created, updated_by_id=b.admin["id"],
                           updated_at=created if draft else published,
                           published_by_id=None if draft else b.admin["id"],
                           published_at=None if draft else published, unpublished_by_id=None,
                           unpublished_at=None, unpublish_reason=None)
        b.audit(b.admin["id"], "ranking.create", "monthly_rankings", ranking["id"], created,
                after={"month": month})
        listed = []
        for ranked in (proposal.excellent, proposal.flawed):
            kind = KIND_OF[ranked.kind]
            for position, entry in enumerate(ranked.entries, start=1):
                judgment = pool[entry.subject_id]
                evaluation = judgment["_evaluation"]
                if kind == ListKind.EXCELLENT:
                    reason = "评查意见：" + b.rng.choice(COMMENTS[Grade.EXCELLENT])
                else:
                    problems = list(dict.fromkeys(judgment.get("_reasons", [])))[:3]
                    reason = "主要问题：" + ("；".join(problems) or "存在多处文字和格式瑕疵") + "。"
                rows.add("ranking_entries", ranking_id=ranking["id"], kind=kind, position=position,
                         judgment_id=judgment["id"], evaluation_id=evaluation["id"],
                         score=evaluation["computed_score"], grade=evaluation["final_grade"].name,
                         reason=f"综合得分 {evaluation['computed_score']} 分。{reason}")
                listed.append((kind, judgment))
        if draft:
            return
        b.audit(b.admin["id"], "ranking.publish", "monthly_rankings", ranking["id"], published,
                summary=f"公布 {month} 优秀/瑕疵裁判文书榜")
        url = local_url("rankings.board", month=month)
        recipients = {b.liaisons[j["court_id"]]["id"] for _, j in listed} | {j["judge_id"] for _, j in listed}
        for user_id in recipients:
            b.notify(user_id, NotificationKind.LIST_PUBLISHED, f"{month[:4]}年{int(month[5:])}月优秀/瑕疵裁判文书榜已公布。",
                     url, published, f"list_published:{ranking['id']}")
        for kind, judgment in listed:
            judgment["status"] = JudgmentStatus.PUBLISHED
            judgment["_evaluation"]["locked"] = True
            self.published_judgments.append(judgment["id"])
        flawed = [j for kind, j in listed if kind == ListKind.FLAWED]
        if flawed:
            self.objection(flawed[0], published)

    def objection(self, judgment: dict, published) -> None:
        b = self.b
        raised = published + timedelta(days=2)
        answered = raised + timedelta(days=5)
        done = answered < b.now
        row = b.rows.add("objections", judgment_id=judgment["id"], evaluation_id=judgment["_evaluation"]["id"],
                         raised_by_id=judgment["judge_id"],
                         text="评查意见认为本文书说理不充分，但“本院认为”部分已逐项回应诉辩意见，请复核。",
                         status=ObjectionStatus.REJECTED if done else ObjectionStatus.OPEN,
                         answer="经复核，原评查意见并无不当，维持原评定。" if done else None,
                         answered_by_id=b.admin["id"] if done else None, answered_at=answered if done else None,
                         created_at=raised)
        b.audit(judgment["judge_id"], "objection.lodge", "objections", row["id"], raised)

    def draws(self, month: str) -> None:
        from reviewer.draws import lottery

        b, rows, rng = self.b, self.b.rows, self.b.rng
        by_head: dict[int, list[str]] = {}
        for judgment in b.month_judgments:
            by_head.setdefault(judgment["judge_id"], []).append(judgment["case_number"])
        for court in b.courts:
            if court.level != CourtLevel.BASIC:
                continue
            announced, drawn = b.at(month, 34), b.at(month, 37)
            value = f"{rng.randint(0, 9)}{rng.randint(0, 9)}{rng.randint(0, 9)}"
            draw = rows.add("monthly_draws", court_id=court.id, month=month, algorithm=lottery.ALGORITHM,
                            status=DrawStatus.DRAWN, value_source=f"{drawn:%Y年%m月%d日}福彩3D开奖号码",
                            announced_at=announced, announced_by_id=b.admin["id"], public_value=value,
                            drawn_at=drawn, drawn_by_id=b.admin["id"])
            heads = [h for h in b.heads if h["court_id"] == court.id]
            for n, head in enumerate(heads):
                year = int(month[:4])
                cases = list(dict.fromkeys(by_head.get(head["id"], []) + [
                    f"（{year}）{court.code}民初{rng.randint(1000, 9999)}号" for _ in range(rng.randint(6, 20))]))
                frozen, digest, seed, index = lottery.run(cases, value)
                rows.add("draw_entries", draw_id=draw["id"], division_id=head["division_id"], head_id=head["id"],
                         division_name=head.get("_division_name", ""), head_name=head["display_name"], sort_key=n,
                         status=EntryStatus.DRAWN, candidates=list(frozen), list_hash=digest, seed=seed,
                         result_index=index, result_case_number=frozen[index], judgment_id=None)
            b.audit(b.admin["id"], "draw.perform", "monthly_draws", draw["id"], drawn,
                    summary=f"{court.name} {month} 随机抽取")

    # ----------------------------------------------------------------- hearings
    def hearings(self, month: str, latest: bool) -> None:
        b, rows, rng = self.b, self.b.rows, self.b.rng
        for court in b.courts:
            for _ in range(HEARINGS_PER_MONTH[court.level]):
                sample = b.pick_sample(court)
                judges = [j for (cid, _d), js in b.judges.items() if cid == court.id for j in js]
                judge = rng.choice(judges)
                path, seconds, digest, size = rng.choice(self.clips)
                created = min(b.at(month, rng.randint(1, 28)), b.now - timedelta(hours=1))
                liaison = b.liaisons[court.id]
                file_id = b.stored_file("hearings", path, f"庭审录像{month}-{rng.randint(1, 999)}.mp4", "video/mp4",
                                        digest, size, liaison["id"], created)
                nomination = rng.choices(list(HearingNomination), [15, 10, 75])[0]
                year = int(month[:4])
                row = rows.add(
                    "hearings", court_id=court.id, month=month,
                    case_number=f"（{year}）{court.code}{sample.type_code}{rng.randint(100, 9999)}号",
                    cause=sample.cause, procedure=sample.procedure or "一审普通程序",
                    hearing_date=(created - timedelta(days=3)).date(), presiding_judge_name=judge["display_name"],
                    judge_id=judge["id"], nomination=nomination, status=HearingStatus.READY, file_id=file_id,
                    playback_file_id=None, poster_file_id=None, duration_seconds=float(seconds), container="mp4",
                    video_codec="h264", audio_codec="aac", width=320, height=240, playable_in_browser=True,
                    progress=100, processing_error=None, uploaded_by_id=liaison["id"], created_at=created,
                    submitted_at=created + timedelta(minutes=20), published_at=None, required_viewing=False)
                b.audit(liaison["id"], "hearing.upload_completed", "hearings", row["id"], row["submitted_at"])
                if nomination != HearingNomination.SAMPLE and not latest:
                    self.review_hearing(row, month, seconds)

    def review_hearing(self, hearing: dict, month: str, seconds: int) -> None:
        b, rows, rng = self.b, self.b.rows, self.b.rng
        reviewers = rng.sample([r for r in b.reviewers if r["court_id"] != hearing["court_id"]], 2)
        assigned = b.at(month, 30)
        entries = []
        for reviewer in reviewers:
            assignment = rows.add("assignments", subject_kind="hearing", subject_id=hearing["id"],
                                  reviewer_id=reviewer["id"], due_date=b.at(month, 45).date(),
                                  assigned_by_id=b.admin["id"], created_at=assigned, round_id=None, is_leader=False,
                                  submitted_at=None)
            review_id = rows.new_id("reviews")
            deductions, total = {}, Decimal(0)
            target = 6 if hearing["nomination"] == HearingNomination.EXCELLENT else 30
            for item in rng.sample([i for i in self.hearing_items if not i.veto], 8):
                if total >= target:
                    break
                value = Decimal(str(min(float(item.points), rng.choice([0.5, 1, 1, 2, 3]))))
                occurrences = None
                if item.per_occurrence:
                    occurrences = 1
                    value = min(Decimal(item.step), Decimal(item.cap or item.points))
                total += value
                deductions[item.key] = value
                reason = rng.choice(HEARING_REASONS)
                rows.add("review_item_scores", review_id=review_id, item_id=item.id, deduction=value,
                         occurrences=occurrences, veto_hit=False, reason=reason, source="reviewer")
                start = round(rng.uniform(0, seconds - 1), 1)
                rows.add("review_remarks", review_id=review_id, item_id=item.id, text=reason, paragraph_index=None,
                         start_seconds=start, end_seconds=min(seconds, start + 1.0), created_at=assigned)
            grade = Grade[grade_for(self.hearing_total - total, b.hearing_sheet.grade_bands, vetoed=False)]
            submitted = assigned + timedelta(days=rng.randint(1, 10))
            assignment["submitted_at"] = submitted
            rows.add("reviews", id=review_id, assignment_id=assignment["id"], subject_kind="hearing",
                     subject_id=hearing["id"], sheet_id=b.hearing_sheet.id, reviewer_id=reviewer["id"],
                     status=ReviewStatus.SUBMITTED, overall_comment="庭审程序基本规范，驾驭能力较好。",
                     proposed_grade=grade, submitted_at=submitted, reopen_reason=None, created_at=assigned,
                     updated_at=submitted, lock_version=2, deduction_total=total)
            entries.append(SheetEntry(reviewer_id=reviewer["id"], submitted=True, deductions=deductions,
                                      veto_hits=frozenset()))
        result = combine(self.hearing_rules, entries, expected=2, bands=b.hearing_sheet.grade_bands,
                         spread_threshold=b.hearing_sheet.spread_threshold)
        confirmed = b.at(month, 47)
        rows.add("evaluations", subject_kind="hearing", subject_id=hearing["id"], sheet_id=b.hearing_sheet.id,
                 review_count=2, computed_score=result.score, computed_grade=Grade[result.grade],
                 vetoed=False, spread=result.spread, spread_flag=result.spread_flag, computed_at=confirmed,
                 final_grade=Grade[result.grade], override_reason=None, confirmed_by_id=b.admin["id"],
                 confirmed_at=confirmed, locked=False)
        if hearing["nomination"] == HearingNomination.EXCELLENT and result.grade == "EXCELLENT":
            hearing["published_at"] = confirmed + timedelta(days=3)

    # ----------------------------------------------------------------- through the app
    def finish(self):
        yield self.filings()
        yield self.exemplars()

    def filings(self) -> str:
        from models.filing import MonthlyFiling
        from reviewer.filings import rules
        from reviewer.filings.compile import compile_month

        b = self.b
        table = MonthlyFiling.__table__
        count = 0
        for court in db.session.scalars(select(Court).where(Court.level == CourtLevel.BASIC)).all():
            batch = []
            for month in b.months[:-1]:
                deadline = rules.deadline(month)
                filed = b.at(month, 31 + b.rng.randint(0, 8), 16)
                if filed > b.now:
                    continue
                batch.append({"court_id": court.id, "month": month, "comments": "本月评查结果已核对，无异议。",
                                  "snapshot": compile_month(court, month), "deadline": deadline, "filed_at": filed,
                                  "filed_by_id": b.liaisons[court.id]["id"], "late": filed.date() > deadline})
            if batch:
                db.session.connection().execute(table.insert(), batch)
                count += len(batch)
            db.session.commit()
        return f"filings: {count} (compiled by reviewer.filings.compile)"

    def exemplars(self) -> str:
        from reviewer.exemplars import search

        ids = self.published_judgments
        for start in range(0, len(ids), 200):
            for judgment in db.session.scalars(select(Judgment).where(Judgment.id.in_(ids[start:start + 200]))):
                search.index_judgment(judgment)
            db.session.commit()
            db.session.expunge_all()
        return f"exemplar index: {len(ids)} published judgments"
