"""Demo step: closed-case lists, monthly draws of division heads' judgments, monthly filings.

For every demo month and every court with a division head, a case list is imported through the
real upload → apply path, the draw is announced (lists frozen and hashed) and, except for the
last month of one court, drawn with a public value derived from the month (standing in for the
announced lottery numbers). A second head per court closes nothing, so the 公示 shows the
"本月无结案" case. Basic courts file some months: on time, late, and one left missing.
"""
from __future__ import annotations

import hashlib
import io
from datetime import date, datetime, time, timezone

from sqlalchemy import select

from models import Division, Purpose, Role, User
from models.base import clock_at
from models.draw import MonthlyDraw
from models.filing import MonthlyFiling
from reviewer.clock import CHINA
from reviewer.caselists import services as caselists
from reviewer.caselists.reading import csv_bytes
from reviewer.demo.people import DEMO_PASSWORD
from reviewer.draws import services as draws
from reviewer.extensions import db
from reviewer.filings import rules
from reviewer.filings.compile import compile_month

HEADER = ["序号", "案号", "案由", "承办部门", "承办人", "结案日期", "结案方式"]
CAUSES = ["民间借贷纠纷", "买卖合同纠纷", "机动车交通事故责任纠纷", "离婚纠纷", "劳动争议", "物业服务合同纠纷",
          "盗窃罪", "危险驾驶罪", "房屋租赁合同纠纷", "金融借款合同纠纷"]
METHODS = ["判决", "调解", "撤诉", "判决", "驳回起诉"]
# Extra heads who close nothing in the demo months: (username, name, court code, division).
IDLE_HEADS = [("head_jf_xs", "周庭长", "豫0802", "刑事审判庭"),
              ("head_sy_xz", "吴庭长", "豫0811", "行政审判庭"),
              ("head_zy_xs", "郑庭长", "豫08", "刑一庭")]


def _public_value(month: str) -> str:
    """Stand-in for the announced lottery numbers: three digits fixed by the month."""
    digest = hashlib.sha256(f"demo-{month}".encode()).hexdigest()
    return " ".join(str(int(ch, 16) % 10) for ch in digest[:3])


def _idle_heads(ctx) -> None:
    for username, name, code, division_name in IDLE_HEADS:
        if username in ctx.users or code not in ctx.courts:
            continue
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            court = ctx.courts[code]
            division = db.session.scalar(select(Division).where(
                Division.court_id == court.id, Division.name == division_name))
            if division is None:
                continue
            user = User(username=username, display_name=name, court=court, division=division,
                        is_division_head=True, password_hash="")
            user.set_password(DEMO_PASSWORD)
            user.set_roles([Role.JUDGE])
            db.session.add(user)
        ctx.users[username] = user
    db.session.flush()


def _case_list(court, heads, month: str, seed: int) -> bytes:
    year, mon = (int(x) for x in month.split("-"))
    rows, n = [], 0
    for head_index, head in enumerate(h for h in heads if h.username not in {u for u, *_ in IDLE_HEADS}):
        for i in range(6 + (seed + head_index * 3) % 9):
            n += 1
            kind = "刑初" if "刑" in head.division.name else "民初"
            rows.append([n, f"（{year}）{court.code}{kind}{1000 + seed * 100 + n}号",
                         CAUSES[(n + seed) % len(CAUSES)], head.division.name, head.display_name,
                         date(year, mon, 1 + (n * 3) % 28).isoformat(), METHODS[n % len(METHODS)]])
    return csv_bytes([HEADER] + rows, "gbk")


def seed_draws(ctx) -> str | None:
    if not ctx.months or db.session.scalar(select(MonthlyDraw.id).limit(1)) is not None:
        return None
    _idle_heads(ctx)
    admin = ctx.users.get("admin")
    liaisons = {u.court.code: u for u in ctx.users.values() if u.has_role(Role.LIAISON) and u.court}
    made = drawn = linked = 0
    for code, court in ctx.courts.items():
        heads = [h for h in draws.division_heads(court.id) if h.division is not None]
        if not heads or code not in liaisons:
            continue
        for m, month in enumerate(ctx.months):
            cal = ctx.calendar
            with clock_at(cal.at(month, 2, 15)):
                item = caselists.upload(liaisons[code], court, month,
                                        io.BytesIO(_case_list(court, heads, month, m * 7 + len(code))),
                                        f"{court.name}{month}结案清单.csv")
                caselists.apply(liaisons[code], item)
            year, mon = (int(x) for x in rules.next_month(month).split("-"))
            with clock_at(cal.at(month, 3, 10)):
                draw = draws.announce(admin, court, month, f"{year}年{mon}月6日福彩3D开奖号码")
            made += 1
            if m == len(ctx.months) - 1 and code == "豫0811":
                continue  # left announced: the value is "not yet known"
            with clock_at(cal.at(month, 7, 9)):
                draws.perform(admin, draw, _public_value(month))
            drawn += 1
            if code == "豫0802":
                with clock_at(cal.at(month, 9, 14)):
                    linked += _upload_drawn(court, draw, liaisons[code])
    filed = _seed_filings(ctx, liaisons)
    return (f"随机抽取：{made} 次公告、{drawn} 次抽取、{linked} 篇抽中文书已上传；"
            f"每月报备案：{filed} 份")


def _civil_first_instance_sample():
    """A sample judgment whose case type is 民初, so it can carry a drawn 民初 case number."""
    from reviewer.demo.judgments import samples_dir
    from reviewer.judgments.parser import parse_docx

    folder = samples_dir()
    for path in sorted(folder.glob("*.docx")) if folder else []:
        parsed = parse_docx(path)
        if parsed.case_number and parsed.case_number.type_code == "民初" and not parsed.case_number.old_style:
            return path
    return None


def _upload_drawn(court, draw, liaison) -> int:
    """The court uploads the first drawn 民初 judgment with purpose 随机抽取公示 (intake links it)."""
    from reviewer.demo.judgments import adapt
    from reviewer.judgments import services as intake
    from reviewer.judgments.case_number import parse_case_number

    sample = _civil_first_instance_sample()
    for entry in draw.entries:
        number = parse_case_number(entry.result_case_number or "")
        if sample is None or number is None or number.type_code != "民初":
            continue
        content = adapt(sample, court, draw.month, number.sequence, entry.head_name)
        judgment = intake.ingest(liaison, court, draw.month, Purpose.DRAWN, io.BytesIO(content),
                                 f"抽中文书{entry.result_case_number}.docx")
        if judgment.case_number:
            intake.submit(liaison, judgment)
        return 1 if entry.judgment_id == judgment.id else 0
    return 0


def _seed_filings(ctx, liaisons) -> int:
    """File past demo months: 解放区 on time, 山阳区 late for the second month, 孟州市 one missing."""
    plan = {"豫0802": (3, 3, 2), "豫0811": (2, 9, 4), "豫0883": (4,)}
    count = 0
    for code, days in plan.items():
        court, liaison = ctx.courts.get(code), liaisons.get(code)
        if court is None or liaison is None:
            continue
        for month, day in zip(ctx.months, days):
            if db.session.scalar(select(MonthlyFiling.id).where(
                    MonthlyFiling.court_id == court.id, MonthlyFiling.month == month)):
                continue
            filed_on = rules.month_start(rules.next_month(month)).replace(day=day)
            if filed_on >= ctx.today:
                continue  # not yet: the current month's filing is still due
            db.session.add(MonthlyFiling(
                court_id=court.id, month=month, comments="本月评查发现的问题已反馈承办法官，并在审委会上通报。",
                snapshot=compile_month(court, month), deadline=rules.deadline(month),
                filed_at=datetime.combine(filed_on, time(16, 30), tzinfo=CHINA).astimezone(timezone.utc),
                filed_by_id=liaison.id, late=rules.is_late(month, filed_on)))
            count += 1
    db.session.flush()
    return count
