"""Helpers of the job-queue tests (tests/test_jobs.py, tests/test_export_jobs.py)."""
from __future__ import annotations

from contextlib import contextmanager

from reviewer import jobs


@contextmanager
def consumer_for(app, huey):
    """Swap the app's queue for `huey` and run a real consumer (worker threads) on it.

    The app's own queue comes back afterwards (the `app` fixture also restores the extensions).
    """
    saved = {key: app.extensions[key] for key in ("huey", "huey_tasks") if key in app.extensions}
    jobs.use_huey(app, huey)
    consumer = huey.create_consumer(workers=1, worker_type="thread", periodic=False,
                                    check_worker_health=False, initial_delay=0.05, max_delay=0.2)
    consumer.start()
    try:
        yield
    finally:
        consumer.stop(graceful=True)
        for key in ("huey", "huey_tasks"):
            app.extensions.pop(key, None)
        app.extensions.update(saved)
