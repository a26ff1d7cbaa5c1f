"""Benchmark the command line's start-up: `flask --app app …` against bare Python baselines.

Runs every command below as a fresh process several times (alternating, so a busy neighbour hits
all of them alike) and prints, per command, the median wall time and the median CPU time (user +
sys of the child, from `resource.getrusage(RUSAGE_CHILDREN)`), each as a ratio to
`python -c "import flask"` measured in the same run. Baselines:

- `python -c pass`, `python -c "import flask"`: the interpreter, and Flask itself;
- `flask --help` run outside the repository: Flask's command line with its plugins (Flask-Limiter
  installs one, `flask limiter`, imported on every `flask` call), without the app;
- a bare python-docx load of the sample (`docx.Document(path)`): the reference of issue 19
  ("parse-judgment is 16× a bare python-docx load");
- the work alone, without the command line: `parse_docx(path)` and `run_checks(parse_docx(path))`
  in a plain interpreter (importing `reviewer` imports Flask, so they include `import flask`).

The start-up overhead of a command is its time minus its work alone (the goal of issue 19 item 4:
≤ 0.5 s for the commands that need no database).

    .venv/bin/python scripts/bench_cli.py [--runs 7] [--docx PATH] [--before OTHER_CHECKOUT]
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _sample() -> Path:
    for candidate in (ROOT.parent / "shared", ROOT / "shared", Path("/work/shared")):
        docs = sorted((candidate / "data" / "judgments" / "docx").glob("*.docx"))
        if docs:
            return docs[0]
    raise SystemExit("no sample .docx found; pass --docx PATH")


def commands(docx: Path, root: Path, elsewhere: Path, before: Path | None) -> list[tuple[str, list[str], Path, bool]]:
    """(label, argv, working folder, is_baseline) in the order printed. `flask` without `--app`
    runs in the empty folder `elsewhere` (in the repository it would find app.py)."""
    py, flask = [sys.executable], [sys.executable, "-m", "flask", "--app", "app"]
    parse = f"from reviewer.judgments.parser import parse_docx; parse_docx({str(docx)!r})"
    check = ("from reviewer.judgments.parser import parse_docx; from reviewer.prechecks.engine import run_checks; "
             "from reviewer.prechecks.courts import DEFAULT_COURT_CODES; "
             f"run_checks(parse_docx({str(docx)!r}), DEFAULT_COURT_CODES)")
    rows = [
        ("python -c pass", py + ["-c", "pass"], root, True),
        (BASE, py + ["-c", "import flask"], root, True),
        ("bare python-docx load", py + ["-c", f"import docx; docx.Document({str(docx)!r})"], root, True),
        ("parse_docx alone", py + ["-c", parse], root, True),
        ("run_checks(parse_docx) alone", py + ["-c", check], root, True),
        ("flask --help (no app)", [sys.executable, "-m", "flask", "--help"], elsewhere, True),
    ]
    app_commands = [
        ("flask --app app --help", flask + ["--help"]),
        ("parse-judgment DOCX", flask + ["parse-judgment", str(docx)]),
        ("precheck DOCX", flask + ["precheck", str(docx)]),
        ("probe-video --help", flask + ["probe-video", "--help"]),
        ("process-video --help", flask + ["process-video", "--help"]),
        ("init-db --help", flask + ["init-db", "--help"]),
    ]
    rows += [(label, argv, root, False) for label, argv in app_commands]
    if before:
        rows += [(f"before: {label}", argv, before, False) for label, argv in app_commands]
    return rows


BASE = "python -c 'import flask'"
WORK = {"parse-judgment DOCX": "parse_docx alone", "precheck DOCX": "run_checks(parse_docx) alone"}


def run_once(argv: list[str], cwd: Path, env: dict) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one child process; exits if it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr.decode(errors='replace')}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--docx", type=Path, default=None)
    parser.add_argument("--before", type=Path, default=None,
                        help="another checkout (e.g. `git worktree add /tmp/before <commit>`) timed in the same run")
    args = parser.parse_args()
    docx = args.docx or _sample()
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "PYTHONPATH")}
    with tempfile.TemporaryDirectory(prefix="bench_cli_") as elsewhere:
        table = commands(docx, ROOT, Path(elsewhere), args.before)
        walls = {row[0]: [] for row in table}
        cpus = {row[0]: [] for row in table}
        for label, argv, cwd, _ in table:  # warm the file cache and .pyc files once
            run_once(argv, cwd, env)
        for _ in range(args.runs):  # alternate, so a busy neighbour slows every command alike
            for label, argv, cwd, _ in table:
                wall, cpu = run_once(argv, cwd, env)
                walls[label].append(wall)
                cpus[label].append(cpu)
    wall = {label: statistics.median(values) for label, values in walls.items()}
    cpu = {label: statistics.median(values) for label, values in cpus.items()}
    print(f"sample: {docx.name}; {args.runs} runs each, medians; ratios to {BASE}")
    print(f"{'command':40} {'wall s':>8} {'× flask':>8} {'CPU s':>8} {'× flask':>8}")
    for label, _, _, baseline in table:
        print(f"{label:40} {wall[label]:8.3f} {wall[label] / wall[BASE]:8.2f} "
              f"{cpu[label]:8.3f} {cpu[label] / cpu[BASE]:8.2f}{' (baseline)' if baseline else ''}")
    print("\nstart-up overhead = command − its work alone (goal ≤ 0.5 s):")
    for label, _, _, baseline in table:
        if not baseline:
            work = WORK.get(label.removeprefix("before: "), BASE)
            print(f"  {label:38} {cpu[label] - cpu[work]:6.3f} CPU s {wall[label] - wall[work]:6.3f} wall s"
                  f"   (minus {work})")
    for prefix in ("", "before: ") if args.before else ("",):
        label = f"{prefix}parse-judgment DOCX"
        print(f"{label} / bare python-docx load: {cpu[label] / cpu['bare python-docx load']:.1f}× CPU, "
              f"{wall[label] / wall['bare python-docx load']:.1f}× wall")


if __name__ == "__main__":
    main()
