"""The database enforces the subject link of assignments, reviews and evaluations (models/subject.py)."""
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from models import Assignment, Evaluation, Role
from tests.factories import make_judgment, make_user


def test_the_foreign_key_columns_follow_the_subject_pair(app, db):
    judgment = make_judgment()
    evaluation = Evaluation(subject_kind="judgment", subject_id=judgment.id)
    assert (evaluation.judgment_id, evaluation.hearing_id) == (judgment.id, None)
    db.session.add(evaluation)
    db.session.commit()
    row = db.session.execute(text("SELECT judgment_id, hearing_id FROM evaluations")).one()
    assert tuple(row) == (judgment.id, None)


def test_a_row_for_a_missing_subject_is_refused(app, db):
    db.session.add(Evaluation(subject_kind="hearing", subject_id=987654))
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_an_unknown_kind_is_refused(app, db):
    judgment = make_judgment()
    db.session.add(Evaluation(subject_kind="ruling", subject_id=judgment.id))
    with pytest.raises(IntegrityError):
        db.session.flush()


@pytest.mark.parametrize("keys", ["NULL, NULL", ":id, :id"])
def test_keys_that_disagree_with_the_kind_are_refused(app, db, keys):
    judgment = make_judgment()
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(text(f"INSERT INTO evaluations (subject_kind, subject_id, judgment_id, hearing_id, "
                                f"review_count, vetoed, spread_flag, locked) "
                                f"VALUES ('judgment', :id, {keys}, 0, false, false, false)"), {"id": judgment.id})


def test_a_subject_with_reviewing_rows_cannot_be_deleted(app, db):
    judgment = make_judgment()
    reviewer = make_user(roles=(Role.REVIEWER,))
    db.session.add(Assignment(subject_kind="judgment", subject_id=judgment.id, reviewer_id=reviewer.id))
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(text("DELETE FROM judgments WHERE id = :id"), {"id": judgment.id})
