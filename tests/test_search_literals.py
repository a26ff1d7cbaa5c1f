"""What users type into search boxes is a literal: % and _ match themselves, not "anything"."""
from __future__ import annotations

from models import Hearing, HearingNomination, HearingStatus, Role, utcnow
from reviewer.extensions import db as _db
from reviewer.hearings.library import library_query
from reviewer.judgments.queries import judgment_list_query
from tests.factories import make_court, make_judgment, make_user


def test_judgment_list_search_is_literal(db):
    admin = make_user(roles=(Role.ADMIN,))
    plain = make_judgment(cause="民间借贷纠纷")
    percent = make_judgment(cause="100%股权转让纠纷")
    db.session.flush()
    found = lambda q: {j.id for j in db.session.scalars(judgment_list_query(admin, {"q": q}))}  # noqa: E731
    assert found("%") == {percent.id}
    assert found("_") == set()
    assert found("借贷") == {plain.id}


def test_hearing_library_search_is_literal(db):
    court = make_court("豫0802")
    causes = ("民间借贷纠纷", "股权_转让纠纷")
    hearings = [Hearing(court=court, month="2021-04", case_number=f"（2021）豫0802民初{n}号", cause=cause,
                        presiding_judge_name="王五", nomination=HearingNomination.EXCELLENT,
                        status=HearingStatus.READY, published_at=utcnow())
                for n, cause in enumerate(causes)]
    _db.session.add_all(hearings)
    _db.session.flush()
    found = lambda q: {h.cause for h in db.session.scalars(library_query({"q": q}))}  # noqa: E731
    assert found("_") == {"股权_转让纠纷"}
    assert found("%") == set()


def test_user_search_is_literal(db, client, login):
    admin = make_user(roles=(Role.ADMIN,), username="boss")
    make_user(username="li_ming")
    make_user(username="lixming")
    db.session.commit()
    login(admin)
    page = client.get("/admin/users?q=li_ming").get_data(as_text=True)
    assert "li_ming" in page and "lixming" not in page
