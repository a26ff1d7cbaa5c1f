"""The office's indicator settings: 口径 options, the ranking switch and targets per year and level.

A year without saved targets uses the plan's 2021 table (`targets.PLAN_2021`); the first edit of a
year copies that table into the year and then changes the one target, so the rest stay preloaded.
Services flush, never commit; every change is audited.
"""
from __future__ import annotations

from sqlalchemy import select

from models.case_register import IndicatorSettings, IndicatorTarget
from reviewer import audit
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.indicators.formulas import BY_KEY
from reviewer.indicators.period_data import Options
from reviewer.indicators.targets import LEVELS, PLAN_2021


def save_settings(actor, values: dict, ranking_enabled: bool) -> IndicatorSettings:
    """Store the 口径 options (validated by `Options.from_mapping`) and the ranking switch."""
    try:
        options = Options.from_mapping(values)
    except (TypeError, ValueError):
        raise DomainError("口径选项的取值不在允许范围内。") from None
    row = db.session.scalar(select(IndicatorSettings).order_by(IndicatorSettings.id).limit(1))
    if row is None:
        row = IndicatorSettings(options={}, ranking_enabled=False)
        db.session.add(row)
    before = {"options": dict(row.options or {}), "ranking_enabled": row.ranking_enabled}
    row.options = {name: getattr(options, name) for name in Options.__dataclass_fields__}
    row.ranking_enabled = bool(ranking_enabled)
    db.session.flush()
    after = {"options": row.options, "ranking_enabled": row.ranking_enabled}
    audit.record(actor, "indicators.settings", row, before=before, after=after, summary="质效指标口径设置已修改")
    return row


def save_target(actor, year: int, level: str, key: str, op: str, value: float | None) -> None:
    """Set (or, with value None, remove) one target of the year."""
    if level not in LEVELS or key not in BY_KEY or op not in (">=", "<="):
        raise DomainError("目标的层级、指标或比较方式不正确。")
    rows = db.session.scalars(select(IndicatorTarget).where(IndicatorTarget.year == year)).all()
    if not rows:
        rows = [IndicatorTarget(year=year, level=lv, key=k, op=t.op, value=t.value)
                for lv, targets in PLAN_2021.items() for k, t in targets.items()]
        db.session.add_all(rows)
    existing = next((r for r in rows if r.level == level and r.key == key), None)
    before = {"op": existing.op, "value": existing.value} if existing else None
    if value is None:
        if existing is not None:
            db.session.delete(existing)
    elif existing is None:
        db.session.add(IndicatorTarget(year=year, level=level, key=key, op=op, value=value))
    else:
        existing.op, existing.value = op, value
    db.session.flush()
    audit.record(actor, "indicators.target", None, before=before,
                 after={"year": year, "level": level, "key": key, "op": op, "value": value},
                 summary=f"{year} 年{level}“{BY_KEY[key].name}”目标已修改")
