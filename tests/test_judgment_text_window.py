"""The judgment list's whole-text search read in windows of months (`reviewer.judgments.text_window`,
SQLite): every page, cursor and total is the one the plain list gives, whatever the word's
frequency, the scope, the filters and the direction; on PostgreSQL the same calls take the plain
path, so the comparison holds there too."""
import pytest
from sqlalchemy import event

from models import Role
from models.month import add_months, months_spanned
from reviewer import keyset
from reviewer.extensions import db as _db
from reviewer.judgments.queries import LIST_ORDER, judgment_list_page, judgment_list_query
from tests.factories import make_court, make_judgment, make_user

MONTHS = [f"{2019 + i // 12}-{i % 12 + 1:02d}" for i in range(30)]     # 2019-01 … 2021-06


def _body(*paragraphs):
    return ["河南省焦作市解放区人民法院", "民事判决书", *paragraphs]


@pytest.fixture
def listed(db):
    """30 months, three judgments a month over two courts: 本院认为 in every one, 借款 in a third,
    危险驾驶 in two of them; one judgment of a new month uploaded out of order (a low id)."""
    north, south = make_court("豫0802"), make_court("豫0803", name="中站区人民法院")
    people = {"admin": make_user(roles=(Role.ADMIN,), court=north),
              "liaison": make_user(roles=(Role.LIAISON,), court=south)}
    make_judgment(court=north, month=MONTHS[-1], paragraphs=_body("本院认为，借款属实。"))
    for index, month in enumerate(MONTHS):
        for k in range(3):
            words = ["本院认为，证据充分。"]
            if (index * 3 + k) % 3 == 0:
                words.append("原告主张借款本金。")
            if index in (4, 21) and k == 1:
                words.append("被告人危险驾驶机动车。")
            make_judgment(court=north if k else south, month=month, paragraphs=_body(*words))
    db.session.commit()
    return people


def _walk(user, filters, read, start=None):
    """Every page forward from `start`, then back from the last one: [(ids, total, capped, cursors)]."""
    pages, args = [], start or {}
    while True:
        page = read(user, filters, args)
        pages.append(([j.id for j in page.items], page.total, page.capped, page.next_cursor, page.prev_cursor))
        if not page.next_cursor:
            break
        args = {"after": page.next_cursor}
    while page.prev_cursor:
        page = read(user, filters, {"before": page.prev_cursor})
        pages.append(([j.id for j in page.items], page.total, page.capped, page.next_cursor, page.prev_cursor))
    return pages


def _windowed(cap):
    return lambda user, filters, args: judgment_list_page(user, filters, args, per_page=4, cap=cap)


def _plain(cap):
    return lambda user, filters, args: keyset.paginate(judgment_list_query(user, filters), LIST_ORDER, args,
                                                       per_page=4, cap=cap)


@pytest.mark.parametrize("who, filters", [
    ("admin", {"q": "本院认为"}), ("admin", {"q": "借款"}), ("admin", {"q": "危险驾驶"}),
    ("admin", {"q": "借款 本院认为"}), ("admin", {"q": "本院认为", "month": "2020-03"}),
    ("admin", {"q": "借款", "court": None}), ("liaison", {"q": "本院认为"}), ("liaison", {"q": "危险驾驶"}),
    ("admin", {"q": "本院认为 证"}), ("admin", {"q": "无此词语"}), ("admin", {"q": "本院认为", "month": "2030-01"}),
])
@pytest.mark.parametrize("cap", [5, 40, 1000])
def test_windows_give_the_plain_lists_pages_and_totals(listed, who, filters, cap):
    user = listed[who]
    filters = dict(filters, fulltext="1")
    if "court" in filters:
        filters["court"] = user.court_id
    assert _walk(user, filters, _windowed(cap)) == _walk(user, filters, _plain(cap))


def test_a_page_from_the_middle_both_ways(listed):
    admin = listed["admin"]
    filters = {"q": "借款", "fulltext": "1"}
    middle = keyset.paginate(judgment_list_query(admin, filters), LIST_ORDER, {}, per_page=7)
    start = {"after": middle.next_cursor}
    assert _walk(admin, filters, _windowed(5), start) == _walk(admin, filters, _plain(5), start)


def test_a_common_word_reads_only_its_newest_months(listed, monkeypatch):
    """The point of the windows: for a word in every judgment the statements that read the index
    bound it by months (the newest three for the count, one beside the cursor for the page)."""
    if _db.engine.dialect.name != "sqlite":
        pytest.skip("windows are SQLite's (PostgreSQL plans from its statistics)")
    statements = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(_db.engine, "before_cursor_execute", seen)
    try:
        page = judgment_list_page(listed["admin"], {"q": "本院认为", "fulltext": "1"}, {}, per_page=4, cap=5)
    finally:
        event.remove(_db.engine, "before_cursor_execute", seen)
    searched = [s for s in statements if "judgment_text_fts MATCH" in s]
    assert page.capped and len(page.items) == 4
    assert len(searched) == 2                                   # one count, one page: no whole-list read
    assert all("judgments.month BETWEEN" in s and "rowid BETWEEN" in s for s in searched)


def test_a_malformed_cursor_or_month_reads_the_plain_list(listed, client, login):
    login(listed["admin"])
    for query in ("after=abc_5", "after=2020-13_5", "before=x_y", "month=2020-1x", "month=abcdefg"):
        response = client.get(f"/judgments/?q=本院认为&fulltext=1&{query}")
        assert response.status_code == 200


def test_month_arithmetic():
    assert add_months("2021-12", 1) == "2022-01"
    assert add_months("2021-01", -1) == "2020-12"
    assert add_months("2021-06", -18) == "2019-12"
    assert months_spanned("2019-12", "2021-06") == 19
    assert months_spanned("2021-06", "2021-06") == 1


def test_a_malformed_month_filter_is_said_so(listed, client, login):
    login(listed["admin"])
    page = client.get("/judgments/?q=本院认为&fulltext=1&month=2020-13").get_data(as_text=True)
    assert "月份格式为 YYYY-MM" in page
    assert "月份格式为" not in client.get("/judgments/?q=本院认为&fulltext=1&month=2020-12").get_data(as_text=True)
