"""Demo step: a synthetic case register for the 11 courts over the last 24 months (relative to today).

Each court gets its own temperament (a seeded random profile), so its figures sit around the
plan's targets — some courts above, some below — and the dashboard, watch lists and reports show
real content. The register goes through the real path: a CSV export is written, previewed and
applied (`reviewer.indicators.imports`). `register_rows` is shared with scripts/bench_indicators.py.
"""
from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterator
from datetime import date, timedelta

from sqlalchemy import select

from models import Court, CourtLevel
from models.case_register import CaseImport, RegisterImportStatus
from reviewer.extensions import db
from reviewer.indicators import imports
from reviewer.indicators.periods import add_months, first_day, month_key

HEADER = ["案号", "案由", "承办部门", "承办人", "立案日期", "结案日期", "结案方式", "适用程序", "扣除天数", "扣除审批日期",
          "延长天数", "延长审批日期", "上诉日期", "移送二审日期", "二审结果", "申请再审日期", "再审结果",
          "有给付内容", "进入执行", "申请执行标的", "实际到位金额", "终本审查结果"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
CAUSES = {"民": ["民间借贷纠纷", "买卖合同纠纷", "机动车交通事故责任纠纷", "离婚纠纷", "劳动争议", "物业服务合同纠纷"],
          "刑": ["盗窃罪", "危险驾驶罪", "诈骗罪", "故意伤害罪"], "行": ["行政处罚", "行政强制"],
          "执": ["申请执行人民币借贷", "申请执行合同纠纷判决"]}
MONTHS = 24
CASES_PER_MONTH = 40          # per court, in the demo (the benchmark passes its own)


def _profile(rng: random.Random, spread: float) -> dict:
    """A court's temperament; `spread` (0–1) places its appeal rate from low to high, so that some
    courts meet the 服判息诉率 target and some do not whatever the day's random draws."""
    return {
        "days": rng.uniform(30, 60), "mediate": rng.uniform(0.22, 0.40), "withdraw": rng.uniform(0.10, 0.22),
        "simple": rng.uniform(0.70, 0.90), "small": rng.uniform(0.12, 0.28), "appeal": 0.06 + 0.08 * spread,
        "late": rng.uniform(0.01, 0.06), "enforced": rng.uniform(0.30, 0.45), "final_ok": rng.uniform(0.93, 1.0),
        "recovery": rng.uniform(0.15, 0.50), "timely": rng.uniform(0.88, 1.0),
    }


def _kinds(level: CourtLevel) -> list[tuple[str, str, float]]:
    """(type code, division, weight) of the cases a court files."""
    if level == CourtLevel.INTERMEDIATE:
        return [("民终", "民一庭", 0.35), ("民终", "民二庭", 0.2), ("刑终", "刑一庭", 0.08), ("行终", "行政审判庭", 0.05),
                ("民初", "民三庭", 0.1), ("民申", "审判监督庭", 0.07), ("刑初", "刑二庭", 0.03), ("执", "执行局", 0.12)]
    return [("民初", "民一庭", 0.3), ("民初", "民二庭", 0.2), ("民初", "城区人民法庭", 0.12), ("刑初", "刑事审判庭", 0.1),
            ("行初", "行政审判庭", 0.03), ("执", "执行局", 0.22), ("执恢", "执行局", 0.03)]


def _day(text: date | None) -> str:
    return text.isoformat() if text else ""


def _until(day: date | None, as_of: date) -> date | None:
    """A date only once it has happened by the export date."""
    return day if day and day <= as_of else None


def register_rows(court: Court, as_of: date, months: int, per_month: int, seed: int) -> Iterator[list[str]]:
    """Yield CSV rows (HEADER order) of a synthetic register filed over `months` months up to `as_of`."""
    rng = random.Random(seed)
    profile = _profile(rng, (seed % 11) / 10)
    kinds = _kinds(court.level)
    weights = [k[2] for k in kinds]
    sequence: dict[tuple[int, str], int] = {}
    start = add_months(month_key(as_of), -(months - 1))
    for index in range(months):
        month = add_months(start, index)
        begin = first_day(month)
        for _ in range(max(int(rng.gauss(per_month, per_month * 0.15)), 1)):
            code, division, _w = rng.choices(kinds, weights)[0]
            filed = begin + timedelta(days=rng.randrange(28))
            if filed > as_of:
                continue
            key = (filed.year, code)
            sequence[key] = sequence.get(key, 0) + 1
            number = f"（{filed.year}）{court.code}{code}{sequence[key]}号"
            judge = f"{SURNAMES[rng.randrange(len(SURNAMES))]}{'法官' if code != '执' else '执行员'}{rng.randrange(1, 4)}"
            cause = rng.choice(CAUSES[code[0]])
            yield [number, cause, division, judge, *_facts(code, filed, as_of, profile, rng)]


def _facts(code: str, filed: date, as_of: date, pr: dict, rng: random.Random) -> list[str]:
    execution = code.startswith("执")
    mean = pr["days"] * (2.2 if execution else 1.0)
    days = int(rng.expovariate(1 / mean)) + 3
    if rng.random() < pr["late"]:
        days += rng.randint(200, 700)
    closed = filed + timedelta(days=days)
    closed = closed if closed <= as_of else None
    method, track = "", ""
    if execution:
        method = rng.choices(["执行完毕", "终本", "终结执行", "不予执行"], [0.5, 0.4, 0.07, 0.03])[0] if closed else ""
    elif closed:
        method = rng.choices(["调解", "撤诉", "判决", "驳回起诉"],
                             [pr["mediate"], pr["withdraw"], 0.95 - pr["mediate"] - pr["withdraw"], 0.05])[0]
    if code == "民初":
        track = "小额诉讼" if rng.random() < pr["small"] else ("简易程序" if rng.random() < pr["simple"] else "普通程序")
    elif code == "民终" and rng.random() < 0.35:
        track = "速裁"
    deducted = rng.random() < 0.05
    extended = rng.random() < 0.04
    deduction_approved = filed + timedelta(days=20) if deducted and rng.random() < 0.9 else None
    extension_approved = filed + timedelta(days=150) if extended and rng.random() < 0.9 else None
    appealed = transferred = outcome = None
    if closed and code.endswith("初") and method in ("判决", "驳回起诉") and rng.random() < pr["appeal"] * 1.5:
        appealed = closed + timedelta(days=rng.randint(5, 15))
        transferred = appealed + timedelta(days=rng.randint(3, 25) if rng.random() < pr["timely"] else rng.randint(35, 80))
        appealed = appealed if appealed <= as_of else None
        transferred = transferred if appealed and transferred <= as_of else None
        if appealed and appealed + timedelta(days=90) <= as_of:
            outcome = rng.choices(["维持", "改判", "发回重审", "撤回上诉"], [0.85, 0.05, 0.03, 0.07])[0]
    retrial = retrial_outcome = None
    if closed and not execution and rng.random() < 0.03:
        retrial = closed + timedelta(days=rng.randint(30, 120))
        retrial = retrial if retrial <= as_of else None
        retrial_outcome = rng.choices(["驳回", "裁定再审", "再审改判"], [0.85, 0.1, 0.05])[0] if retrial else None
    payable = closed is not None and not execution and method in ("判决", "调解") and rng.random() < 0.5
    applied = recovered = ""
    if code == "执恢":
        amount = rng.randint(10_000, 500_000)
        applied = str(amount)
        recovered = str(int(amount * rng.uniform(0, 2 * pr["recovery"]))) if closed else ""
    review = ("合格" if rng.random() < pr["final_ok"] else "不合格") if method == "终本" else ""
    return [
        _day(filed), _day(closed), method, track,
        "30" if deducted else "", _day(_until(deduction_approved, as_of)),
        "90" if extended else "", _day(_until(extension_approved, as_of)),
        _day(appealed), _day(transferred), outcome or "", _day(retrial), retrial_outcome or "",
        "是" if payable else "否", "是" if payable and rng.random() < pr["enforced"] else "否",
        applied, recovered, review,
    ]


def csv_text(rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue()


def seed_register(ctx) -> str | None:
    """Import each court's synthetic register unless the court already has a current register."""
    as_of = ctx.today
    done = set(db.session.scalars(select(CaseImport.court_id).where(CaseImport.status == RegisterImportStatus.APPLIED)))
    count = 0
    courts = sorted(ctx.courts.values(), key=lambda c: (c.sort_order, c.id))
    for index, court in enumerate(courts):
        if court.id in done:
            continue
        text = csv_text(register_rows(court, as_of, MONTHS, CASES_PER_MONTH, seed=1000 + index))
        item = imports.upload(None, court, io.BytesIO(text.encode("utf-8")), f"{court.name}案件台账.csv", as_of)
        count += imports.apply(None, item)
    return f"案件台账：{count} 件（{len(courts)} 个法院，近 {MONTHS} 个月）" if count else None
