"""The exemplar library: browse, filter and search published judgments; read one with its remarks."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from models.ranking import ListKind
from reviewer import permissions as p
from reviewer.errors import require
from reviewer.exemplars import search, services
from reviewer.exemplars.highlight import mark
from reviewer.extensions import db

bp = Blueprint("exemplars", __name__, url_prefix="/exemplars")


@bp.route("/")
@login_required
def index():
    require(p.can_view_exemplars(current_user))
    filters = services.Filters.from_args(request.args)
    page = services.library_page(filters)
    return render_template("exemplars/index.html", page=page, filters=filters,
                           excerpts=services.search_excerpts(page.items, filters.q),
                           choices=services.filter_choices(), kinds=list(ListKind))


@bp.route("/<int:judgment_id>")
@login_required
def detail(judgment_id):
    require(p.can_view_exemplars(current_user))
    entry = services.published_entry(judgment_id)
    if entry is None:
        abort(404)
    may_see_original = p.can_see_original_text(current_user, entry.judgment)
    anonymised = not may_see_original or request.args.get("view") == "anonymised"
    d = services.detail(entry, anonymised)
    words = search.words(request.args.get("q", "")[:100])
    paragraphs = [mark(text, words) for text in d.paragraphs]   # escaped, the query's words marked
    return render_template("exemplars/detail.html", d=d, paragraphs=paragraphs, words=words,
                           may_see_original=may_see_original)
