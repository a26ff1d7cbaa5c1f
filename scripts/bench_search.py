"""Search at scale: p50 / p95 of each kind of search query on a given database, beside a baseline.

Runs the application's own search code in-process (no HTTP: the page benchmark, scripts/bench_pages.py,
measures the pages) against a dataset built by scripts/make_scale_data.py:

- the exemplar library (`reviewer.exemplars.services.library_page`): the first page of 20 and its
  bounded count, as the page runs them — SQLite FTS5 bigram table / PostgreSQL bigram tsvector + GIN;
- the judgment list (`reviewer.judgments.queries.judgment_list_page`, as the office sees it): one
  keyset page and its total bounded at 1,000;

each for a common word (借款), a rare word (危险驾驶) and several words (借款 利息: AND); the judgment
list also for a whole case number and a piece of one (its sequence, "123号": digits are checked with
LIKE on what is indexed), and a party's name; and the judgment list's whole-text search (检索全文,
`fulltext=1`, table judgment_text_fts) for 借款, 危险驾驶, 借款 利息, a phrase in every judgment
(本院认为) and a rare word (`--rare`; a party's name by default). The baseline
runs in the same loop, alternating with the queries: `SELECT 1` (a round trip) and a judgment
looked up by id. Printed per kind: p50, p95, ×baseline (p50 ÷ the id lookup's p50) and the rows found.

    .venv/bin/python scripts/bench_search.py sqlite:////work/scale/scale10.sqlite
    .venv/bin/python scripts/bench_search.py postgresql+psycopg://root@localhost/scale_y10 --repeat 30

The whole-text cases need table judgment_text_fts (migration a4f8d2c6e1b9).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = {"common": "借款", "rare": "危险驾驶", "several": "借款 利息"}
FULLTEXT = dict(WORDS, **{"in every judgment": "本院认为"})


def _timed(run) -> tuple[float, object]:
    started = time.perf_counter()
    result = run()
    return (time.perf_counter() - started) * 1000, result


def _cases(db, admin, rare_text):
    """(name, callable returning the rows found) for every measured query, baselines first."""
    from sqlalchemy import func, select, text

    from models import Judgment
    from reviewer.exemplars import services as exemplars
    from reviewer.judgments.queries import judgment_list_page

    some_id = db.session.scalar(select(func.max(Judgment.id)))

    def exemplar_page(q):
        page = exemplars.library_page(exemplars.Filters(q=q))
        return f"{len(page.items)} of {'>' if page.capped else ''}{page.total}"

    def judgment_page(q, **more):
        page = judgment_list_page(admin, {"q": q, **more}, {})
        return f"{len(page.items)} of {'>' if page.capped else ''}{page.total}"

    cases = [("baseline: SELECT 1", lambda: db.session.execute(text("SELECT 1")).scalar()),
             ("baseline: judgment by id", lambda: db.session.get(Judgment, some_id).id)]
    for kind, q in WORDS.items():
        cases.append((f"exemplars {kind} ({q})", lambda q=q: exemplar_page(q)))
    number, parties = db.session.execute(select(Judgment.case_number, Judgment.parties)
                                         .where(Judgment.id == some_id // 2)).one()
    listed = dict(WORDS, **{"case number": number or "", "case number piece": f"{(number or '')[-5:]}",
                            "party": next((p["name"] for p in parties or [] if len(p.get("name", "")) > 1), "")})
    for kind, q in listed.items():
        cases.append((f"judgment list {kind} ({q})", lambda q=q: judgment_page(q)))
    if not rare_text:
        rare_parties = db.session.scalar(select(Judgment.parties).where(Judgment.id == some_id // 3)) or []
        rare_text = next((p["name"] for p in rare_parties if 1 < len(p.get("name", "")) < 5), "")
    for kind, q in dict(FULLTEXT, **{"rare word": rare_text}).items():
        cases.append((f"whole text {kind} ({q})", lambda q=q: judgment_page(q, fulltext="1")))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database", help="SQLAlchemy URL of a dataset")
    parser.add_argument("--repeat", type=int, default=40, help="measured runs of each query (default 40)")
    parser.add_argument("--rare", default="", help="the whole-text search's rare word (default: a party's full "
                        "name from the texts, held by a few dozen judgments)")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database
    from sqlalchemy import select

    from models import User
    from reviewer import create_app
    from reviewer.extensions import db

    app = create_app()
    with app.test_request_context():
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        cases = _cases(db, admin, args.rare)
        times: dict[str, list[float]] = {name: [] for name, _run in cases}
        found = {}
        for name, run in cases:      # warm-up: plans, caches
            found[name] = run()
            db.session.expire_all()
        for _ in range(args.repeat):
            for name, run in cases:
                elapsed, found[name] = _timed(run)
                times[name].append(elapsed)
                db.session.expire_all()
        base = statistics.median(times["baseline: judgment by id"])
        print(f"{args.database} — {args.repeat} runs each, in-process, times in ms")
        print(f"| query | p50 | p95 | ×id lookup | found |\n|---|---|---|---|---|")
        for name, _run in cases:
            values = sorted(times[name])
            p50 = statistics.median(values)
            p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
            print(f"| {name} | {p50:.1f} | {p95:.1f} | {p50 / base:.1f} | {found[name]} |")


if __name__ == "__main__":
    main()
