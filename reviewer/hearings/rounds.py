"""Quarterly observation rounds (庭审观摩评查): open, import the hearing schedule, draw, panels, mode.

The draw rule is `reviewer.hearings.observation_draw` (pure). Drawn recordings are watched online;
drawn schedule rows become hearings with status 现场观摩 (no recording) so the on-site panel scores
them in the same sheets. Panels are ordinary review assignments tagged with the round's id, so
recusal holds as everywhere else.
"""
from __future__ import annotations

import csv
import io
import secrets
from datetime import datetime

from sqlalchemy import select

from models import (Court, CourtLevel, Hearing, HearingNomination, HearingStatus, ObservationEntry,
                    ObservationMode, ObservationRound, RoundStatus, ScheduledHearing, utcnow)
from models.court import courts_by_alias
from reviewer.clock import CHINA
from reviewer import audit
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.hearings.observation_draw import DrawCandidate, draw
from reviewer.reviews import assigning

SCHEDULE_COLUMNS = ("法院", "案号", "案由", "开庭时间", "法庭", "审判长")
MAX_SCHEDULE_BYTES = 2 * 1024 * 1024


def _local(value: datetime) -> datetime:
    """Wall-clock time in China (naive), whether the database kept the zone or not."""
    return value.astimezone(CHINA).replace(tzinfo=None) if value.tzinfo else value


def open_round(actor, year: int, quarter: int) -> ObservationRound:
    if not 1 <= quarter <= 4 or not 2000 <= year <= 2100:
        raise DomainError("请填写正确的年份和季度（1–4）。")
    if db.session.scalar(select(ObservationRound.id).where(ObservationRound.year == year,
                                                           ObservationRound.quarter == quarter)):
        raise DomainError(f"{year}年第{quarter}季度的观摩评查已开启。")
    obs = ObservationRound(year=year, quarter=quarter, title=f"{year}年第{quarter}季度庭审观摩评查",
                           opened_by_id=actor.id)
    db.session.add(obs)
    db.session.flush()
    audit.record(actor, "hearing.round_opened", obs, summary=f"开启{obs.title}")
    return obs


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError("无法识别文件编码，请保存为 UTF-8 或 GBK 编码的 CSV 文件。")


def import_schedule(actor, stream) -> tuple[int, int]:
    """Import a hearing schedule CSV (all rows or none). Returns (added, already present)."""
    raw = stream.read(MAX_SCHEDULE_BYTES + 1)
    if len(raw) > MAX_SCHEDULE_BYTES:
        raise DomainError("排期文件过大（上限 2 MB）。")
    rows = list(csv.reader(io.StringIO(_decode(raw))))
    if not rows or tuple(c.strip() for c in rows[0][:len(SCHEDULE_COLUMNS)]) != SCHEDULE_COLUMNS:
        raise DomainError("表头应为：" + "，".join(SCHEDULE_COLUMNS) + "。")
    courts = courts_by_alias(db.session.scalars(select(Court)))
    parsed, errors = [], []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        row = [c.strip() for c in row] + [""] * (len(SCHEDULE_COLUMNS) - len(row))
        court = courts.get(row[0])
        try:
            starts_at = datetime.strptime(row[3], "%Y-%m-%d %H:%M").replace(tzinfo=CHINA)
        except ValueError:
            starts_at = None
        problems = [msg for bad, msg in ((court is None, f"法院“{row[0]}”不存在"), (not row[1], "缺少案号"),
                                         (starts_at is None, "开庭时间应为 YYYY-MM-DD HH:MM")) if bad]
        if problems:
            errors.append(f"第{number}行：" + "；".join(problems))
            continue
        parsed.append((court, row[1][:80], row[2][:100] or None, starts_at, row[4][:50] or None, row[5][:50] or None))
    if errors:
        more = f"等 {len(errors)} 处问题" if len(errors) > 10 else ""
        raise DomainError("排期未导入：" + "；".join(errors[:10]) + more + "。")
    if not parsed:
        raise DomainError("排期文件中没有数据行。")
    existing = {(r.court_id, r.case_number, _local(r.starts_at))
                for r in db.session.scalars(select(ScheduledHearing))}
    added = 0
    for court, case_number, cause, starts_at, room, judge in parsed:
        key = (court.id, case_number, _local(starts_at))
        if key in existing:
            continue
        existing.add(key)
        db.session.add(ScheduledHearing(court=court, case_number=case_number, cause=cause, starts_at=starts_at,
                                        courtroom=room, presiding_judge_name=judge, imported_by_id=actor.id))
        added += 1
    db.session.flush()
    audit.record(actor, "hearing.schedule_imported", None, after={"added": added},
                 summary=f"导入开庭排期 {added} 条")
    return added, len(parsed) - added


def _quarter_window(obs: ObservationRound) -> tuple[datetime, datetime]:
    first = 3 * (obs.quarter - 1) + 1
    start = datetime(obs.year, first, 1, tzinfo=CHINA)
    end = datetime(obs.year + (first == 10), 1 if first == 10 else first + 3, 1, tzinfo=CHINA)
    return start, end


def candidates(obs: ObservationRound) -> tuple[list[DrawCandidate], dict[str, object]]:
    drawn = select(ObservationEntry.hearing_id)
    recordings = db.session.execute(
        select(Hearing, Court.level).join(Court, Court.id == Hearing.court_id)
        .where(Hearing.status == HearingStatus.READY, Hearing.month.in_(obs.months), Hearing.id.not_in(drawn))
    ).all()
    start, end = _quarter_window(obs)
    scheduled = db.session.execute(
        select(ScheduledHearing, Court.level).join(Court, Court.id == ScheduledHearing.court_id)
        .where(ScheduledHearing.hearing_id.is_(None), ScheduledHearing.starts_at >= start,
               ScheduledHearing.starts_at < end)
    ).all()
    pool, lookup = [], {}
    for hearing, level in recordings:
        key = f"recording:{hearing.id}"
        pool.append(DrawCandidate(key, level.value, hearing.court_id))
        lookup[key] = hearing
    for row, level in scheduled:
        key = f"schedule:{row.id}"
        pool.append(DrawCandidate(key, level.value, row.court_id))
        lookup[key] = row
    return pool, lookup


def draw_round(actor, obs: ObservationRound, per_level: dict[str, int], seed: str | None = None,
               max_per_court: int | None = None) -> list[ObservationEntry]:
    if obs.status != RoundStatus.OPEN:
        raise DomainError("该轮观摩评查已结束。")
    if obs.drawn_at is not None:
        raise DomainError("该轮已抽取过，不能重复抽取。")
    if sum(per_level.values()) <= 0:
        raise DomainError("请填写要抽取的件数。")
    pool, lookup = candidates(obs)
    if not pool:
        raise DomainError("本季度没有可抽取的庭审录像或开庭排期。")
    obs.seed = seed or secrets.token_hex(8)
    chosen = draw(pool, per_level, obs.seed, max_per_court)
    entries = []
    for candidate in chosen:
        found = lookup[candidate.key]
        if isinstance(found, ScheduledHearing):
            local = _local(found.starts_at)
            hearing = Hearing(court_id=found.court_id, month=local.strftime("%Y-%m"),
                              case_number=found.case_number, cause=found.cause, hearing_date=local.date(), presiding_judge_name=found.presiding_judge_name,
                              nomination=HearingNomination.SAMPLE, status=HearingStatus.ON_SITE,
                              uploaded_by_id=actor.id)
            db.session.add(hearing)
            db.session.flush()
            found.hearing_id = hearing.id
            entry = ObservationEntry(round=obs, hearing=hearing, mode=ObservationMode.ON_SITE, source="schedule")
        else:
            entry = ObservationEntry(round=obs, hearing=found, mode=ObservationMode.ONLINE, source="recording")
        db.session.add(entry)
        entries.append(entry)
    obs.drawn_at = utcnow()
    db.session.flush()
    audit.record(actor, "hearing.round_drawn", obs,
                 after={"seed": obs.seed, "per_level": per_level, "drawn": [c.key for c in chosen],
                        "candidates": len(pool)},
                 summary=f"{obs.title}抽取 {len(chosen)} 件（候选 {len(pool)} 件，种子 {obs.seed}）")
    return entries


def set_mode(actor, entry: ObservationEntry, mode: ObservationMode) -> None:
    if mode == ObservationMode.ONLINE and entry.hearing.playable_file is None:
        raise DomainError("该庭审没有可播放的录像，只能现场观摩。")
    entry.mode = mode
    audit.record(actor, "hearing.round_mode", entry.round, after={"hearing_id": entry.hearing_id, "mode": mode},
                 summary=f"观摩方式改为{mode.label}")
    db.session.flush()


def assign_panel_member(actor, entry: ObservationEntry, reviewer, leader: bool):
    if entry.round.status != RoundStatus.OPEN:
        raise DomainError("该轮观摩评查已结束。")
    return assigning.assign("hearing", entry.hearing_id, reviewer, actor, round_id=entry.round_id,
                            is_leader=leader, due_date=None)


def close_round(actor, obs: ObservationRound) -> None:
    obs.status = RoundStatus.CLOSED
    audit.record(actor, "hearing.round_closed", obs, summary=f"结束{obs.title}")
    db.session.flush()


def level_labels() -> dict[str, str]:
    return {level.value: level.label for level in CourtLevel}
