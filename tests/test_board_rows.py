"""The assignment board's hand-assignment lists (reviewer/reviews/board.py): recusal and the
reviewers already assigned decide who is offered, each offered reviewer shows their open load,
and the page's statements do not grow with the number of reviewers."""
from __future__ import annotations

import re

from models import Role
from reviewer.reviews import assigning
from tests.conftest import count_queries
from tests.factories import make_court, make_judgment, make_user
from tests.review_helpers import make_city


def _offered(page: str, subject_id: int) -> list[str]:
    """The reviewers' option texts in the hand-assignment form of subject `subject_id`."""
    form = page[page.index(f"/reviews/assign/judgment/{subject_id}"):]
    select = form[:form.index("</select>")]
    return re.findall(r'<option value="\d+">([^<]*)</option>', select)


def test_each_row_offers_the_reviewers_recusal_allows_with_their_loads(app, client, login):
    city = make_city()
    other = make_judgment(court=city.third, month="2021-04")
    assigning.assign("judgment", city.judgment.id, city.r1, city.admin)
    login(city.admin)
    page = client.get("/reviews/assign?kind=judgment&month=2021-04").get_data(as_text=True)
    # the home court's reviewer is recused and 评查员甲 is already assigned
    assert _offered(page, city.judgment.id) == [f"评查员乙 · {city.third.name}（在办 0）",
                                                f"评查员丙 · {city.third.name}（在办 0）"]
    # on a judgment of the third court: its two reviewers are recused, 甲 shows their open assignment
    assert _offered(page, other.id) == [f"本院评查员 · {city.home.name}（在办 0）",
                                        f"评查员甲 · {city.other.name}（在办 1）"]


def test_the_board_costs_the_same_statements_whatever_the_number_of_reviewers(app, client, login):
    city = make_city()
    login(city.admin)

    def statements() -> int:
        with count_queries() as counter:
            assert client.get("/reviews/assign?kind=judgment&month=2021-04").status_code == 200
        return counter[0]

    before = statements()
    for n in range(6):
        make_user(roles=(Role.REVIEWER,), court=make_court(f"豫09{n:02d}"))
    page = client.get("/reviews/assign?kind=judgment&month=2021-04").get_data(as_text=True)
    assert len(_offered(page, city.judgment.id)) == 3 + 6
    assert statements() == before
