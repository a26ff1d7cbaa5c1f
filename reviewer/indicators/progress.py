"""Progress of a register import running in a job, readable by another process (the page polls).

The apply is one database transaction, so its progress cannot be part of it; it goes through
`reviewer.progress` (its own short transaction, shared by every web node) under `register:<id>`.
"""
from __future__ import annotations

from reviewer import progress


def _key(import_id: int) -> str:
    return f"register:{int(import_id)}"


def write(import_id: int, stage: str, done: int, total: int | None = None) -> None:
    progress.write(_key(import_id), stage, done, total)


def read(import_id: int) -> dict:
    """{"stage", "done", "total"} as last written ({"stage": None, "done": 0, "total": None} before)."""
    state = progress.read(_key(import_id))
    return {"stage": state.stage or None, "done": state.done, "total": state.total}


def reporter(import_id: int, stage: str, total: int | None = None):
    """A `progress(rows)` callback for `imports.check` / `imports.apply`."""
    def report(done: int) -> None:
        write(import_id, stage, done, total)
    return report
