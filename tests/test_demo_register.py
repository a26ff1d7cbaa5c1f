"""Demo step: the synthetic case register gives every court 24 months around the targets."""
from __future__ import annotations

from sqlalchemy import func, select

from models.case_register import CaseImport, CaseRecord, RegisterImportStatus
from reviewer.demo.reference import seed_reference
from reviewer.demo.register import seed_register
from reviewer.demo.steps import STEPS, DemoContext
from reviewer.indicators import figures
from reviewer.indicators.periods import Period, add_months, month_key


def test_register_step_is_registered_and_covers_every_court_around_the_targets(app, db):
    assert seed_register in STEPS
    ctx = DemoContext()
    seed_reference(ctx)
    assert "案件台账" in seed_register(ctx)
    db.session.commit()
    assert db.session.scalar(select(func.count(CaseImport.id)).where(
        CaseImport.status == RegisterImportStatus.APPLIED)) == 11
    first = db.session.scalar(select(func.min(CaseRecord.filed_on)))
    assert month_key(first) == add_months(month_key(ctx.calendar.today), -23)
    last = add_months(month_key(ctx.calendar.today), -1)
    courts = sorted(ctx.courts.values(), key=lambda c: c.sort_order)
    board = figures.board(Period(add_months(last, -11), last), courts, with_city=True)
    verdicts = {row.cells["acceptance"].verdict.met for row in board.rows[1:-1]}
    assert verdicts == {True, False}                       # some basic courts above, some below
    assert all(v is not None for v in board.rows[-1].trend["closed_in_limit"])
    assert seed_register(ctx) is None                      # idempotent
