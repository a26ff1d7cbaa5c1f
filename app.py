"""Entry point: `flask --app app run`, `gunicorn app:app`."""
import gc

from reviewer import create_app

app = create_app()
# What start-up made (modules, the app, routes, compiled templates, SQLAlchemy's mappers: about
# 250,000 tracked objects) lives as long as the process. Frozen out of the cyclic collector's reach
# (Python documentation, gc.freeze), a full collection no longer walks them: it cost 150–180 ms
# of CPU and came every few views on the pages that build many objects (the assignment board of
# last month: 21 → 2 ms of collection per view; docs/performance.md). A forked worker also shares
# their memory pages with its parent instead of copying them when the collector touches them.
gc.freeze()
