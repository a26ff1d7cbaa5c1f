"""Between the score-sheet form and the service's SheetData (no database access)."""
from __future__ import annotations

from decimal import Decimal

from reviewer.scoresheets.services import ItemData, SectionData, SheetData


def blank_item() -> dict:
    return {"key": "", "description": "", "standard": "", "points": None, "mode": "free",
            "step": None, "cap": None, "veto": False}


def fill_form(form, data: SheetData, lock_version: int, *, blank_rows: bool = True) -> None:
    """Populate an empty ScoreSheetForm from a sheet, plus blank rows for additions."""
    form.lock_version.data = str(lock_version)
    form.name.data = data.name
    form.description.data = data.description
    form.excellent_min.data = Decimal(str(data.grade_bands.get("EXCELLENT", 90)))
    form.pass_min.data = Decimal(str(data.grade_bands.get("PASS", 70)))
    form.flawed_min.data = Decimal(str(data.grade_bands.get("FLAWED", 60)))
    form.spread_threshold.data = data.spread_threshold
    for section in data.sections:
        items = [{"key": i.key, "description": i.description, "standard": i.standard, "points": i.points,
                  "mode": i.mode, "step": i.step, "cap": i.cap, "veto": i.veto} for i in section.items]
        if blank_rows:
            items.append(blank_item())
        form.sections.append_entry({"title": section.title, "items": items})
    if blank_rows:
        form.sections.append_entry({"title": "", "items": [blank_item(), blank_item()]})


def _unique_key(taken: set[str], section_number: int) -> str:
    n = 1
    while f"custom.s{section_number}_{n}" in taken:
        n += 1
    return f"custom.s{section_number}_{n}"


def data_from_form(form) -> SheetData:
    """The sheet as submitted: removed and blank rows dropped, missing keys generated."""
    sections: list[SectionData] = []
    taken = {(entry.form.key.data or "").strip()
             for s in form.sections for entry in s.form.items if entry.form.key.data}
    for number, s_entry in enumerate(form.sections, 1):
        s = s_entry.form
        if s.remove.data:
            continue
        items = []
        for i_entry in s.items:
            i = i_entry.form
            description = (i.description.data or "").strip()
            if i.remove.data or (not description and not (i.key.data or "").strip() and i.points.data is None):
                continue
            key = (i.key.data or "").strip()
            if not key:
                key = _unique_key(taken, number)
                taken.add(key)
            items.append(ItemData(
                key=key, description=description, standard=i.standard.data or "",
                points=i.points.data if i.points.data is not None else Decimal("0"),
                mode=i.mode.data or "free", step=i.step.data, cap=i.cap.data, veto=bool(i.veto.data),
            ))
        title = (s.title.data or "").strip()
        if not title and not items:
            continue
        sections.append(SectionData(title=title, items=items))
    return SheetData(
        name=form.name.data or "", description=form.description.data or "",
        grade_bands={"EXCELLENT": form.excellent_min.data, "PASS": form.pass_min.data,
                     "FLAWED": form.flawed_min.data},
        spread_threshold=form.spread_threshold.data, sections=sections,
    )
