"""Leftovers of crashed requests and killed workers in `<UPLOAD_ROOT>/tmp/` (periodic clean-up).

- `tmp/<32 hex>[.ext]`: a file `storage.receive` was streaming when its request died (or one
  nobody stored), or a copy `storage.local_path` fetched from the object store: removed once
  older than `max_age`.
- `tmp/hearing-<id>-<hex>/`: a processing run's work directory whose worker was killed: removed
  once older than `max_age` unless that hearing's processing job holds a live lease (its next
  run also removes it first: `processing._remove_leftovers`).
The partial files of resumable uploads (`tmp/hearing-uploads/`) are `uploads.cleanup_abandoned`'s.
"""
from __future__ import annotations

import re
import shutil
import time
from datetime import timedelta

from reviewer import job_leases, storage

TEMP_FILE = re.compile(r"^[0-9a-f]{32}(\.[0-9a-z]{1,5})?$")  # `storage.local_path` keeps the extension
WORK_DIR = re.compile(r"^hearing-(\d+)-[0-9a-f]{32}$")


def remove_stale_temp(max_age: timedelta) -> int:
    """Remove stale temporary files and work directories; returns how many went."""
    directory = storage.scratch()
    if not directory.is_dir():
        return 0
    cutoff = time.time() - max_age.total_seconds()
    removed = 0
    for path in directory.iterdir():
        try:
            old = path.stat().st_mtime < cutoff
        except FileNotFoundError:
            continue
        if not old:
            continue
        if path.is_file() and TEMP_FILE.match(path.name):
            path.unlink(missing_ok=True)
            removed += 1
        elif path.is_dir() and (match := WORK_DIR.match(path.name)):
            if not job_leases.alive("hearings.process", [int(match.group(1))]):
                shutil.rmtree(path, ignore_errors=True)
                removed += 1
    return removed
