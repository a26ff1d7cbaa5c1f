"""Score-sheet services: install the defaults, edit (a used sheet gets a new version), activate."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from models import DeductionMode, ScoreItem, ScoreSection, ScoreSheet, SheetKind, utcnow
from reviewer import audit
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.scoresheets.scoring import (
    ItemRule,
    ScoringError,
    to_decimal,
    validate_grade_bands,
    validate_item_rule,
)
from reviewer.scoresheets.defaults import DEFAULT_SHEETS, DefaultSheet

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
STALE_MESSAGE = "该评分表已被其他人修改并保存。为避免覆盖他人的修改，本次保存未生效；请重新打开页面，核对后再修改。"


class StaleSheet(DomainError):
    def __init__(self):
        super().__init__(STALE_MESSAGE)


@dataclass
class ItemData:
    key: str
    description: str
    points: Decimal
    standard: str = ""
    mode: str = "free"
    step: Decimal | None = None
    cap: Decimal | None = None
    veto: bool = False


@dataclass
class SectionData:
    title: str
    items: list[ItemData] = field(default_factory=list)


@dataclass
class SheetData:
    name: str
    sections: list[SectionData]
    description: str = ""
    grade_bands: dict = field(default_factory=lambda: {"EXCELLENT": 90, "PASS": 70, "FLAWED": 60})
    spread_threshold: Decimal = Decimal("10")


def rule_of(item: ScoreItem) -> ItemRule:
    """The pure scoring rule of a stored item."""
    return ItemRule(
        key=item.key, points=item.points, mode=item.mode.value, step=item.step, cap=item.cap,
        veto=item.veto, title=item.description,
    )


def load_sheet(sheet_id: int) -> ScoreSheet | None:
    """A sheet with its sections and items, in three queries whatever its size."""
    return db.session.scalar(
        select(ScoreSheet).where(ScoreSheet.id == sheet_id)
        .options(selectinload(ScoreSheet.sections).selectinload(ScoreSection.items))
    )


def active_sheet(kind: SheetKind) -> ScoreSheet | None:
    return db.session.scalar(
        select(ScoreSheet).where(ScoreSheet.kind == kind, ScoreSheet.active.is_(True))
        .order_by(ScoreSheet.id.desc()).limit(1)
    )


def data_of(sheet: ScoreSheet) -> SheetData:
    """The editable content of a sheet (used to fill the edit form and to copy a version)."""
    return SheetData(
        name=sheet.name,
        description=sheet.description or "",
        grade_bands=dict(sheet.grade_bands or {}),
        spread_threshold=sheet.spread_threshold,
        sections=[
            SectionData(s.title, [
                ItemData(i.key, i.description, i.points, i.standard or "", i.mode.value, i.step, i.cap, i.veto)
                for i in s.items
            ])
            for s in sheet.sections
        ],
    )


def _json_number(value: Decimal):
    return int(value) if value == value.to_integral_value() else float(value)


def validate_data(data: SheetData) -> None:
    """Refuse a sheet that breaks a rule, with a Chinese message naming the place."""
    if not (data.name or "").strip():
        raise DomainError("请填写评分表名称。")
    sections = [s for s in data.sections]
    if not sections or not any(s.items for s in sections):
        raise DomainError("评分表至少需要一个评查项。")
    seen: set[str] = set()
    for number, section in enumerate(sections, 1):
        if not section.title.strip():
            raise DomainError(f"第 {number} 个部分缺少标题。")
        for item in section.items:
            if not item.description.strip():
                raise DomainError(f"“{section.title}”中有评查项缺少评审内容。")
            if not KEY_PATTERN.match(item.key or ""):
                raise DomainError(
                    f"评查项“{item.description}”的标识“{item.key}”无效：只能用小写字母、数字、下划线和点，如 format.title。"
                )
            if item.key in seen:
                raise DomainError(f"评查项标识“{item.key}”重复，每个评查项的标识必须唯一。")
            seen.add(item.key)
            try:
                validate_item_rule(ItemRule(item.key, item.points, item.mode, item.step, item.cap, item.veto,
                                            item.description))
            except ScoringError as error:
                raise DomainError(error.message) from None
    try:
        validate_grade_bands(data.grade_bands)
        threshold = to_decimal(data.spread_threshold, what="分差阈值")
    except ScoringError as error:
        raise DomainError(error.message) from None
    if threshold <= 0:
        raise DomainError("分差阈值必须大于 0。")


def _fill(sheet: ScoreSheet, data: SheetData) -> None:
    bands = validate_grade_bands(data.grade_bands)
    sheet.name = data.name.strip()
    sheet.description = (data.description or "").strip() or None
    sheet.grade_bands = {code: _json_number(value) for code, value in bands.items()}
    sheet.spread_threshold = to_decimal(data.spread_threshold)
    sheet.sections = []
    for s_order, section_data in enumerate(data.sections):
        section = ScoreSection(title=section_data.title.strip(), order=s_order)
        for i_order, item in enumerate(section_data.items):
            mode = DeductionMode(item.mode)
            section.items.append(ScoreItem(
                sheet=sheet, key=item.key, description=item.description.strip(),
                standard=(item.standard or "").strip() or None, points=to_decimal(item.points),
                mode=mode,
                step=to_decimal(item.step) if mode == DeductionMode.PER_OCCURRENCE and item.step is not None else None,
                cap=to_decimal(item.cap) if mode == DeductionMode.PER_OCCURRENCE and item.cap is not None else None,
                veto=bool(item.veto), order=i_order,
            ))
        sheet.sections.append(section)


def _summary(sheet: ScoreSheet) -> dict:
    return {"name": sheet.name, "version": sheet.version, "items": len(sheet.items),
            "total": str(sheet.total_points), "grade_bands": sheet.grade_bands}


def create_sheet(kind: SheetKind, code: str, data: SheetData, actor, *, active: bool = False) -> ScoreSheet:
    """A new sheet family (version 1)."""
    validate_data(data)
    if not KEY_PATTERN.match(code.replace("-", "_")):
        raise DomainError("评分表代码只能用小写字母、数字、连字符。")
    if db.session.scalar(select(ScoreSheet.id).where(ScoreSheet.code == code).limit(1)):
        raise DomainError(f"评分表代码“{code}”已存在。")
    sheet = ScoreSheet(kind=kind, code=code, version=1, created_by_id=getattr(actor, "id", None))
    _fill(sheet, data)
    db.session.add(sheet)
    db.session.flush()
    if active:
        _make_active(sheet)
    audit.record(actor, "scoresheet.create", sheet, after=_summary(sheet), summary=f"新建评分表 {sheet.label}")
    return sheet


def save_sheet(sheet: ScoreSheet, data: SheetData, lock_version: int, actor) -> ScoreSheet:
    """Save an edit. A frozen (used) sheet is never changed: a new version is made and returned.

    `lock_version` is the version the editor started from; if someone saved in between, the save
    is refused (StaleSheet) instead of silently overwriting their changes.
    """
    if int(lock_version) != sheet.lock_version:
        raise StaleSheet()
    validate_data(data)
    before = _summary(sheet)
    if sheet.frozen:
        latest = db.session.scalar(select(func.max(ScoreSheet.version)).where(ScoreSheet.code == sheet.code))
        new = ScoreSheet(kind=sheet.kind, code=sheet.code, version=(latest or 0) + 1, previous_id=sheet.id,
                         created_by_id=getattr(actor, "id", None))
        _fill(new, data)
        db.session.add(new)
        was_active = sheet.active
        sheet.active = False
        sheet.updated_at = utcnow()  # bumps lock_version: editors of the old version get refused
        db.session.flush()
        if was_active:
            new.active = True
            db.session.flush()
        audit.record(actor, "scoresheet.new_version", new, before=before, after=_summary(new),
                     summary=f"评分表 {sheet.label} 已被使用，修改保存为 {new.label}")
        return new
    for section in list(sheet.sections):
        db.session.delete(section)
    sheet.sections = []
    db.session.flush()  # old keys gone before the new rows are inserted (unique per sheet)
    _fill(sheet, data)
    sheet.updated_at = utcnow()
    db.session.flush()
    audit.record(actor, "scoresheet.edit", sheet, before=before, after=_summary(sheet),
                 summary=f"修改评分表 {sheet.label}")
    return sheet


def _make_active(sheet: ScoreSheet) -> None:
    others = db.session.scalars(
        select(ScoreSheet).where(ScoreSheet.kind == sheet.kind, ScoreSheet.active.is_(True),
                                 ScoreSheet.id != sheet.id)
    )
    for other in others:
        other.active = False
    sheet.active = True
    db.session.flush()


def activate_sheet(sheet: ScoreSheet, actor) -> None:
    """Give this version to new reviews of its kind (the previously active one is retired)."""
    if sheet.active:
        return
    if not sheet.items:
        raise DomainError("评分表没有评查项，不能启用。")
    _make_active(sheet)
    audit.record(actor, "scoresheet.activate", sheet, summary=f"启用评分表 {sheet.label}")


def freeze(sheet: ScoreSheet) -> None:
    """Mark a sheet as used: from now on edits make a new version."""
    if not sheet.frozen:
        sheet.frozen = True
        db.session.flush()


def _data_of_default(default: DefaultSheet) -> SheetData:
    return SheetData(
        name=default.name,
        description=default.description,
        sections=[
            SectionData(title, [
                ItemData(key=key, description=desc, standard=standard, points=Decimal(str(points)), mode=mode,
                         step=Decimal(str(step)) if step is not None else None, veto=veto)
                for key, desc, standard, points, mode, step, veto in items
            ])
            for title, items in default.sections
        ],
    )


def install_default_sheets(actor=None) -> list[ScoreSheet]:
    """Install the default judgment and hearing sheets once (idempotent; admins' edits are kept).

    A default is installed only when no sheet with its code exists; it is made active when no
    sheet of its kind is active. Returns the sheets created now.
    """
    created = []
    for default in DEFAULT_SHEETS:
        exists = db.session.scalar(select(ScoreSheet.id).where(ScoreSheet.code == default.code).limit(1))
        if exists:
            continue
        kind = SheetKind(default.kind)
        sheet = create_sheet(kind, default.code, _data_of_default(default), actor,
                             active=active_sheet(kind) is None)
        created.append(sheet)
    return created
