"""Monthly filing pages: a court's month (compiled, comments, file) and the 审管办's board."""
import re

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forms.filing import FilingForm
from models import Court
from reviewer import permissions as p
from reviewer.errors import get_or_404, require
from reviewer.web.unit_of_work import attempt
from reviewer.filings import rules, services
from reviewer.filings.compile import compile_month

bp = Blueprint("filings", __name__, url_prefix="/filings")
_YEAR = re.compile(r"^\d{4}$")


@bp.route("/")
@login_required
def index():
    if p.can_view_filing_board(current_user):
        return redirect(url_for("filings.board"))
    require(p.is_liaison(current_user) and current_user.court_id is not None)
    court = get_or_404(Court, current_user.court_id)
    months = list(reversed(services.recent_months(12)))
    _, cells = services.board(months, court.id)      # its own court's row only
    return render_template("filings/index.html", court=court, months=months, cells=cells)


@bp.route("/board")
@login_required
def board():
    require(p.can_view_filing_board(current_user))
    year = request.args.get("year", "")
    if _YEAR.match(year):
        months = [f"{year}-{m:02d}" for m in range(1, 13)]
    else:
        year, months = "", services.recent_months(6)
    courts, cells = services.board(months)
    return render_template("filings/board.html", courts=courts, months=months, cells=cells,
                           year=year, states=rules.BoardState, years=services.filing_years())


@bp.route("/<int:court_id>/<month:month>", methods=["GET", "POST"])
@login_required
def detail(court_id, month):
    court = get_or_404(Court, court_id)
    require(p.can_view_filing(current_user, court.id))
    filing = services.get_filing(court.id, month)
    may_file = p.can_file_month(current_user, court)
    form = FilingForm() if may_file and (filing is None or request.method == "POST") else None
    if request.method == "POST":
        require(may_file)  # filed meanwhile by someone else: refused below, the typed comments kept
        if form.validate_on_submit():
            with attempt(form.comments, conflict=f"{court.name} {month} 已报备，不能重复报备。") as outcome:
                services.file_month(current_user, court, month, form.comments.data)
            if not outcome.failed:
                flash("已报备。", "success")
                return redirect(url_for("filings.detail", court_id=court.id, month=month))
    data = filing.snapshot if filing else compile_month(court, month)
    return render_template("filings/detail.html", court=court, month=month, filing=filing,
                           data=data, form=form,
                           deadline=rules.deadline(month, services.deadline_day()))
