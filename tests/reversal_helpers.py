"""A small world for the 发改 tests: two courts, the office, a judge, a division head, 监察室."""
from __future__ import annotations

from datetime import date

from models import CourtLevel, Role
from models.reversal import HigherLevel, ReversalResult
from reviewer.extensions import db
from reviewer.reversals import ledger
from reviewer.reversals import register as reg
from tests.factories import make_court, make_user


def reversal_world():
    city = make_court("豫08", level=CourtLevel.INTERMEDIATE, divisions=("民一庭", "审判监督庭"))
    basic = make_court("豫0802", divisions=("民一庭", "刑事审判庭"))
    other = make_court("豫0883", divisions=("民一庭",))
    division, city_division = basic.divisions[0], city.divisions[0]
    w = {
        "city": city, "basic": basic, "other": other, "division": division, "city_division": city_division,
        "admin": make_user((Role.ADMIN,), court=city),
        "supervision": make_user((Role.SUPERVISION,), court=city),
        "judge": make_user((Role.JUDGE,), court=basic, division=division),
        "other_judge": make_user((Role.JUDGE,), court=basic, division=basic.divisions[1]),
        "head": make_user((Role.JUDGE,), court=basic, division=division, is_division_head=True),
        "city_head": make_user((Role.JUDGE,), court=city, division=city_division, is_division_head=True),
        "liaison": make_user((Role.LIAISON,), court=basic),
        "other_liaison": make_user((Role.LIAISON,), court=other),
        "reviewer": make_user((Role.REVIEWER,), court=other),
    }
    w["reasons"] = {r.code: r for r in reg.ensure_reasons()}
    ledger.ensure_rules()
    db.session.flush()
    return w


def record(w, n=1, reason="fact_unclear", decided_on=date(2025, 10, 8), judge=None,
           result=ReversalResult.REMANDED, level=HigherLevel.INTERMEDIATE, today=None):
    judge = judge or w["judge"]
    return reg.record_case(w["admin"], reg.CaseInput(
        case_number=f"（2025）豫0802民初{n}号", court_id=w["basic"].id, division_id=judge.division_id,
        judge_id=judge.id, higher_case_number=f"（2025）豫08民终{n}号", higher_level=level,
        higher_division_id=w["city_division"].id if level == HigherLevel.INTERMEDIATE else None, result=result, decided_on=decided_on,
        reason_id=w["reasons"][reason].id), today or decided_on)
