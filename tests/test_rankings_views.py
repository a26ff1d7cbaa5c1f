"""Monthly ranking pages and services: drafting, concurrent edits, publishing, locks, CLI."""
import json

import pytest
from sqlalchemy import select

from models import AuditLog, JudgmentStatus, Role
from models.notification import Notification, NotificationKind
from models.ranking import ListKind, MonthlyRanking, RankingStatus
from reviewer.rankings import locks, publication, services
from tests.evaluation_factories import month_of
from tests.factories import make_court, make_user

MONTH = "2021-04"


@pytest.fixture
def admin(db):
    return make_user(roles=(Role.ADMIN,), court=make_court("豫08"))


@pytest.fixture
def month(db):
    """Seven excellent and four flawed/failed judgments, plus two 合格."""
    scores = [(95, "优秀"), (97, "优秀"), (91, "优秀"), (93, "优秀"), (99, "优秀"), (90, "优秀"), (92, "优秀"),
              (65, "瑕疵"), (55, "不合格"), (62, "瑕疵"), (68, "瑕疵"), (80, "合格"), (75, "合格")]
    return month_of(scores, MONTH)


def _form(ranking, lists, version=None):
    data = {"lock_version": str(ranking.lock_version if version is None else version)}
    for kind, rows in lists.items():
        for n, (judgment_id, reason) in enumerate(rows):
            data[f"{kind.value}-{n}-judgment"] = str(judgment_id)
            data[f"{kind.value}-{n}-position"] = str(n + 1)
            data[f"{kind.value}-{n}-reason"] = reason
    return data


def _draft(client, login, admin):
    login(admin)
    assert client.post(f"/rankings/{MONTH}/draft").status_code == 302
    return services.get_ranking(MONTH)


def test_edit_page_states_the_rule_and_the_proposal(client, login, admin, month):
    login(admin)
    page = client.get(f"/rankings/{MONTH}/edit").get_data(as_text=True)
    assert "推荐规则" in page and "否决项" in page and "不以其他等级的文书补足" in page
    assert month[4][0].case_number in page  # 99 points, first of the excellent proposal


def test_draft_follows_the_rule(client, login, admin, month):
    ranking = _draft(client, login, admin)
    excellent = [e.judgment_id for e in ranking.entries_of(ListKind.EXCELLENT)]
    flawed = [e.judgment_id for e in ranking.entries_of(ListKind.FLAWED)]
    ids = [j.id for j, _ in month]
    assert excellent == [ids[4], ids[1], ids[0], ids[3], ids[6]]
    assert flawed == [ids[8], ids[9], ids[7], ids[10]]
    assert all(e.reason for e in ranking.entries)


@pytest.mark.parametrize("role", [Role.JUDGE, Role.LIAISON, Role.REVIEWER])
def test_only_the_office_edits_rankings(client, login, month, role):
    court = make_court()
    login(make_user(roles=(role,), court=court))
    assert client.get(f"/rankings/{MONTH}/edit").status_code == 403
    for action in ("draft", "save", "publish", "unpublish"):
        assert client.post(f"/rankings/{MONTH}/{action}").status_code == 403
    assert client.get("/rankings/").status_code == 200


def test_admin_reorders_removes_and_adds_with_reasons(client, login, admin, month, db):
    ranking = _draft(client, login, admin)
    ids = [j.id for j, _ in month]
    lists = {ListKind.EXCELLENT: [(ids[0], "说理透彻"), (ids[4], "结构严谨"), (ids[5], "用语规范")],
             ListKind.FLAWED: [(ids[7], "错别字多"), (ids[8], "主文错误"), (ids[11], "引用法条不当")]}
    response = client.post(f"/rankings/{MONTH}/save", data=_form(ranking, lists), follow_redirects=True)
    assert "草稿已保存" in response.get_data(as_text=True)
    db.session.expire_all()
    ranking = services.get_ranking(MONTH)
    assert [(e.judgment_id, e.reason) for e in ranking.entries_of(ListKind.EXCELLENT)] == lists[ListKind.EXCELLENT]
    assert [e.judgment_id for e in ranking.entries_of(ListKind.FLAWED)] == [ids[7], ids[8], ids[11]]


@pytest.mark.parametrize("excellent_count, message", [(6, "最多 5 篇"), (2, "至少 3 篇")])
def test_list_size_is_kept_within_three_to_five(client, login, admin, month, db, excellent_count, message):
    ranking = _draft(client, login, admin)
    excellent = [j.id for j, e in month if e.final_grade.name == "EXCELLENT"][:excellent_count]
    flawed = [e.judgment_id for e in ranking.entries_of(ListKind.FLAWED)]
    form = _form(ranking, {ListKind.EXCELLENT: [(i, "理由") for i in excellent], ListKind.FLAWED: [(i, "理由") for i in flawed]})
    page = client.post(f"/rankings/{MONTH}/save", data=form, follow_redirects=True).get_data(as_text=True)
    assert message in page
    db.session.expire_all()
    assert len(services.get_ranking(MONTH).entries_of(ListKind.EXCELLENT)) == 5


def test_excellent_list_refuses_a_flawed_judgment(client, login, admin, month):
    ranking = _draft(client, login, admin)
    lists = {ListKind.EXCELLENT: [(month[0][0].id, "a"), (month[1][0].id, "b"), (month[7][0].id, "c")],
             ListKind.FLAWED: [(month[8][0].id, "a"), (month[9][0].id, "b"), (month[10][0].id, "c")]}
    page = client.post(f"/rankings/{MONTH}/save", data=_form(ranking, lists), follow_redirects=True).get_data(as_text=True)
    assert "不能列入优秀裁判文书榜" in page


def test_second_save_of_the_same_draft_is_refused(client, login, admin, month, db):
    ranking = _draft(client, login, admin)
    loaded_version = ranking.lock_version
    ids = [j.id for j, _ in month]
    flawed = [(e.judgment_id, e.reason) for e in ranking.entries_of(ListKind.FLAWED)]
    first = {ListKind.EXCELLENT: [(ids[0], "甲的理由"), (ids[1], "甲"), (ids[2], "甲")], ListKind.FLAWED: flawed}
    second = {ListKind.EXCELLENT: [(ids[3], "乙的理由"), (ids[4], "乙"), (ids[5], "乙")], ListKind.FLAWED: flawed}
    client.post(f"/rankings/{MONTH}/save", data=_form(ranking, first, loaded_version))
    other_admin = make_user(roles=(Role.ADMIN,), court=make_court("豫08"))
    login(other_admin)
    page = client.post(f"/rankings/{MONTH}/save", data=_form(ranking, second, loaded_version),
                       follow_redirects=True).get_data(as_text=True)
    assert "本次保存未生效" in page
    db.session.expire_all()
    saved = services.get_ranking(MONTH).entries_of(ListKind.EXCELLENT)
    assert [e.reason for e in saved][0] == "甲的理由"


def test_stale_publish_is_refused(client, login, admin, month, db):
    ranking = _draft(client, login, admin)
    page = client.post(f"/rankings/{MONTH}/publish", data={"lock_version": str(ranking.lock_version - 1)},
                       follow_redirects=True).get_data(as_text=True)
    assert "本次保存未生效" in page
    db.session.expire_all()
    assert services.get_ranking(MONTH).status == RankingStatus.DRAFT


def test_publishing_needs_a_reason_for_every_entry(client, login, admin, month, db):
    ranking = _draft(client, login, admin)
    ranking.entries_of(ListKind.FLAWED)[1].reason = ""
    db.session.commit()
    page = client.post(f"/rankings/{MONTH}/publish", data={"lock_version": str(ranking.lock_version)},
                       follow_redirects=True).get_data(as_text=True)
    assert "缺少公布理由" in page
    db.session.expire_all()
    assert services.get_ranking(MONTH).status == RankingStatus.DRAFT


def test_publish_locks_scores_shows_the_board_and_notifies(client, login, admin, month, db):
    court = month[0][0].court
    liaison = make_user(roles=(Role.LIAISON,), court=court)
    ranking = _draft(client, login, admin)
    response = client.post(f"/rankings/{MONTH}/publish", data={"lock_version": str(ranking.lock_version)})
    assert response.status_code == 302 and response.location.endswith(f"/rankings/{MONTH}")
    db.session.expire_all()
    ranking = services.get_ranking(MONTH)
    assert ranking.status == RankingStatus.PUBLISHED
    listed = {e.judgment_id for e in ranking.entries}
    for judgment, evaluation in month:
        assert evaluation.locked is (judgment.id in listed)
        assert (judgment.status == JudgmentStatus.PUBLISHED) is (judgment.id in listed)
    notes = db.session.scalars(select(Notification).where(Notification.user_id == liaison.id)).all()
    assert [n.kind for n in notes] == [NotificationKind.LIST_PUBLISHED]
    judge = make_user(roles=(Role.JUDGE,), court=make_court("豫0883"))
    login(judge)
    board = client.get(f"/rankings/{MONTH}").get_data(as_text=True)
    assert "张榜公布于" in board and ranking.entries[0].reason in board
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "ranking.publish")) is not None


def test_locked_evaluation_cannot_change(client, login, admin, month, db):
    ranking = _draft(client, login, admin)
    client.post(f"/rankings/{MONTH}/publish", data={"lock_version": str(ranking.lock_version)})
    db.session.expire_all()
    judgment, evaluation = month[4]
    evaluation.final_grade = evaluation.final_grade.__class__.PASS
    with pytest.raises(locks.EvaluationLocked):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(locks.EvaluationLocked):
        locks.ensure_evaluation_unlocked(db.session, "judgment", judgment.id)
    from models import Review
    review = db.session.scalar(select(Review).where(Review.subject_id == judgment.id))
    review.item_scores[0].deduction = 0
    with pytest.raises(locks.EvaluationLocked):
        db.session.flush()
    db.session.rollback()


def test_unpublish_needs_a_reason_and_unlocks(client, login, admin, month, db):
    ranking = _draft(client, login, admin)
    client.post(f"/rankings/{MONTH}/publish", data={"lock_version": str(ranking.lock_version)})
    page = client.post(f"/rankings/{MONTH}/unpublish", data={"reason": "  "}, follow_redirects=True).get_data(as_text=True)
    assert "撤销公布必须填写理由" in page
    db.session.expire_all()
    assert services.get_ranking(MONTH).is_published
    client.post(f"/rankings/{MONTH}/unpublish", data={"reason": "第3名得分计算有误"})
    db.session.expire_all()
    ranking = services.get_ranking(MONTH)
    assert ranking.status == RankingStatus.DRAFT and ranking.unpublish_reason == "第3名得分计算有误"
    assert not any(e.locked for _, e in month)
    log = db.session.scalar(select(AuditLog).where(AuditLog.action == "ranking.unpublish"))
    assert "第3名得分计算有误" in log.summary


def test_draft_board_is_hidden_from_everyone_but_the_office(client, login, admin, month):
    _draft(client, login, admin)
    assert client.get(f"/rankings/{MONTH}").status_code == 200
    login(make_user(roles=(Role.LIAISON,), court=month[0][0].court))
    assert client.get(f"/rankings/{MONTH}").status_code == 404
    assert MONTH not in client.get("/rankings/").get_data(as_text=True)


def test_month_with_fewer_than_three_lists_all_and_publishes(client, login, admin, db):
    month_of([(95, "优秀"), (91, "优秀"), (64, "瑕疵")], MONTH)
    ranking = _draft(client, login, admin)
    assert len(ranking.entries_of(ListKind.EXCELLENT)) == 2 and len(ranking.entries_of(ListKind.FLAWED)) == 1
    assert "少于 3 篇" in ranking.note
    client.post(f"/rankings/{MONTH}/publish", data={"lock_version": str(ranking.lock_version)})
    db.session.expire_all()
    assert services.get_ranking(MONTH).is_published


def test_cli_prints_the_proposal_as_json(app, month):
    from reviewer.extensions import db
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["rank-month", MONTH, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [row["score"] for row in data["excellent"]["entries"]] == [99, 97, 95, 93, 92]
    assert [row["grade_label"] for row in data["flawed"]["entries"]] == ["不合格", "瑕疵", "瑕疵", "瑕疵"]
    assert data["flawed"]["short"] is False and data["candidates"] == 13


def test_cli_refuses_a_bad_month(app):
    result = app.test_cli_runner().invoke(args=["rank-month", "2021-13"])
    assert result.exit_code != 0 and "YYYY-MM" in result.output


def test_demo_step_publishes_past_months_and_leaves_the_latest_as_draft(app, db):
    from datetime import date

    from models.objection import Objection
    from reviewer.demo.calendar import DemoCalendar
    from reviewer.demo.rankings import seed_rankings
    from reviewer.demo.steps import DemoContext

    make_user(roles=(Role.ADMIN,), court=make_court("豫08"))
    judge = make_user(roles=(Role.JUDGE,), court=make_court())
    month_of([(95, "优秀"), (92, "优秀"), (91, "优秀"), (64, "瑕疵"), (55, "不合格")], "2021-03", judge=judge)
    month_of([(96, "优秀"), (61, "瑕疵")], "2021-04")
    ctx = DemoContext(calendar=DemoCalendar(date(2021, 5, 10)))   # the demo's day, injected
    line = seed_rankings(ctx)
    assert "公布 1 个月" in line and "草稿 1 个月" in line
    march, april = services.get_ranking("2021-03"), services.get_ranking("2021-04")
    assert march.is_published and not april.is_published
    assert all("综合得分" in e.reason for e in march.entries)
    assert any("说理不充分" in e.reason for e in march.entries_of(ListKind.FLAWED))
    assert db.session.scalar(select(Objection)).raised_by_id == judge.id
    assert seed_rankings(ctx) is None  # idempotent


def test_a_save_racing_past_the_version_check_is_refused_at_flush(client, login, admin, month, db):
    from sqlalchemy import update
    from sqlalchemy.orm.exc import StaleDataError

    ranking = _draft(client, login, admin)
    seen = ranking.lock_version
    lists = {kind: [(e.judgment_id, "新理由") for e in ranking.entries_of(kind)] for kind in ListKind}
    # another request commits between this one's version check and its flush
    db.session.execute(update(MonthlyRanking).where(MonthlyRanking.id == ranking.id)
                       .values(lock_version=seen + 1).execution_options(synchronize_session=False))
    with pytest.raises(StaleDataError):
        services.save_draft(ranking, admin, seen, lists)
    db.session.rollback()


def test_ranking_pages_query_counts_do_not_grow_with_rows(client, login, admin, db):
    from tests.conftest import count_queries

    def queries(month, n):
        month_of([(90 + i % 9, "优秀") for i in range(n)] + [(60 + i % 9, "瑕疵") for i in range(n)], month)
        db.session.commit()
        login(admin)
        client.post(f"/rankings/{month}/draft")
        counts = []
        for url in (f"/rankings/{month}/edit", f"/rankings/{month}", "/rankings/"):
            with count_queries() as counter:
                assert client.get(url).status_code == 200
            counts.append(counter[0])
        return counts

    assert queries("2021-03", 3) == queries("2021-04", 12)


def test_two_admins_creating_the_same_draft_at_once_get_a_message_not_an_error(client, login, admin, month,
                                                                                db, monkeypatch):
    _draft(client, login, admin)
    # the second request passed the "already exists?" check before the first one committed
    real = services.get_ranking
    monkeypatch.setattr(services, "get_ranking", lambda m: None)
    response = client.post(f"/rankings/{MONTH}/draft")
    monkeypatch.setattr(services, "get_ranking", real)
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "已由他人同时生成" in page
    assert len(db.session.scalars(select(MonthlyRanking)).all()) == 1


def test_candidates_are_one_statement_of_plain_values(app, month, db):
    """The editor reads ~400 candidates a month: one statement, no ORM objects in the session."""
    from tests.conftest import count_queries

    with count_queries() as counter:
        held = len(db.session.identity_map)   # the fixture's own objects
        pool = services.candidates(MONTH)
    assert counter[0] == 1
    assert len(db.session.identity_map) == held
    judgment, evaluation = month[4]   # 99 points, 优秀
    candidate = pool[judgment.id]
    assert (candidate.case_number, candidate.court_id, candidate.evaluation_id, candidate.final_grade.label) == \
        (judgment.case_number, judgment.court_id, evaluation.id, "优秀")
    assert candidate.computed_score == evaluation.computed_score and candidate.veto_count == 0
    assert len(pool) == 13


@pytest.mark.parametrize("grades", [
    ["优秀", "合格", "合格", "瑕疵", "优秀", "合格", "不合格", "优秀"],
    ["合格", "合格", "瑕疵"],
    ["优秀", "优秀", "优秀", "优秀", "优秀", "优秀", "优秀", "合格"],   # ties at the cut, notes
])
def test_ranking_only_the_rankable_entries_gives_the_same_lists_and_notes(grades):
    from reviewer.rankings import adjustment
    from reviewer.rankings.rules import RankingEntry, rank_month
    from reviewer.scoresheets.scoring import GRADE_LABELS

    code = {label: name for name, label in GRADE_LABELS.items()}
    entries = [RankingEntry(n, f"（2021）豫08民终{n}号", 90.0 - (n % 3), code[grade], n % 2)
               for n, grade in enumerate(grades, start=1)]
    entries.append(RankingEntry(99, "（2021）豫08民终99号", None, code["优秀"]))      # unscored
    rankable = adjustment.rankable(entries, services.POLICY)
    assert all(e.grade != code["合格"] and e.score is not None for e in rankable)
    assert rank_month(rankable, services.POLICY) == rank_month(entries, services.POLICY)


@pytest.mark.parametrize("basis", ["raw", "adjusted"])
def test_the_editors_proposal_is_the_one_of_the_offices_basis(db, basis):
    """The editor takes its proposal from the fair-score check (which ranks the month both ways)
    instead of ranking again: it must be what `propose` gives on either basis."""
    from decimal import Decimal

    from reviewer.agreement import settings
    from reviewer.rankings import adjustment
    from tests.agreement_helpers import STRICT_MONTH
    from tests.agreement_helpers import strict_month as _strict_month

    _strict_month()
    settings.update_settings(make_user(roles=(Role.ADMIN,)), ranking_basis=basis, require_calibration=False,
                             tolerance=Decimal("10"), valid_days=92)
    pool = services.candidates(STRICT_MONTH)
    fair = adjustment.for_ranking(STRICT_MONTH, services.rankable_entries(pool), services.POLICY)
    assert fair.basis == basis and fair.moves
    assert fair.proposal == services.propose(STRICT_MONTH, pool)


def test_adjusted_scores_cover_the_rankable_candidates_and_the_listed_ones(db):
    """Adjusted scores are looked up for the candidates a list can take and for the draft's rows
    (a 合格 judgment the office put on the flawed list), not for every candidate of the month."""
    from decimal import Decimal

    from reviewer.rankings import adjustment
    from tests.evaluation_factories import evaluate
    from tests.factories import make_judgment
    from tests.agreement_helpers import STRICT_MONTH
    from tests.agreement_helpers import strict_month as _strict_month

    strict, judgments = _strict_month()
    passed = make_judgment(court=make_court(), month=STRICT_MONTH)
    evaluate(passed, 80, "合格", reviewers=[strict, make_user(roles=(Role.REVIEWER,))],
             deductions=[Decimal(26), Decimal(20)])
    pool = services.candidates(STRICT_MONTH)
    entries = services.rankable_entries(pool)
    assert {e.subject_id for e in entries} == set(judgments)
    plain = adjustment.for_ranking(STRICT_MONTH, entries, services.POLICY)
    shown = adjustment.for_ranking(STRICT_MONTH, entries, services.POLICY, shown={passed.id})
    assert set(plain.adjusted) == set(judgments)
    assert set(shown.adjusted) == set(judgments) | {passed.id}


def test_a_ranking_is_read_with_its_entries_judgments_and_courts_in_two_statements(client, login, admin, month, db):
    from tests.conftest import count_queries

    _draft(client, login, admin)
    db.session.expunge_all()
    with count_queries() as counter:
        ranking = services.get_ranking(MONTH)
        shown = [(e.judgment.case_number, e.judgment.court.name) for e in ranking.entries]
    assert counter[0] == 2
    assert len(shown) == 9 and all(number and court for number, court in shown)


def test_veto_hits_are_counted_where_a_list_ranks_or_shows_them(client, login, admin, month, db):
    """Flawed and excellent candidates carry their veto hits (the tie-break); a 合格 judgment's are
    not counted (None) until the office puts it on the flawed list, where its row shows them."""
    from tests.evaluation_factories import evaluate
    from tests.factories import make_judgment

    flawed, passed = (make_judgment(court=month[0][0].court, month=MONTH) for _ in range(2))
    evaluate(flawed, 64, "瑕疵", vetoes=2, reviewers=[make_user(roles=(Role.REVIEWER,)) for _ in range(2)])
    evaluate(passed, 79, "合格", vetoes=1)
    db.session.commit()
    pool = services.candidates(MONTH)
    assert pool[flawed.id].veto_count == 2 and pool[month[4][0].id].veto_count == 0
    assert pool[passed.id].veto_count is None and pool[passed.id].entry.veto_count == 0
    ranking = _draft(client, login, admin)
    rows = [(e.judgment_id, e.reason) for e in ranking.entries_of(ListKind.FLAWED)][:4] + [(passed.id, "列入")]
    lists = {ListKind.EXCELLENT: [(e.judgment_id, e.reason) for e in ranking.entries_of(ListKind.EXCELLENT)],
             ListKind.FLAWED: rows}
    client.post(f"/rankings/{MONTH}/save", data=_form(ranking, lists))
    assert services.candidates(MONTH)[passed.id].veto_count == 1
    page = client.get(f"/rankings/{MONTH}/edit").get_data(as_text=True)
    row = page[page.index(passed.case_number):]
    assert "79.00 · 合格 · 否决项 1" in row[:row.index("</tr>")]


def test_the_editor_reads_the_draft_rows_as_plain_values_in_one_statement(client, login, admin, month, db):
    from tests.conftest import count_queries

    ranking = _draft(client, login, admin)
    expected = {kind: [(e.position, e.judgment_id, e.reason, e.judgment.case_number, e.judgment.court.name)
                       for e in ranking.entries_of(kind)] for kind in ListKind}
    ranking_id = ranking.id
    db.session.expunge_all()        # a request's fresh session
    with count_queries() as counter:
        rows = services.draft_rows(db.session.get(MonthlyRanking, ranking_id))
    assert counter[0] == 2          # the ranking, then its rows
    assert {kind: [tuple(r)[1:] for r in rows[kind]] for kind in ListKind} == expected
    assert all(r.kind == kind for kind in ListKind for r in rows[kind]) and len(rows[ListKind.EXCELLENT]) == 5
    assert services.draft_rows(None) == {kind: [] for kind in ListKind}
