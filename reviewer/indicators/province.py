"""Province-ranked indicators entered by hand (全省排名): reading them for a period and saving a
month's figures from the high court's notice. Services flush, never commit; every change is audited.

Rule (the plan, section 二; INDICATORS.md): basic courts' 诉前化解成功率、万人成诉率 and
诉前调解程序适用率 should rank in the province's top `TOP` (80). The province computes these over all
of Henan's courts, so the platform only records and shows them; it never computes them.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import and_, func, select

from models import Court, CourtLevel
from models.province_rank import ProvinceRank
from reviewer import audit
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.indicators.periods import Period

TOP = 80
#: key → (name, unit of the published value)
KEYS: dict[str, tuple[str, str]] = {
    "pre_litigation_success": ("诉前化解成功率", "%"),
    "cases_per_10k": ("万人成诉率", "件/万人"),
    "pre_litigation_mediation": ("诉前调解程序适用率", "%"),
}
STALE_MESSAGE = "该月的全省排名已被他人修改，本次保存未生效。请重新打开页面后再录入。"


@dataclass(frozen=True)
class Entry:
    """One typed line of the form: rank 1 = best; `total` courts ranked; `value` as published."""

    rank: int | None
    total: int | None = None
    value: float | None = None


def basic_courts(court_id: int | None = None) -> list[Court]:
    """The active basic courts (the plan's measure applies to them), or only `court_id`'s."""
    query = (select(Court).where(Court.active.is_(True), Court.level == CourtLevel.BASIC)
             .order_by(Court.sort_order, Court.id))
    if court_id is not None:
        query = query.where(Court.id == court_id)
    return list(db.session.scalars(query))


def basic_among(courts: list[Court]) -> list[Court]:
    """The basic courts among `courts` (active courts, in their order): those the measure applies to."""
    return [c for c in courts if c.level == CourtLevel.BASIC]


def month_rows(month: str) -> dict[tuple[int, str], ProvinceRank]:
    """{(court_id, key): row} of one month (one query)."""
    rows = db.session.scalars(select(ProvinceRank).where(ProvinceRank.month == month))
    return {(r.court_id, r.key): r for r in rows}


def version(month: str) -> str:
    """A token of the month's rows as they are now; the form carries it to refuse a stale save."""
    rows = sorted(month_rows(month).values(), key=lambda r: (r.court_id, r.key))
    text = "|".join(f"{r.court_id}:{r.key}:{r.rank}:{r.total}:{r.value}:{r.entered_at}" for r in rows)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def latest_in(period: Period, court_ids: list[int]) -> dict[tuple[int, str], ProvinceRank]:
    """For each court and key, the latest month's row within `period` (one query)."""
    if not court_ids:
        return {}
    latest = (select(ProvinceRank.court_id, ProvinceRank.key, func.max(ProvinceRank.month).label("month"))
              .where(ProvinceRank.court_id.in_(court_ids),
                     ProvinceRank.month >= period.first, ProvinceRank.month <= period.last)
              .group_by(ProvinceRank.court_id, ProvinceRank.key).subquery())
    rows = db.session.scalars(select(ProvinceRank).join(latest, and_(
        ProvinceRank.court_id == latest.c.court_id, ProvinceRank.key == latest.c.key,
        ProvinceRank.month == latest.c.month)))
    return {(r.court_id, r.key): r for r in rows}


def _check(court: Court, key: str, entry: Entry) -> None:
    name = f"{court.name}“{KEYS[key][0]}”"
    if entry.rank is None:
        if entry.total is not None or entry.value is not None:
            raise DomainError(f"{name}：填写了总数或数值，请同时填写名次。")
        return
    if entry.rank < 1:
        raise DomainError(f"{name}：名次应为从 1 开始的整数。")
    if entry.total is not None and entry.total < entry.rank:
        raise DomainError(f"{name}：名次（{entry.rank}）不能大于参评法院总数（{entry.total}）。")
    if entry.value is not None and (entry.value < 0 or (KEYS[key][1] == "%" and entry.value > 100)):
        raise DomainError(f"{name}：数值超出范围（百分比应在 0–100 之间）。")


def save_month(actor, month: str, entries: dict[tuple[int, str], Entry], seen_version: str) -> int:
    """Store a month's ranks for basic courts: a line with no rank removes that figure.

    Raises DomainError for a court that is not an active basic court, an unknown key, a rank
    below 1 or above the total, a percentage outside 0–100, or when the month changed since the form
    was opened (`seen_version` ≠ `version(month)`). All lines or none. Returns how many changed.
    """
    if seen_version != version(month):
        raise DomainError(STALE_MESSAGE)
    courts = {c.id: c for c in basic_courts()}
    existing = month_rows(month)
    changed = 0
    for (court_id, key), entry in sorted(entries.items()):
        if court_id not in courts or key not in KEYS:
            raise DomainError("只能为在用的基层法院录入这三项全省排名。")
        _check(courts[court_id], key, entry)
        row = existing.get((court_id, key))
        before = None if row is None else {"rank": row.rank, "total": row.total, "value": row.value}
        after = None if entry.rank is None else {"rank": entry.rank, "total": entry.total, "value": entry.value}
        if before == after:
            continue
        if row is not None and entry.rank is None:
            db.session.delete(row)
        elif row is None:
            row = ProvinceRank(court_id=court_id, month=month, key=key, rank=entry.rank, total=entry.total,
                               value=entry.value, entered_by_id=getattr(actor, "id", None))
            db.session.add(row)
        else:
            row.rank, row.total, row.value = entry.rank, entry.total, entry.value
            row.entered_by_id = getattr(actor, "id", None)
        db.session.flush()
        audit.record(actor, "indicators.province_rank", row if entry.rank is not None else None,
                     before=before, after={"court_id": court_id, "month": month, "key": key, **(after or {})},
                     summary=f"{month} {courts[court_id].name}“{KEYS[key][0]}”全省排名已录入")
        changed += 1
    return changed
