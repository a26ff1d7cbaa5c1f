"""The exemplar library counts its entries only up to a bound past the page shown (issue #19)."""
from models import Role
from models.ranking import ListKind
from reviewer.exemplars import services
from tests.evaluation_factories import publish_exemplars
from tests.factories import make_court, make_judgment, make_user


def _library(db, count):
    court = make_court("豫0802")
    publish_exemplars([(make_judgment(court=court, cause="民间借贷纠纷"), ListKind.EXCELLENT) for _ in range(count)])
    user = make_user(roles=(Role.JUDGE,), court=court)
    db.session.commit()
    return user


def test_total_is_exact_below_the_bound_and_bounded_above_it(client, login, db, monkeypatch):
    login(_library(db, 5))
    assert "共 5 条" in client.get("/exemplars/").get_data(as_text=True)
    monkeypatch.setattr(services, "COUNT_CAP", 3)
    assert "超过 3 条" in client.get("/exemplars/").get_data(as_text=True)
    assert "超过 3 条" in client.get("/exemplars/?case_type=民初&q=借贷").get_data(as_text=True)
    assert "共 0 条" in client.get("/exemplars/?court_id=999999").get_data(as_text=True)   # a judgment filter


def test_total_counts_from_the_page_shown(client, login, db, monkeypatch):
    login(_library(db, 25))
    monkeypatch.setattr(services, "COUNT_CAP", 10)
    assert "共 25 条" in client.get("/exemplars/?page=2").get_data(as_text=True)   # 20 before it, 5 counted
    assert "超过 10 条" in client.get("/exemplars/").get_data(as_text=True)
