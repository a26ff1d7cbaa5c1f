"""Plain factory functions for tests: make_court, make_user, make_judgment …"""
from __future__ import annotations

import hashlib
import itertools

from models import (Court, CourtLevel, Division, Judgment, JudgmentStatus, Purpose, Role,
                    StoredFile, User)
from reviewer.extensions import db

_seq = itertools.count(1)

COURTS = {
    "豫08": ("焦作中院", "河南省焦作市中级人民法院", CourtLevel.INTERMEDIATE),
    "豫0802": ("解放区法院", "河南省焦作市解放区人民法院", CourtLevel.BASIC),
    "豫0883": ("孟州市法院", "河南省孟州市人民法院", CourtLevel.BASIC),
    "豫0811": ("山阳区法院", "河南省焦作市山阳区人民法院", CourtLevel.BASIC),
}


def make_court(code: str = "豫0802", name: str | None = None, full_name: str | None = None,
               level: CourtLevel | None = None, divisions=("民一庭",)) -> Court:
    from sqlalchemy import select

    existing = db.session.scalar(select(Court).where(Court.code == code))
    if existing is not None:
        return existing
    default = COURTS.get(code, (f"法院{code}", f"河南省测试{code}人民法院", CourtLevel.BASIC))
    court = Court(code=code, name=name or default[0], full_name=full_name or default[1],
                  level=level or default[2])
    court.divisions = [Division(name=d, sort_order=i) for i, d in enumerate(divisions)]
    db.session.add(court)
    db.session.flush()
    return court


def make_user(roles=(Role.JUDGE,), court: Court | None = None, username: str | None = None,
              display_name: str | None = None, password: str = "secret-pass", division=None,
              is_division_head: bool = False, active: bool = True) -> User:
    n = next(_seq)
    user = User(username=username or f"user{n}", display_name=display_name or f"用户{n}",
                court=court, division=division, is_division_head=is_division_head, active=active)
    user.set_password(password)
    user.set_roles(roles)
    db.session.add(user)
    db.session.flush()
    return user


def make_stored_file(kind: str = "judgments", name: str = "判决书.docx", content: bytes | None = None) -> StoredFile:
    n = next(_seq)
    content = content if content is not None else f"file {n}".encode()
    stored = StoredFile(kind=kind, storage_path=f"{kind}/test/{n}.bin", original_name=name,
                        size=len(content), mime_type="application/octet-stream",
                        sha256=hashlib.sha256(content).hexdigest())
    db.session.add(stored)
    db.session.flush()
    return stored


def make_judgment(court: Court | None = None, month: str = "2021-04", purpose: Purpose = Purpose.ROUTINE,
                  status: JudgmentStatus = JudgmentStatus.SUBMITTED, case_number: str | None = None,
                  judge: User | None = None, paragraphs=None, doc_type: str = "民事判决书",
                  cause: str = "民间借贷纠纷", file: StoredFile | None = None, **extra) -> Judgment:
    court = court or make_court()
    n = next(_seq)
    paragraphs = paragraphs if paragraphs is not None else [
        court.full_name, doc_type, f"（2021）{court.code}民初{n}号",
        "原告：张三，男，汉族。", "被告：李四，男，汉族。",
        f"原告张三与被告李四{cause}一案，本院立案后依法适用简易程序公开开庭进行了审理。本案现已审理终结。",
        "本院认为，借贷关系合法有效。", "判决如下：", "被告李四于本判决生效之日起十日内偿还原告张三借款10000元。",
        "审判员　王五", "二〇二一年四月一日", "书记员　赵六",
    ]
    judgment = Judgment(
        court=court, month=month, purpose=purpose, status=status,
        case_number=case_number or f"（2021）{court.code}民初{n}号", case_year=2021,
        case_court_code=court.code, case_type_code="民初", case_sequence=n, doc_type=doc_type,
        cause=cause, procedure="一审", court_name_text=court.full_name, judge=judge,
        presiding_judge_name=judge.display_name if judge else "王五", clerk_name="赵六",
        parties=[{"role": "原告", "name": "张三"}, {"role": "被告", "name": "李四"}],
        signatories=[], paragraphs=paragraphs, section_ranges={"title": [0, 3]},
        file=file or make_stored_file(), **extra,
    )
    db.session.add(judgment)
    db.session.flush()
    return judgment


def make_assignment(reviewer: User, judgment, due_date=None):
    """An assignment of a judgment to a reviewer (no sheet yet), flushed."""
    from models.review import Assignment

    assignment = Assignment(subject_kind="judgment", subject_id=judgment.id, reviewer_id=reviewer.id,
                            due_date=due_date)
    db.session.add(assignment)
    db.session.flush()
    return assignment
