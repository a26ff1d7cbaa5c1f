"""API: what the platform publishes — the month's excellent/flawed lists, the year's top-ten hearing
lists, the exemplar search and the division heads' draws with everything needed to verify them."""
from __future__ import annotations

from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint, abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from models import Hearing
from models.draw import MonthlyDraw
from models.hearing_programme import TopTenEntry, TopTenList
from models.ranking import RankingStatus
from reviewer import permissions as p
from reviewer.api.schemas import (DrawFilterSchema, DrawSchema, ExemplarSearchSchema, RankingEntrySchema,
                                  RankingSchema, TopTenListSchema, With)
from reviewer.draws import services as draws
from reviewer.errors import require
from reviewer.exemplars.services import Filters, library_entries
from reviewer.extensions import db
from reviewer.rankings.services import get_ranking

bp = Blueprint("api_publications", __name__, url_prefix="/api/v1", description="公布的榜单、范例检索、随机抽取")

@bp.route("/rankings/<month:month>")
class Ranking(MethodView):
    @bp.response(200, RankingSchema)
    @bp.alt_response(404, description="该月榜单尚未公布")
    def get(self, month):
        """某月公布的优秀与瑕疵裁判文书（含公布理由）"""
        require(p.can_view_rankings(current_user))
        ranking = get_ranking(month)
        if ranking is None or ranking.status != RankingStatus.PUBLISHED:
            abort(404, message="该月榜单尚未公布。")
        return With(ranking, entries=sorted(ranking.entries, key=lambda e: (e.kind.value, e.position)))


@bp.route("/exemplars")
class Exemplars(MethodView):
    @bp.arguments(ExemplarSearchSchema, location="query")
    @bp.response(200, RankingEntrySchema(many=True))
    def get(self, args):
        """范例库检索：公布的优秀/瑕疵文书（全文检索 q，多个词以空格分隔），最新月份在前"""
        require(p.can_view_exemplars(current_user))
        filters = Filters(q=args["q"].strip(), month=args.get("month", ""), court_id=args.get("court_id"),
                          kind=args.get("kind", ""))
        return library_entries(filters, args["limit"])


@bp.route("/draws")
class Draws(MethodView):
    @bp.arguments(DrawFilterSchema, location="query")
    @bp.response(200, DrawSchema(many=True))
    def get(self, args):
        """庭长文书随机抽取：冻结的名单、名单哈希、公开随机值、种子与结果，及平台重算核验的结论"""
        require(p.can_view_draws(current_user))
        query = draws.draws_query(args.get("month"), args.get("court_id")).options(
            selectinload(MonthlyDraw.entries)).limit(args["limit"])
        found = list(db.session.scalars(query))
        checked = draws.verify_many(found)      # one query of the case lists for all of them
        return [With(draw, problems={str(k): v for k, v in checked[draw.id].items()}) for draw in found]


@bp.route("/top-ten/<int:year>")
class TopTen(MethodView):
    @bp.response(200, TopTenListSchema(many=True))
    def get(self, year):
        """某年的十大精品庭审与十大问题或瑕疵庭审名单（公示中或已发布；拟定中的名单仅审管办可见）"""
        require(p.can_view_hearing_library(current_user))
        lists = db.session.scalars(
            select(TopTenList).where(TopTenList.year == year).order_by(TopTenList.kind)
            .options(selectinload(TopTenList.entries).selectinload(TopTenEntry.hearing)
                     .selectinload(Hearing.court)))
        return [item for item in lists if p.can_view_top_ten(current_user, item)]
