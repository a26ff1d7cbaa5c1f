"""The annual top-ten page states the whole rule (eligibility, ties, fewer than ten) to everyone."""
from __future__ import annotations

import pytest

from models import Role
from reviewer.hearings.topten import RULE_TEXT
from tests.factories import make_court, make_user


@pytest.mark.parametrize("role", [Role.ADMIN, Role.LIAISON, Role.REVIEWER, Role.JUDGE])
def test_top_ten_page_states_the_rule_to_every_role(db, client, login, role):
    login(make_user(roles=(role,), court=None if role == Role.ADMIN else make_court("豫0802")))
    html = client.get("/hearings/top-ten/2021").get_data(as_text=True)
    for line in RULE_TEXT:
        assert line in html


def test_rule_text_covers_eligibility_ties_and_short_lists():
    text = "".join(RULE_TEXT)
    assert "入选范围" in text  # eligibility
    assert "得分相同时" in text  # ties
    assert "不足十件" in text and "不以其他庭审补足" in text  # fewer than ten
    assert "公示期满后正式发布" in text  # comment period before publication
