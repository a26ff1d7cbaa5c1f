"""Exemplar search with several words: every word must occur (AND) on SQLite and PostgreSQL, the
words are marked in the results' excerpts and on the exemplar page, and marking escapes HTML."""
import pytest

from models import Role
from models.ranking import ListKind
from reviewer.exemplars.highlight import excerpt, mark
from tests.conftest import count_queries
from tests.evaluation_factories import publish_exemplars
from tests.factories import make_court, make_judgment, make_user

BOTH = ["民事判决书", "本院认为，被告车辆投保了交强险，原告主张的护理费按护工标准计算。"]
ONLY_INSURANCE = ["民事判决书", "本院认为，被告车辆投保了交强险，医疗费应予支持。"]
ONLY_CARE = ["民事判决书", "本院认为，原告主张的护理费有票据为证。"]


@pytest.fixture
def library(db):
    court = make_court("豫0802")
    judgments = {name: make_judgment(court=court, paragraphs=paragraphs, cause="机动车交通事故责任纠纷")
                 for name, paragraphs in (("both", BOTH), ("insurance", ONLY_INSURANCE), ("care", ONLY_CARE))}
    publish_exemplars([(j, ListKind.EXCELLENT) for j in judgments.values()])
    return judgments


def listed(client, query, library):
    page = client.get("/exemplars/", query_string={"q": query}).get_data(as_text=True)
    return {name for name, j in library.items() if j.case_number in page}, page


@pytest.mark.parametrize("query, expected", [
    ("交强险 护理费", {"both"}),
    ("护理费 交强险", {"both"}),
    ("交强险", {"both", "insurance"}),
    ("护理费", {"both", "care"}),
    ("交强险  护理费 ", {"both"}),        # extra white space
    ("交强险\u3000护理费", {"both"}),      # a full-width space separates words too
    ("交强险 护 费", {"both"}),            # one-character words with an indexed one
    ("护 险", {"both"}),                   # only one-character words
    ("交强险 不存在", set()),
])
def test_every_word_must_occur(client, login, library, query, expected):
    login(make_user(roles=(Role.JUDGE,), court=make_court("豫0883")))
    assert listed(client, query, library)[0] == expected


def test_results_show_an_excerpt_with_the_words_marked(client, login, library):
    login(make_user(roles=(Role.JUDGE,), court=make_court("豫0883")))
    found, page = listed(client, "交强险 护理费", library)
    assert found == {"both"}
    assert "<mark>交强险</mark>" in page and "<mark>护理费</mark>" in page


def test_exemplar_page_marks_the_words_of_the_search_it_came_from(client, login, library):
    login(make_user(roles=(Role.JUDGE,), court=make_court("豫0883")))
    judgment = library["both"]
    listing = client.get("/exemplars/", query_string={"q": "交强险 护理费"}).get_data(as_text=True)
    assert f"/exemplars/{judgment.id}?q=" in listing
    page = client.get(f"/exemplars/{judgment.id}", query_string={"q": "交强险 护理费"}).get_data(as_text=True)
    assert "<mark>交强险</mark>" in page and "<mark>护理费</mark>" in page
    assert "<mark>" not in client.get(f"/exemplars/{judgment.id}").get_data(as_text=True)


def test_a_query_with_markup_is_escaped_not_rendered(client, login, db):
    court = make_court("豫0802")
    judgment = make_judgment(court=court, paragraphs=["本院认为<b>交强险</b>应赔付 a<script>x"])
    publish_exemplars([(judgment, ListKind.EXCELLENT)])
    login(make_user(roles=(Role.JUDGE,), court=make_court("豫0883")))
    for query in ("<b>交强险", "<script>", "交强险 <b>"):
        page = client.get("/exemplars/", query_string={"q": query}).get_data(as_text=True)
        assert "<script>x" not in page and "<b>交强险" not in page and "<mark><" not in page
        detail = client.get(f"/exemplars/{judgment.id}", query_string={"q": query}).get_data(as_text=True)
        assert "<script>x" not in detail and "<b>" not in detail


def test_query_count_with_excerpts_does_not_grow(client, login, db):
    login(make_user(roles=(Role.JUDGE,), court=make_court("豫0883")))
    court = make_court("豫0802")

    def run(n, month):
        publish_exemplars([(make_judgment(court=court, month=month, paragraphs=BOTH), ListKind.EXCELLENT)
                           for _ in range(n)], month=month)
        db.session.commit()
        with count_queries() as counter:
            assert client.get("/exemplars/?q=交强险 护理费").status_code == 200
        return counter[0]

    assert run(2, "2021-03") == run(12, "2021-04")


@pytest.mark.parametrize("text, words, expected", [
    ("投保了交强险", ["交强险"], "投保了<mark>交强险</mark>"),
    ("交强险护理费", ["护理费", "交强险"], "<mark>交强险</mark><mark>护理费</mark>"),
    ("a<b>c", ["b"], "a&lt;<mark>b</mark>&gt;c"),
    ("Abc abc", ["ABC"], "<mark>Abc</mark> <mark>abc</mark>"),
    ("交强险", ["交强", "交强险"], "<mark>交强险</mark>"),          # the longer word wins
    ("1.5倍", [".5"], "1<mark>.5</mark>倍"),                        # words are literal, not patterns
    ("文本", [], "文本"),
])
def test_mark_escapes_and_marks_every_occurrence(text, words, expected):
    assert str(mark(text, words)) == expected


def test_excerpt_starts_before_the_first_hit_and_cuts_with_ellipses():
    text = "甲" * 100 + "交强险" + "乙" * 300
    shown = str(excerpt(text, ["交强险"], width=50, before=10))
    assert shown.startswith("…" + "甲" * 10 + "<mark>交强险</mark>") and shown.endswith("…")
    assert str(excerpt("短文", ["无"])) == "短文"


def test_a_text_longer_than_a_tsvector_keeps_is_still_found_at_its_end(client, login, db):
    """PostgreSQL's tsvector keeps 256 positions per lexeme (none past 16,383): such a text is
    marked and checked by ILIKE, so a word after those limits is found on both databases."""
    from reviewer.exemplars import search

    court = make_court("豫0802")
    long_text = ["民事判决书", "本院认为，" * 300 + "原告主张的营养费有票据为证。"]
    judgment = make_judgment(court=court, paragraphs=long_text, cause="机动车交通事故责任纠纷")
    short = make_judgment(court=court, paragraphs=ONLY_CARE, cause="机动车交通事故责任纠纷")
    publish_exemplars([(judgment, ListKind.EXCELLENT), (short, ListKind.EXCELLENT)])
    assert search._fts_row(judgment.id, search.document_text(judgment))["overflow"] is True
    assert search._fts_row(short.id, search.document_text(short))["overflow"] is False
    login(make_user(roles=(Role.JUDGE,), court=make_court("豫0883")))
    for query, expected in (("营养费", {"long"}), ("营养费 本院", {"long"}), ("护理费", {"short"}),
                            ("本院认为", {"long", "short"})):
        page = client.get("/exemplars/", query_string={"q": query}).get_data(as_text=True)
        found = {name for name, j in (("long", judgment), ("short", short)) if j.case_number in page}
        assert found == expected, query
