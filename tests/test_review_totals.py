"""`Review.deduction_total` stays the sum of the sheet's item rows on every path that changes them
(draft, submit, edit, removal, a single item set by a pre-check, direct deletes), (the revision
that adds it fills it for existing sheets: tests/test_migrations.py)."""
from decimal import Decimal as D

from sqlalchemy import text

from reviewer.extensions import db
from reviewer.reviews import assigning, services
from tests.review_helpers import item, make_city


def _stored(review) -> D:
    """The column as the database holds it (not the object in memory)."""
    db.session.flush()
    return D(str(db.session.execute(text("SELECT deduction_total FROM reviews WHERE id = :i"),
                                    {"i": review.id}).scalar()))


def test_the_total_follows_every_change_of_the_item_rows(app):
    city = make_city()
    review = services.start_review(assigning.assign("judgment", city.judgment.id, city.r1, city.admin), city.r1)
    assert _stored(review) == 0
    law, focus = item(review.sheet, "reasoning.law"), item(review.sheet, "reasoning.focus")
    entry = services.ItemEntry
    services.save_review(review, services.ReviewInput(entries={law.id: entry(deduction="4", reason="a")}), city.r1)
    assert _stored(review) == D("4")
    services.save_review(review, services.ReviewInput(entries={law.id: entry(deduction="2.5", reason="a"),
                                                               focus.id: entry(deduction="3", reason="b")}), city.r1)
    assert _stored(review) == D("5.5")
    services.save_review(review, services.ReviewInput(entries={focus.id: entry(deduction="3", reason="b")}),
                         city.r1)                                   # the law item removed
    assert _stored(review) == D("3")
    row = review.score_for(focus.id)
    row.deduction = D("1.5")                                        # an item row edited on its own
    assert _stored(review) == D("1.5")
    db.session.delete(row)                                          # and deleted on its own
    db.session.flush()
    db.session.expire(review)
    assert _stored(review) == 0 and review.deduction_total == 0
