"""Demo step: the real sample judgments, adapted to the Jiaozuo courts, over the demo's three
months (`DemoCalendar.months`, the last three evaluation months), uploaded early in the month after.

Each sample .docx (../shared/data/judgments/docx) is uploaded through the real intake service by
the court's liaison. So that pages read coherently, the copy's court name, case-number court code,
sequence and signing date are rewritten for the demo court and month, and the first judge's name
becomes a demo judge's where that court has one; the legal text is untouched.
"""
from __future__ import annotations

import io
import os
from pathlib import Path

from docx import Document
from sqlalchemy import select

from models import CourtLevel, Judgment, Purpose, Role
from models.base import clock_at
from reviewer.extensions import db
from reviewer.judgments import services
from reviewer.judgments.parser import parse_docx

DIGITS = "〇一二三四五六七八九"


def samples_dir() -> Path | None:
    candidates = [os.environ.get("REVIEWER_SAMPLES", "")]
    root = Path(__file__).resolve().parents[2]
    candidates += [str(root.parent / "shared" / "data" / "judgments" / "docx"),
                   str(root / "shared" / "data" / "judgments" / "docx")]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir() and any(Path(candidate).glob("*.docx")):
            return Path(candidate)
    return None


def chinese_date(year: int, month: int, day: int) -> str:
    def small(n: int) -> str:
        if n < 10:
            return DIGITS[n]
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")
    return "".join(DIGITS[int(d)] for d in str(year)) + f"年{small(month)}月{small(day)}日"


def _set_text(paragraph, text: str) -> None:
    runs = paragraph.runs
    if not runs:
        paragraph.add_run(text)
        return
    runs[0].text = text
    for run in runs[1:]:
        run.text = ""


def adapt(path: Path, court, month: str, sequence: int, judge_name: str | None) -> bytes:
    parsed = parse_docx(path)
    document = Document(str(path))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    year, mon = (int(x) for x in month.split("-"))
    presiding = next((s for s in parsed.judges if s.name == parsed.presiding_judge), None)
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text
        if index == 0 and parsed.court_name and parsed.court_name in text:
            _set_text(paragraph, text.replace(parsed.court_name, court.full_name))
        elif index == parsed.case_number_paragraph and parsed.case_number:
            number = parsed.case_number
            type_code = number.type_code
            if number.old_style:  # old 字第 numbers become 2016-style ones of the same kind
                type_code = "执" if "执" in type_code else ("刑初" if "刑" in type_code else "民初")
            new = f"（{year}）{court.code}{type_code}{sequence}号"
            _set_text(paragraph, new)
        elif index == parsed.judgment_date_paragraph and parsed.judgment_date_text:
            _set_text(paragraph, text.replace(parsed.judgment_date_text, chinese_date(year, mon, 10 + sequence % 15)))
        elif judge_name and presiding is not None and index == presiding.paragraph:
            _set_text(paragraph, text.replace(presiding.name, judge_name))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def seed_judgments(ctx) -> str:
    if db.session.scalar(select(Judgment.id).limit(1)) is not None:
        ctx.judgments = list(db.session.scalars(select(Judgment)))
        ctx.months = sorted({j.month for j in ctx.judgments})
        return f"裁判文书：已存在 {len(ctx.judgments)} 份，未重复导入"
    folder = samples_dir()
    if folder is None:
        return "裁判文书：未找到样例文书目录（../shared/data/judgments/docx），已跳过"
    ctx.months = months = ctx.calendar.months
    liaisons = {u.court.code: u for u in ctx.users.values() if u.has_role(Role.LIAISON) and u.court}
    judges = {}
    for user in ctx.users.values():
        if user.court and user.has_role(Role.JUDGE):
            judges.setdefault(user.court.code, user.display_name)
    courts_with_liaison = [code for code in liaisons]
    samples = sorted(folder.glob("*.docx"))
    purposes = [Purpose.EXCELLENT, Purpose.ROUTINE, Purpose.FLAWED, Purpose.ROUTINE]
    count = 0
    for m, month in enumerate(months):
        for s, sample in enumerate(samples):
            second_instance = "crim2" in sample.name
            code = "豫08" if second_instance else courts_with_liaison[(s + m) % len(courts_with_liaison)]
            if not second_instance and ctx.courts[code].level == CourtLevel.INTERMEDIATE:
                code = "豫0802"  # first-instance samples go to basic courts
            court = ctx.courts[code]
            sequence = 100 + m * 40 + s
            content = adapt(sample, court, month, sequence, judges.get(code))
            liaison = liaisons.get(code)
            with clock_at(ctx.calendar.at(month, 2 + s % 3, 9 + s % 8)):
                judgment = services.ingest(liaison, court, month, purposes[(s + m) % 4], io.BytesIO(content),
                                           f"{sample.stem}-{month}.docx")
                if not (m == len(months) - 1 and s % 5 == 0):
                    services.submit(liaison, judgment)
            ctx.judgments.append(judgment)
            count += 1
    db.session.flush()
    return f"裁判文书：导入 {count} 份（{len(samples)} 份样例 × {len(months)} 个月：{'、'.join(months)}）"


