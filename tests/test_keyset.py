"""Keyset pagination (reviewer/keyset.py) on the judgment list: every row once, in order, forwards
and backwards, a bounded total, bad cursors ignored, and a constant query count however deep."""
import re

from models import Judgment, Role
from reviewer import keyset
from reviewer.judgments.queries import LIST_ORDER
from tests.conftest import count_queries
from tests.factories import make_court, make_judgment, make_user

MONTHS = ["2021-01", "2021-02", "2021-03", "2021-04"]


def _judgments(db, count=45):
    court = make_court("豫0802")
    made = [make_judgment(court=court, month=MONTHS[i % 4]) for i in range(count)]
    db.session.commit()
    return sorted(made, key=lambda j: (j.month, j.id), reverse=True)


def _page(db, args, per_page=10, cap=1000):
    from sqlalchemy import select

    return keyset.paginate(select(Judgment), LIST_ORDER, args, per_page=per_page, cap=cap)


def test_walks_every_row_once_in_order_and_back(db):
    expected = _judgments(db)
    seen, args, pages = [], {}, []
    while True:
        page = _page(db, args)
        pages.append(page)
        seen += page.items
        if not page.has_next:
            break
        args = {"after": page.next_cursor}
    assert [j.id for j in seen] == [j.id for j in expected]
    assert len(pages) == 5 and not pages[0].has_prev and pages[-1].has_prev
    back = _page(db, {"before": pages[-1].prev_cursor})
    assert [j.id for j in back.items] == [j.id for j in pages[-2].items]
    assert back.has_next and back.has_prev
    assert _page(db, {"before": pages[1].prev_cursor}).has_prev is False


def test_total_is_bounded_and_bad_cursors_give_the_first_page(db):
    expected = _judgments(db, 12)
    page = _page(db, {}, cap=5)
    assert page.total == 5 and page.capped
    assert _page(db, {}).total == 12 and not _page(db, {}).capped
    for bad in ("x", "2021-01", "2021-01_x_1", "2021-01_abc"):
        assert [j.id for j in _page(db, {"after": bad}).items] == [j.id for j in expected[:10]]


def test_list_page_links_and_constant_queries(client, login, db):
    _judgments(db, 45)
    login(make_user(roles=(Role.ADMIN,), court=make_court("豫08")))
    first = client.get("/judgments/").get_data(as_text=True)
    assert "共 45 条" in first and "下一页" in first and "上一页" not in first
    cursor = re.search(r'after=([^"&]+)', first).group(1)
    with count_queries() as near:
        second = client.get(f"/judgments/?after={cursor}").get_data(as_text=True)
    assert "上一页" in second and "首页" in second
    deep = "2021-01_1"  # before every row: an empty last page
    with count_queries() as far:
        assert client.get(f"/judgments/?after={deep}").status_code == 200
    assert near[0] == far[0]


def test_skip_scan_gives_the_distinct_values_in_order(db):
    """keyset.skip_scan: the distinct non-null values of an indexed column, as SELECT DISTINCT gives
    them, ascending or newest first; none on an empty table."""
    from sqlalchemy import select

    assert keyset.skip_scan(Judgment.case_type_code) == []
    court = make_court("豫0802")
    for month, code in [("2021-03", "民终"), ("2021-01", "民初"), ("2021-03", None), ("2021-02", "刑初"),
                        ("2021-01", "民初")]:
        make_judgment(court=court, month=month).case_type_code = code
    db.session.commit()
    distinct = sorted(db.session.scalars(select(Judgment.case_type_code).where(
        Judgment.case_type_code.is_not(None)).distinct()))
    assert keyset.skip_scan(Judgment.case_type_code) == distinct == sorted(["民终", "民初", "刑初"])
    assert keyset.skip_scan(Judgment.month, descending=True) == ["2021-03", "2021-02", "2021-01"]


def test_a_narrowed_page_is_kept_when_full_or_complete_else_the_whole_list_is_read(db):
    from sqlalchemy import select

    expected = _judgments(db, 12)                  # three a month, 2021-04 newest
    newest = select(Judgment).where(Judgment.month == "2021-04")
    asked = []

    def narrowed(values, older, complete=False):
        asked.append((values, older))
        return newest, complete

    full = keyset.paginate(select(Judgment), LIST_ORDER, {}, per_page=2, narrowed=narrowed)
    assert [j.id for j in full.items] == [j.id for j in expected[:2]] and asked == [(None, True)]
    # three rows in the window, a page of five: not full, so the whole list gives the page
    short = keyset.paginate(select(Judgment), LIST_ORDER, {}, per_page=5, narrowed=narrowed)
    assert [j.id for j in short.items] == [j.id for j in expected[:5]] and short.has_next
    # a window said to reach the list's end is believed (the caller vouches for it)
    kept = keyset.paginate(select(Judgment), LIST_ORDER, {}, per_page=5,
                           narrowed=lambda values, older: narrowed(values, older, complete=True))
    assert len(kept.items) == 3 and not kept.has_next
    with count_queries() as statements:
        nothing = keyset.paginate(select(Judgment), LIST_ORDER, {}, narrowed=narrowed, counted=0)
    assert nothing.items == [] and nothing.total == 0 and statements[0] == 0
