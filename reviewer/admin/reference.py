"""Reference data: the Jiaozuo courts (DOMAIN.md §2) and their typical divisions."""
from __future__ import annotations

from sqlalchemy import select

from models import Court, CourtLevel, Division, Role, User, UserRole
from reviewer.extensions import db

JIAOZUO_COURTS = [
    ("焦作中院", "河南省焦作市中级人民法院", "豫08", CourtLevel.INTERMEDIATE),
    ("解放区法院", "河南省焦作市解放区人民法院", "豫0802", CourtLevel.BASIC),
    ("中站区法院", "河南省焦作市中站区人民法院", "豫0803", CourtLevel.BASIC),
    ("马村区法院", "河南省焦作市马村区人民法院", "豫0804", CourtLevel.BASIC),
    ("山阳区法院", "河南省焦作市山阳区人民法院", "豫0811", CourtLevel.BASIC),
    ("修武县法院", "河南省修武县人民法院", "豫0821", CourtLevel.BASIC),
    ("博爱县法院", "河南省博爱县人民法院", "豫0822", CourtLevel.BASIC),
    ("武陟县法院", "河南省武陟县人民法院", "豫0823", CourtLevel.BASIC),
    ("温县法院", "河南省温县人民法院", "豫0825", CourtLevel.BASIC),
    ("沁阳市法院", "河南省沁阳市人民法院", "豫0882", CourtLevel.BASIC),
    ("孟州市法院", "河南省孟州市人民法院", "豫0883", CourtLevel.BASIC),
]
INTERMEDIATE_DIVISIONS = ["立案庭", "刑一庭", "刑二庭", "民一庭", "民二庭", "民三庭", "民四庭",
                          "民五庭", "行政审判庭", "审判监督庭", "执行局"]
BASIC_DIVISIONS = ["立案庭", "刑事审判庭", "民一庭", "民二庭", "行政审判庭", "执行局", "城区人民法庭"]


def install_reference_courts() -> int:
    """Create the courts and divisions that do not exist yet; returns how many courts were added."""
    existing = set(db.session.scalars(select(Court.code)))
    added = 0
    for order, (name, full_name, code, level) in enumerate(JIAOZUO_COURTS):
        if code in existing:
            continue
        court = Court(name=name, full_name=full_name, code=code, level=level, sort_order=order)
        names = INTERMEDIATE_DIVISIONS if level == CourtLevel.INTERMEDIATE else BASIC_DIVISIONS
        court.divisions = [Division(name=n, sort_order=i) for i, n in enumerate(names)]
        db.session.add(court)
        added += 1
    db.session.flush()
    return added


def court_codes() -> dict[str, str]:
    """Court code → full name, from the reference data in the database."""
    return dict(db.session.execute(select(Court.code, Court.full_name)).all())


def courts_visible_to(user) -> list[Court]:
    """Active courts the user works for: all of them for the admin, else the user's own court."""
    from reviewer import permissions

    query = select(Court).where(Court.active.is_(True)).order_by(Court.sort_order, Court.id)
    if not permissions.is_admin(user):
        query = query.where(Court.id == user.court_id)
    return list(db.session.scalars(query))


def judge_choices(court_ids, empty_label: str = "（未关联）") -> list[tuple]:
    """Select choices for "the judge in charge": the active judges of the given courts by name,
    after an empty choice labelled `empty_label` (the judgment and hearing forms share this)."""
    judges = db.session.scalars(
        select(User).join(UserRole).where(UserRole.role == Role.JUDGE, User.court_id.in_(list(court_ids)),
                                          User.active.is_(True)).order_by(User.display_name)).all()
    return [("", empty_label)] + [(u.id, u.display_name) for u in judges]
