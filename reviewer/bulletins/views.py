"""Bulletin downloads: one POST (it may assign a 文号) returns the generated Word document."""

from flask import Blueprint, abort, render_template, send_file, url_for
from flask_login import current_user, login_required

from models import Court
from reviewer import permissions as p
from models.bulletin import Bulletin
from reviewer.bulletins import issued, services
from reviewer.errors import get_or_404, require
from reviewer.web.unit_of_work import on_error_redirect
from reviewer.filings.services import get_filing

bp = Blueprint("bulletins", __name__, url_prefix="/bulletins")



def _send(generate, download_name: str, back: str):
    # the same bulletin generated twice at once: the later request meets the unique 文号 keys
    on_error_redirect(back, conflict="该文书正由他人同时生成（文号刚刚分配），本次未生成。请再点一次下载，文号不变。")
    notice, _bulletin = generate()
    return send_file(services.to_bytes(notice), mimetype=services.DOCX_MIME, as_attachment=True,
                     download_name=download_name)


@bp.route("/")
@login_required
def index():
    require(p.can_generate_city_bulletins(current_user))
    return render_template("bulletins/index.html")


@bp.route("/ranking/<month:month>", methods=["POST"])
@login_required
def ranking(month):
    require(p.can_generate_city_bulletins(current_user))
    return _send(lambda: services.ranking_document(month, current_user),
                 f"{month}优秀瑕疵裁判文书通报.docx", url_for("bulletins.index"))


@bp.route("/draw/<month:month>", methods=["POST"])
@login_required
def draw(month):
    require(p.can_generate_city_bulletins(current_user))
    return _send(lambda: services.draw_document(month, current_user),
                 f"{month}业务庭长裁判文书随机抽取公示.docx", url_for("bulletins.index"))


@bp.route("/top-ten/<int:year>", methods=["POST"])
@login_required
def top_ten(year):
    require(p.can_generate_city_bulletins(current_user))
    return _send(lambda: services.top_ten_document(year, current_user),
                 f"{year}年度十大精品和问题庭审案例通报.docx", url_for("bulletins.index"))


@bp.route("/filing/<int:court_id>/<month:month>", methods=["POST"])
@login_required
def filing(court_id, month):
    court = get_or_404(Court, court_id)
    require(p.can_generate_filing_bulletin(current_user, court.id))
    item = get_filing(court.id, month)
    if item is None:
        abort(404)
    return _send(lambda: services.filing_document(item, current_user),
                 f"{court.name}{month}裁判文书评查报备.docx",
                 url_for("filings.detail", court_id=court.id, month=month))


@bp.route("/published")
@login_required
def published():
    require(p.can_read_published_bulletins(current_user))
    return render_template("bulletins/published.html", rows=issued.published_bulletins())


@bp.route("/published/<int:bulletin_id>.docx")
@login_required
def published_download(bulletin_id):
    require(p.can_read_published_bulletins(current_user))
    bulletin = get_or_404(Bulletin, bulletin_id)
    on_error_redirect(url_for("bulletins.published"))
    return send_file(issued.document(bulletin), mimetype=services.DOCX_MIME, as_attachment=True,
                     download_name=f"{issued.title(bulletin)}.docx")
