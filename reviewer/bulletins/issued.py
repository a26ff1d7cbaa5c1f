"""Issued city bulletins for everyone to read: the 张榜, 公示 and 十大庭审 notices the office has
issued, downloadable again as Word with their 文号 (nothing is re-issued or audited: reading only).

A bulletin is listed while its subject is still published — the month's list published, the
month's draws drawn, the year's top-ten lists published; a withdrawn list's notice disappears.
"""
from __future__ import annotations

from sqlalchemy import select

from models.bulletin import Bulletin
from models.draw import DrawStatus, MonthlyDraw
from models.hearing_programme import TopTenList, TopTenStatus
from models.ranking import MonthlyRanking, RankingStatus
from reviewer.bulletins import services
from reviewer.errors import DomainError
from reviewer.extensions import db

KINDS = {"ranking": "月度优秀、瑕疵裁判文书张榜通报", "draw": "业务庭长裁判文书随机抽取公示",
         "top_ten": "年度十大精品和问题庭审案例通报"}


def published_bulletins() -> list[tuple[Bulletin, str]]:
    """(bulletin, title) of the issued city bulletins whose subject is published, newest first
    (four queries)."""
    months = set(db.session.scalars(select(MonthlyRanking.month).where(
        MonthlyRanking.status == RankingStatus.PUBLISHED)))
    drawn = set(db.session.scalars(select(MonthlyDraw.month).where(MonthlyDraw.status == DrawStatus.DRAWN)))
    years = set(db.session.scalars(select(TopTenList.year).where(TopTenList.status == TopTenStatus.PUBLISHED)))
    public = {"ranking": months, "draw": drawn, "top_ten": {str(y) for y in years}}
    rows = db.session.scalars(select(Bulletin).where(Bulletin.kind.in_(list(KINDS)))
                              .order_by(Bulletin.first_issued_at.desc(), Bulletin.id.desc())).all()
    return [(b, title(b)) for b in rows if b.subject_key in public[b.kind]]


def title(bulletin: Bulletin) -> str:
    key = bulletin.subject_key
    if bulletin.kind == "top_ten":
        return f"{key}年度十大精品和问题庭审案例通报"
    year, month = key.split("-")
    return f"{year}年{int(month)}月{KINDS[bulletin.kind].removeprefix('月度')}"


def document(bulletin: Bulletin):
    """The issued notice, built again from the published data with its 文号 (read only)."""
    if bulletin.kind not in KINDS or bulletin not in [b for b, _t in published_bulletins()]:
        raise DomainError("该通报所涉内容已撤回或尚未公布。")
    build = {"ranking": lambda: services.ranking_document(bulletin.subject_key, None, bulletin),
             "draw": lambda: services.draw_document(bulletin.subject_key, None, bulletin),
             "top_ten": lambda: services.top_ten_document(int(bulletin.subject_key), None, bulletin)}
    notice, _ = build[bulletin.kind]()
    return services.to_bytes(notice)
