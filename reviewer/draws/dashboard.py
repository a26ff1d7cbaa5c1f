"""Home-page panel: drawn judgments the court still has to upload, draws waiting for their value."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from models.draw import DrawEntry, EntryStatus, MonthlyDraw
from reviewer import permissions as p
from reviewer.extensions import db
from reviewer.todos.office_counts import office_counts

MAX_ITEMS = 10


def draws_panel(user):
    """A liaison sees its court's drawn cases awaiting upload; the admin also sees open draws."""
    if not (p.is_admin(user) or (p.is_liaison(user) and user.court_id is not None)):
        return None
    pending = (select(DrawEntry.id, DrawEntry.result_case_number, DrawEntry.head_name, MonthlyDraw.month)
               .join(MonthlyDraw).where(DrawEntry.status == EntryStatus.DRAWN,
                                        DrawEntry.judgment_id.is_(None))
               .order_by(MonthlyDraw.month.desc(), DrawEntry.id).limit(MAX_ITEMS))
    if not p.is_admin(user):
        pending = pending.where(MonthlyDraw.court_id == user.court_id)
    items = [(f"{row.month} {row.head_name}：{row.result_case_number}（待上传）",
              url_for("draws.entry", entry_id=row.id), 1) for row in db.session.execute(pending)]
    if p.can_manage_draws(user):
        # shared with the office's to-do list: read once per request
        items.insert(0, ("已公告待录入随机值的抽取", url_for("draws.index"), office_counts().announced_draws))
    if not items:
        return None
    return {"title": "庭长文书随机抽取", "items": items}

