"""The served entry point (`app.py`, what gunicorn loads) freezes what start-up made out of the
cyclic garbage collector's reach (see its comment; the pauses are measured in docs/performance.md,
not asserted here)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import gc, json
before = gc.get_freeze_count()
import app
print(json.dumps({"before": before, "after": gc.get_freeze_count(), "flask": type(app.app).__name__}))
"""


def test_the_entry_point_freezes_start_up_objects(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(UPLOAD_ROOT=str(tmp_path / "uploads"), HUEY_SQLITE_PATH=str(tmp_path / "huey.sqlite"))
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["flask"] == "Flask"
    assert result["before"] == 0 and result["after"] > 50_000
