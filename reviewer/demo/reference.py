"""Demo step: the reference courts."""
from sqlalchemy import select

from models import Court
from reviewer.admin.reference import install_reference_courts
from reviewer.extensions import db


def seed_reference(ctx) -> str:
    added = install_reference_courts()
    ctx.courts = {c.code: c for c in db.session.scalars(select(Court))}
    return f"法院：{len(ctx.courts)} 个（新增 {added}）"
