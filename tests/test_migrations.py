"""The Alembic migrations build exactly the schema the models describe, move existing data and go back."""
import json
from datetime import datetime, timezone

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from models import Judgment
from reviewer import create_app
from reviewer.extensions import db as _db
from reviewer.judgments import search_index, text_search
from tests.databases import database

BASELINE = "6335503a1ac8"          # the generated initial schema; every later change is a revision
SUBJECT_LINKS = "50ee3d6633d2"
PREVIOUS = "14e36c6b19d5"          # its down_revision     # subject foreign keys + CHECK, with its data migration


def _include_name(name, type_, parent_names):
    if type_ == "table" and name and name.startswith(("exemplar_fts", "judgment_fts", "judgment_text_fts")):
        return False
    if type_ == "index" and name and name.endswith("_trgm"):
        return False
    return True


@pytest.fixture
def migrated(tmp_path):
    """An app on a fresh, empty database of this worker (tests/databases.py)."""
    with database("migr", tmp_path) as url:
        other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "UPLOAD_ROOT": str(tmp_path / "u")})
        with other.app_context():
            yield other
            _db.session.remove()
            _db.engine.dispose()


def test_migrations_match_models_and_downgrade_cleanly(migrated):
    upgrade()
    with _db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": _include_name})
        diff = compare_metadata(context, _db.metadata)
    assert diff == [], diff
    downgrade(revision="base")
    with _db.engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
    assert not (names - {"alembic_version"})


NOW = datetime(2026, 1, 5, 8, 0, tzinfo=timezone.utc)


def _insert(conn, table, **values):
    columns = ", ".join(values)
    marks = ", ".join(f":{k}" for k in values)
    conn.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({marks})"), values)


def _judgment_row(conn, **judgment):
    """Judgment 7 of court 1, with its file and user 1 (baseline columns; `judgment` adds or overrides)."""
    _insert(conn, "courts", id=1, name="解放", full_name="焦作市解放区人民法院", code="J1",
            level="BASIC", sort_order=1, active=True)
    _insert(conn, "users", id=1, username="r", display_name="评查员", password_hash="x",
            is_division_head=False, active=True, created_at=NOW)
    _insert(conn, "stored_files", id=1, kind="judgment", storage_path="a/b.docx", original_name="b.docx",
            size=1, mime_type="application/octet-stream", sha256="0" * 64, uploaded_at=NOW)
    _insert(conn, "judgments", id=7, court_id=1, month="2026-01", purpose="ROUTINE", status="IN_REVIEW",
            file_id=1, **({"parties": "[]", "signatories": "[]", "paragraphs": "[]", "section_ranges": "{}",
                           "created_at": NOW} | judgment))


def _baseline_rows(conn):
    """A judgment and a hearing, each with an assignment, a review and an evaluation (baseline schema)."""
    _judgment_row(conn)
    _insert(conn, "hearings", id=9, court_id=1, month="2026-01", case_number="（2026）豫0802民初1号",
            nomination="SAMPLE", status="READY", playable_in_browser=True, progress=100,
            created_at=NOW, required_viewing=False)
    _insert(conn, "score_sheets", id=1, kind="JUDGMENT", code="j", name="文书", version=1, frozen=True,
            active=True, grade_bands="{}", spread_threshold=10, created_at=NOW, updated_at=NOW, lock_version=1)
    _insert(conn, "hearing_observation_rounds", id=3, year=2026, quarter=1, title="第一季度",
            status="OPEN", created_at=NOW)
    for n, (kind, subject) in enumerate((("judgment", 7), ("hearing", 9)), start=1):
        _insert(conn, "assignments", id=n, reviewer_id=1, created_at=NOW, is_leader=False,
                subject_kind=kind, subject_id=subject, round_id=3 if kind == "hearing" else 99)
        _insert(conn, "reviews", id=n, assignment_id=n, sheet_id=1, reviewer_id=1, status="DRAFT",
                created_at=NOW, updated_at=NOW, lock_version=1, subject_kind=kind, subject_id=subject)
        _insert(conn, "evaluations", id=n, review_count=1, vetoed=False, spread_flag=False, locked=False,
                subject_kind=kind, subject_id=subject)


def _links(conn, table):
    return conn.execute(text(f"SELECT subject_kind, subject_id, judgment_id, hearing_id FROM {table} "
                             f"ORDER BY id")).all()


def test_subject_link_revision_moves_the_data_and_back(migrated):
    upgrade(revision=BASELINE)
    with _db.engine.begin() as conn:
        _baseline_rows(conn)
    upgrade(revision=SUBJECT_LINKS)
    with _db.engine.connect() as conn:
        for table in ("assignments", "reviews", "evaluations"):
            assert _links(conn, table) == [("judgment", 7, 7, None), ("hearing", 9, None, 9)]
        # a round that no longer exists is cleared, as ON DELETE SET NULL would have done
        assert conn.execute(text("SELECT round_id FROM assignments ORDER BY id")).scalars().all() == [None, 3]
    for change in ("hearing_id = 9", "judgment_id = NULL", "subject_id = 8"):   # the CHECK: keys agree
        with pytest.raises(IntegrityError), _db.engine.begin() as conn:
            conn.execute(text(f"UPDATE reviews SET {change} WHERE id = 1"))
    with pytest.raises(IntegrityError), _db.engine.begin() as conn:   # the foreign key: no orphans
        conn.execute(text("DELETE FROM judgments WHERE id = 7"))
    downgrade(revision=PREVIOUS)
    with _db.engine.connect() as conn:
        columns = {c["name"] for c in inspect(conn).get_columns("reviews")}
        assert "judgment_id" not in columns and "hearing_id" not in columns
        assert conn.execute(text("SELECT subject_kind, subject_id FROM evaluations ORDER BY id")).all() == [
            ("judgment", 7), ("hearing", 9)]


def test_subject_link_revision_refuses_orphans_before_changing_anything(migrated):
    upgrade(revision=BASELINE)
    with _db.engine.begin() as conn:
        _baseline_rows(conn)
        conn.execute(text("UPDATE evaluations SET subject_id = 404 WHERE id = 2"))
    config = migrated.extensions["migrate"].migrate.get_config()
    with pytest.raises(RuntimeError, match=r"evaluations: rows point at a subject that does not exist "
                                           r"\(#2 hearing:404\)"):
        command.upgrade(config, SUBJECT_LINKS)   # alembic's own command: the error itself, not exit(1)
    with _db.engine.connect() as conn:
        assert "judgment_id" not in {c["name"] for c in inspect(conn).get_columns("evaluations")}
        conn.execute(text("DELETE FROM evaluations WHERE id = 2"))
        conn.commit()
    upgrade(revision=SUBJECT_LINKS)       # repaired: the upgrade goes through


REFERENCE_LINKS = "842469cf753f"    # calibration references get the same enforced subject link


def test_reference_link_revision_moves_the_data_refuses_orphans_and_goes_back(migrated):
    upgrade(revision=PREVIOUS)
    with _db.engine.begin() as conn:
        _baseline_rows(conn)
        for n, (kind, subject) in enumerate((("judgment", 7), ("hearing", 9), ("hearing", 404)), start=1):
            _insert(conn, "reference_subjects", id=n, subject_kind=kind, subject_id=subject, sheet_id=1,
                    title=f"样卷{n}", active=True, created_at=NOW)
    upgrade(revision=SUBJECT_LINKS)
    config = migrated.extensions["migrate"].migrate.get_config()
    with pytest.raises(RuntimeError, match=r"reference_subjects: references point at a subject that does "
                                           r"not exist \(#3 hearing:404\)"):
        command.upgrade(config, REFERENCE_LINKS)
    with _db.engine.begin() as conn:
        assert "judgment_id" not in {c["name"] for c in inspect(conn).get_columns("reference_subjects")}
        conn.execute(text("DELETE FROM reference_subjects WHERE id = 3"))
    upgrade(revision=REFERENCE_LINKS)
    with _db.engine.connect() as conn:
        assert _links(conn, "reference_subjects") == [("judgment", 7, 7, None), ("hearing", 9, None, 9)]
    with pytest.raises(IntegrityError), _db.engine.begin() as conn:
        conn.execute(text("UPDATE reference_subjects SET subject_id = 8 WHERE id = 1"))
    with pytest.raises(IntegrityError), _db.engine.begin() as conn:
        conn.execute(text("DELETE FROM hearings WHERE id = 9"))
    downgrade(revision=SUBJECT_LINKS)
    with _db.engine.connect() as conn:
        assert "hearing_id" not in {c["name"] for c in inspect(conn).get_columns("reference_subjects")}
        assert conn.execute(text("SELECT subject_kind, subject_id FROM reference_subjects ORDER BY id")).all() == [
            ("judgment", 7), ("hearing", 9)]


def test_downgrade_to_the_baseline_keeps_the_data(migrated):
    """Every revision goes back with rows in the tables it rebuilds (SQLite rebuilds a table to
    drop a column; with foreign keys on, dropping a referenced table would delete or refuse)."""
    upgrade(revision=BASELINE)
    with _db.engine.begin() as conn:
        _baseline_rows(conn)
    upgrade()
    downgrade(revision=BASELINE)
    with _db.engine.connect() as conn:
        assert conn.execute(text("SELECT username FROM users")).scalars().all() == ["r"]
        assert conn.execute(text("SELECT subject_kind, subject_id FROM reviews ORDER BY id")).all() == [
            ("judgment", 7), ("hearing", 9)]
        assert conn.execute(text("SELECT COUNT(*) FROM assignments")).scalar() == 2
        if conn.dialect.name == "sqlite":   # the migration's connection goes back with its keys on
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


OPEN_ASSIGNMENTS = "778a319dee69"   # assignments.submitted_at + the partial index on the open ones
BEFORE_OPEN = "e4a7c2b9d5f1"


def _court_reviewers_file_and_sheet(conn, users):
    """A court, reviewers with the ids `users`, a stored file and a judgment sheet (schema of the
    revisions after users.session_version)."""
    _insert(conn, "courts", id=1, name="解放", full_name="焦作市解放区人民法院", code="J1",
            level="BASIC", sort_order=1, active=True)
    for user in users:
        _insert(conn, "users", id=user, username=f"r{user}", display_name="评查员", password_hash="x",
                is_division_head=False, active=True, created_at=NOW, session_version=1)
    _insert(conn, "stored_files", id=1, kind="judgment", storage_path="a/b.docx", original_name="b.docx",
            size=1, mime_type="application/octet-stream", sha256="0" * 64, uploaded_at=NOW)
    _insert(conn, "score_sheets", id=1, kind="JUDGMENT", code="j", name="文书", version=1, frozen=True,
            active=True, grade_bands="{}", spread_threshold=10, created_at=NOW, updated_at=NOW, lock_version=1)


def test_open_assignment_revision_fills_submitted_at_from_the_reviews_and_goes_back(migrated):
    upgrade(revision=BEFORE_OPEN)
    with _db.engine.begin() as conn:
        _court_reviewers_file_and_sheet(conn, users=(1,))
        for n in (1, 2, 3):
            _insert(conn, "judgments", id=n, court_id=1, month="2026-01", purpose="ROUTINE", status="IN_REVIEW",
                    file_id=1, parties="[]", signatories="[]", paragraphs="[]", section_ranges="{}", created_at=NOW,
                    lock_version=1)
            _insert(conn, "assignments", id=n, reviewer_id=1, created_at=NOW, is_leader=False,
                    subject_kind="judgment", subject_id=n, judgment_id=n)
        for n, status in ((1, "SUBMITTED"), (2, "REOPENED")):   # assignment 3 has no sheet yet
            _insert(conn, "reviews", id=n, assignment_id=n, sheet_id=1, reviewer_id=1, status=status,
                    submitted_at=NOW if status == "SUBMITTED" else None, created_at=NOW, updated_at=NOW,
                    lock_version=1, subject_kind="judgment", subject_id=n, judgment_id=n)
    upgrade(revision=OPEN_ASSIGNMENTS)
    with _db.engine.connect() as conn:
        filled = conn.execute(text("SELECT id, submitted_at IS NOT NULL FROM assignments ORDER BY id")).all()
        assert filled == [(1, True), (2, False), (3, False)]
        assert conn.execute(text("SELECT submitted_at FROM assignments WHERE id = 1")).scalar() == \
            conn.execute(text("SELECT submitted_at FROM reviews WHERE id = 1")).scalar()
        assert "ix_assignments_open" in {i["name"] for i in inspect(conn).get_indexes("assignments")}
    downgrade(revision=BEFORE_OPEN)
    with _db.engine.connect() as conn:
        assert "submitted_at" not in {c["name"] for c in inspect(conn).get_columns("assignments")}
        assert conn.execute(text("SELECT COUNT(*) FROM assignments")).scalar() == 3
        assert conn.execute(text("SELECT assignment_id FROM reviews ORDER BY id")).scalars().all() == [1, 2]


def test_deduction_total_revision_fills_existing_sheets_and_goes_back(migrated):
    upgrade(revision=BASELINE)
    with _db.engine.begin() as conn:
        _baseline_rows(conn)
    upgrade(revision="f18f67d862b9")          # the revision before reviews.deduction_total
    with _db.engine.begin() as conn:
        conn.execute(text('INSERT INTO score_sections (id, sheet_id, title, "order") VALUES (1, 1, \'说理\', 1)'))
        for n, points in ((1, 2.5), (2, 4)):
            conn.execute(text('INSERT INTO score_items (id, sheet_id, section_id, "key", description, points, mode, '
                              'veto, "order") VALUES (:n, 1, 1, :k, \'项\', 10, \'FREE\', :f, :n)'),
                         {"n": n, "k": f"k{n}", "f": False})
            _insert(conn, "review_item_scores", id=n, review_id=1, item_id=n, deduction=points, veto_hit=False,
                    source="reviewer")
    upgrade(revision="f3a8c1d2e4b6")
    with _db.engine.connect() as conn:
        totals = conn.execute(text("SELECT id, deduction_total FROM reviews ORDER BY id")).all()
    assert [(i, float(t)) for i, t in totals] == [(1, 6.5), (2, 0.0)]
    downgrade(revision="f18f67d862b9")
    with _db.engine.connect() as conn:
        assert "deduction_total" not in {c["name"] for c in inspect(conn).get_columns("reviews")}
        assert conn.execute(text("SELECT COUNT(*) FROM review_item_scores")).scalar() == 2


MONTH_TOTALS = "a30e02c84aa2"      # reviewer_month_totals, filled from the submitted sheets
BEFORE_MONTH_TOTALS = "3375a1eef337"


def test_month_totals_revision_fills_the_totals_from_the_submitted_sheets_and_goes_back(migrated):
    upgrade(revision=BEFORE_MONTH_TOTALS)
    with _db.engine.begin() as conn:
        _court_reviewers_file_and_sheet(conn, users=(1, 2))
        for judgment, month in ((1, "2026-01"), (2, "2026-02")):
            _insert(conn, "judgments", id=judgment, court_id=1, month=month, purpose="ROUTINE", status="IN_REVIEW",
                    file_id=1, parties="[]", signatories="[]", paragraphs="[]", section_ranges="{}",
                    created_at=NOW, lock_version=1)
        # judgment 1: both reviewers submitted (6.5 and 2.5); judgment 2: reviewer 1 submitted 3, reviewer 2's draft
        for n, (judgment, user, status, total) in enumerate(((1, 1, "SUBMITTED", 6.5), (1, 2, "SUBMITTED", 2.5),
                                                            (2, 1, "SUBMITTED", 3), (2, 2, "DRAFT", 9)), start=1):
            _insert(conn, "assignments", id=n, reviewer_id=user, created_at=NOW, is_leader=False,
                    subject_kind="judgment", subject_id=judgment, judgment_id=judgment)
            _insert(conn, "reviews", id=n, assignment_id=n, sheet_id=1, reviewer_id=user, status=status,
                    created_at=NOW, updated_at=NOW, lock_version=1, subject_kind="judgment", subject_id=judgment,
                    judgment_id=judgment, deduction_total=total)
    upgrade(revision=MONTH_TOTALS)
    with _db.engine.connect() as conn:
        rows = conn.execute(text("SELECT subject_kind, month, reviewer_id, sheets, deduction_sum, compared, "
                                 "difference_sum FROM reviewer_month_totals ORDER BY month, reviewer_id")).all()
    assert [(k, m, u, s, float(d), c, f) for k, m, u, s, d, c, f in rows] == [
        ("judgment", "2026-01", 1, 1, 6.5, 1, 4.0), ("judgment", "2026-01", 2, 1, 2.5, 1, -4.0),
        ("judgment", "2026-02", 1, 1, 3.0, 0, None)]
    downgrade(revision=BEFORE_MONTH_TOTALS)
    with _db.engine.connect() as conn:
        assert "reviewer_month_totals" not in inspect(conn).get_table_names()
        assert conn.execute(text("SELECT COUNT(*) FROM reviews")).scalar() == 4


def _index_names(conn, table):
    if conn.dialect.name == "postgresql":
        return set(conn.execute(text("SELECT indexname FROM pg_indexes WHERE tablename = :t"), {"t": table}).scalars())
    return set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = :t"),
                            {"t": table}).scalars())


def test_queue_index_revision_creates_the_expression_index_and_drops_it(migrated):
    upgrade(revision="2098e1371449")         # ix_assignments_queue (autogenerate cannot compare it)
    with _db.engine.connect() as conn:
        assert "ix_assignments_queue" in _index_names(conn, "assignments")
    downgrade(revision=MONTH_TOTALS)
    with _db.engine.connect() as conn:
        assert "ix_assignments_queue" not in _index_names(conn, "assignments")


JUDGMENT_SEARCH = "c5d2a8e1f4b7"    # judgment_fts: the judgment list's bigram index
BEFORE_JUDGMENT_SEARCH = "2098e1371449"


def test_judgment_search_revision_indexes_existing_judgments_and_goes_back(migrated):
    upgrade(revision=BEFORE_JUDGMENT_SEARCH)
    with _db.engine.begin() as conn:
        _judgment_row(conn, parties='[{"role": "原告", "name": "张三"}]', case_number="（2026）豫0802民初1号",
                      cause="民间借贷纠纷", judge_id=1)
    upgrade(revision=JUDGMENT_SEARCH)
    with _db.engine.connect() as conn:
        dialect = conn.dialect.name
        for q in ("借贷 张三", "民初1号", "评查员"):    # cause and party, a case number piece, the judge user
            found = conn.execute(select(Judgment.id).where(search_index.matching(q, dialect))).scalars().all()
            assert found == [7], q
        assert conn.execute(select(Judgment.id).where(search_index.matching("借贷 李四", dialect))).all() == []
    downgrade(revision=BEFORE_JUDGMENT_SEARCH)
    with _db.engine.connect() as conn:
        assert not {n for n in inspect(conn).get_table_names() if n.startswith("judgment_fts")}


WHOLE_TEXT_SEARCH = "a4f8d2c6e1b9"   # judgment_text_fts: the judgments' whole text
BEFORE_WHOLE_TEXT_SEARCH = "bd250f1652b3"


def test_whole_text_search_revision_indexes_existing_judgments_and_goes_back(migrated):
    upgrade(revision=BEFORE_WHOLE_TEXT_SEARCH)
    paragraphs = json.dumps(["民事判决书", "原告主张借款本金及利息。", "本院认为，被告危险驾驶。"])   # escaped, as stored
    with _db.engine.begin() as conn:
        _judgment_row(conn, paragraphs=paragraphs, cause="民间借贷纠纷")
    upgrade(revision=WHOLE_TEXT_SEARCH)
    with _db.engine.connect() as conn:
        dialect = conn.dialect.name
        for q in ("借款 利息", "本院认为", "危险驾驶", "借款 被"):
            found = conn.execute(select(Judgment.id).where(text_search.matching_text(q, dialect))).scalars().all()
            assert found == [7], q
        for q in ("借款 李四", "驾驶危险", "民间借贷"):   # the cause is not in the text
            assert conn.execute(select(Judgment.id).where(text_search.matching_text(q, dialect))).all() == [], q
    downgrade(revision=BEFORE_WHOLE_TEXT_SEARCH)
    with _db.engine.connect() as conn:
        assert not {n for n in inspect(conn).get_table_names() if n.startswith("judgment_text_fts")}


WATCH_COUNTS = "e64faf38783b"       # watch_counts: the watch lists' counts kept on apply
BEFORE_WATCH_COUNTS = "714fc550c76c"


def test_watch_counts_revision_counts_the_applied_registers_and_goes_back(migrated):
    import io
    from datetime import date

    from models import WatchCount
    from reviewer.demo.register import csv_text, register_rows
    from reviewer.indicators import imports
    from tests.factories import make_court

    upgrade()                              # applying writes every table the registers keep today
    court = make_court("豫0802", divisions=("民一庭", "执行局"))
    text_ = csv_text(register_rows(court, date(2021, 6, 30), 30, 12, 1))
    imports.apply(None, imports.upload(None, court, io.BytesIO(text_.encode("utf-8")), "台账.csv", date(2021, 6, 30)))
    _db.session.commit()
    columns = (WatchCount.import_id, WatchCount.court_id, WatchCount.division, WatchCount.kind, WatchCount.count)
    stored = sorted(_db.session.execute(select(*columns)).all())
    assert len(stored) > 3
    _db.session.remove()
    downgrade(revision=BEFORE_WATCH_COUNTS)
    with _db.engine.connect() as conn:
        assert "watch_counts" not in inspect(conn).get_table_names()
    upgrade(revision=WATCH_COUNTS)                                  # recounted from the register
    assert sorted(_db.session.execute(select(*columns)).all()) == stored
    _db.session.remove()
    downgrade(revision=BEFORE_WATCH_COUNTS)
    with _db.engine.connect() as conn:
        assert "watch_counts" not in inspect(conn).get_table_names()


COURT_TALLIES = "b083bd92e9ec"      # court_tallies: case_tallies summed per court and month


def test_court_tallies_revision_sums_the_stored_division_tallies_and_goes_back(migrated):
    import io
    from datetime import date

    from models import CourtTally
    from reviewer.demo.register import csv_text, register_rows
    from reviewer.indicators import imports
    from tests.factories import make_court

    upgrade()
    court = make_court("豫0802", divisions=("民一庭", "民二庭", "执行局"))
    for as_of, seed in ((date(2021, 3, 31), 1), (date(2021, 6, 30), 2)):      # history, then current
        text_ = csv_text(register_rows(court, as_of, 30, 12, seed))
        imports.apply(None, imports.upload(None, court, io.BytesIO(text_.encode("utf-8")), "台账.csv", as_of))
    _db.session.commit()
    columns = (CourtTally.import_id, CourtTally.court_id, CourtTally.month, CourtTally.current,
               CourtTally.trial_closed, CourtTally.exec_pending_end, CourtTally.restored_amount_applied)
    stored = sorted(_db.session.execute(select(*columns)).all())            # as written on apply
    assert len(stored) > 40 and {row.current for row in stored} == {True, False}
    _db.session.remove()
    downgrade(revision=WATCH_COUNTS)
    with _db.engine.connect() as conn:
        assert "court_tallies" not in inspect(conn).get_table_names()
    upgrade(revision=COURT_TALLIES)                                          # summed from case_tallies
    assert sorted(_db.session.execute(select(*columns)).all()) == stored
    _db.session.remove()
    downgrade(revision=WATCH_COUNTS)
