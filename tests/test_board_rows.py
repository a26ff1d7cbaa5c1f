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
    """The reviewers' option texts offered in the hand-assignment form of subject `subject_id`: the
    row lists the reviewers' ids (data-choices), the page carries each reviewer's option once."""
    row = page[page.index(f'href="/reviews/assign/judgment/{subject_id}"'):]
    ids = re.search(r'data-choices="([\d ]*)"', row[:row.index(">")]).group(1).split()
    choices = page[page.index('<template id="reviewer-choices">'):]
    texts = dict(re.findall(r'<option value="(\d+)">([^<]*)</option>', choices[:choices.index("</template>")]))
    return [texts[i] for i in ids]


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


def test_each_reviewer_is_written_once_per_page_whatever_the_rows(app, client, login):
    city = make_city()
    for _ in range(4):
        make_judgment(court=city.third, month="2021-04")
    login(city.admin)
    page = client.get("/reviews/assign?kind=judgment&month=2021-04").get_data(as_text=True)
    assert page.count("data-choices=") == 5
    for reviewer in (city.r1, city.r2, city.r_home):
        assert page.count(f'<option value="{reviewer.id}">') == 1
    assert page.count('name="reviewer_id"') == 1      # the one form the rows' forms are copied from


def test_without_script_a_row_links_to_its_own_assignment_page(app, client, login):
    city = make_city()
    login(city.admin)
    page = client.get("/reviews/assign?kind=judgment&month=2021-04&page=1").get_data(as_text=True)
    assert f'href="/reviews/assign/judgment/{city.judgment.id}?page=1" data-choices=' in page
    one = client.get(f"/reviews/assign/judgment/{city.judgment.id}?page=1").get_data(as_text=True)
    assert f'action="/reviews/assign/judgment/{city.judgment.id}?page=1"' in one
    assert sorted(re.findall(r'<option value="\d+">([^<]*)</option>', one)) == sorted([
        f"评查员甲 · {city.other.name}（在办 0）", f"评查员乙 · {city.third.name}（在办 0）",
        f"评查员丙 · {city.third.name}（在办 0）"])    # not the home court's reviewer (recusal)
    response = client.post(f"/reviews/assign/judgment/{city.judgment.id}?page=1",
                           data={"reviewer_id": city.r1.id, "due_date": "2021-05-15"})
    assert response.status_code == 302 and "month=2021-04" in response.headers["Location"]
    assert assigning.assignments_for("judgment", [city.judgment.id])[city.judgment.id][0].reviewer_id == city.r1.id


def test_a_rows_withdraw_button_posts_the_pages_one_form_to_its_assignment(app, client, login):
    city = make_city()
    draft = assigning.assign("judgment", city.judgment.id, city.r1, city.admin)
    login(city.admin)
    page = client.get("/reviews/assign?kind=judgment&month=2021-04").get_data(as_text=True)
    assert f'<button form="unassign" formaction="/reviews/assignments/{draft.id}/delete"' in page
    assert page.count('<form id="unassign" method="post"') == 1
    assert f' action="/reviews/assignments/{draft.id}/delete"' not in page    # no form per assignment
    assert client.post(f"/reviews/assignments/{draft.id}/delete").status_code == 302
    assert assigning.assignments_for("judgment", [city.judgment.id])[city.judgment.id] == []
