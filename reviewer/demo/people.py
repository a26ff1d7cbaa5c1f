"""Demo step: users of every role (log-ins listed in the README). Password for all: demo1234."""
from sqlalchemy import select

from models import Division, Role, User
from reviewer.extensions import db

DEMO_PASSWORD = "demo1234"

# username, name, roles, court code, division, division head
DEMO_USERS = [
    ("admin", "审管办管理员", [Role.ADMIN], "豫08", None, False),
    ("reviewer1", "陈评查", [Role.REVIEWER], "豫08", "审判监督庭", False),
    ("reviewer2", "刘评查", [Role.REVIEWER], "豫0802", "民一庭", False),
    ("reviewer3", "杨评查", [Role.REVIEWER], "豫0883", "刑事审判庭", False),
    ("reviewer4", "赵评查", [Role.REVIEWER, Role.JUDGE], "豫0811", "民二庭", False),
    ("liaison_jf", "解放区联络员", [Role.LIAISON], "豫0802", None, False),
    ("liaison_sy", "山阳区联络员", [Role.LIAISON], "豫0811", None, False),
    ("liaison_mz", "孟州市联络员", [Role.LIAISON], "豫0883", None, False),
    ("liaison_zy", "中院联络员", [Role.LIAISON], "豫08", None, False),
    ("judge_wang", "王法官", [Role.JUDGE], "豫0802", "民一庭", True),
    ("judge_li", "李法官", [Role.JUDGE], "豫0811", "刑事审判庭", True),
    ("judge_zhang", "张法官", [Role.JUDGE], "豫0883", "民一庭", False),
    ("judge_zhao", "赵法官", [Role.JUDGE], "豫08", "民一庭", True),
]


def seed_people(ctx) -> str:
    added = 0
    for username, name, roles, code, division_name, head in DEMO_USERS:
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            court = ctx.courts[code]
            division = None
            if division_name:
                division = db.session.scalar(select(Division).where(
                    Division.court_id == court.id, Division.name == division_name))
            user = User(username=username, display_name=name, court=court, division=division,
                        is_division_head=head, password_hash="")
            user.set_password(DEMO_PASSWORD)
            user.set_roles(roles)
            db.session.add(user)
            added += 1
        ctx.users[username] = user
    db.session.flush()
    return f"用户：{len(ctx.users)} 个（新增 {added}），密码均为 {DEMO_PASSWORD}"
