"""Progress of a register import running in a job, readable by another process (the page polls).

The apply is one database transaction, so its progress cannot be committed to the database while
it runs; it is written as a small JSON file under `<UPLOAD_ROOT>/progress/` instead (replaced
atomically, so a reader never sees half a file).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from reviewer import storage


def _path(import_id: int) -> Path:
    return storage.root() / "progress" / f"register-{int(import_id)}.json"


def write(import_id: int, stage: str, done: int, total: int | None = None) -> None:
    path = _path(import_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps({"stage": stage, "done": done, "total": total}), encoding="utf-8")
    os.replace(temp, path)


def read(import_id: int) -> dict:
    try:
        return json.loads(_path(import_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"stage": None, "done": 0, "total": None}


def reporter(import_id: int, stage: str, total: int | None = None):
    """A `progress(rows)` callback for `imports.check` / `imports.apply`."""
    def report(done: int) -> None:
        write(import_id, stage, done, total)
    return report
