"""Databases for one test process: each pytest-xdist worker gets its own, so workers never touch
each other's tables.

- SQLite: a file in the worker's own temporary folder.
- PostgreSQL (the run's `DATABASE_URL`): a database `<name>_<run>_<worker>` — `<run>` is the
  xdist run id (or the process id without xdist), so two runs on the same `DATABASE_URL` never
  meet either — created when the session starts and dropped at its end. The database named in
  `DATABASE_URL` is only used to know the server and the user.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, text


def worker_name() -> str:
    """`<run>_gw0`, `<run>_gw1`… under pytest-xdist, `<pid>_main` otherwise."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID", "")[:8] or str(os.getpid())
    return f"{run}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def run_url() -> str | None:
    """The run's `DATABASE_URL` with the psycopg 3 driver, or None for SQLite."""
    url = os.environ.get("DATABASE_URL")
    if url and url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url or None


@contextmanager
def database(purpose: str, folder: Path) -> Iterator[str]:
    """Yield the URL of an empty database of this worker named for `purpose` (`test`, `demo`…)."""
    url = run_url()
    if url is None:
        yield f"sqlite:///{folder / f'{purpose}.sqlite'}"
        return
    base, _, name = url.rpartition("/")
    own = f"{name}_{worker_name()}" + ("" if purpose == "test" else f"_{purpose}")
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{own}"'))
    try:
        yield f"{base}/{own}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{own}" WITH (FORCE)'))
        admin.dispose()
