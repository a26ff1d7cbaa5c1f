"""Jobs are wired in one place (issue 10 item 3): every function marked @job/@periodic under
reviewer/ is listed in `reviewer.wiring.JOBS`, names are unique, and the app's huey registers
exactly those — nothing registers itself by being imported."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from huey import MemoryHuey

from reviewer import jobs, wiring

ROOT = Path(__file__).resolve().parents[1] / "reviewer"


def _marked_functions() -> set[tuple[str, str]]:
    found = set()
    for path in ROOT.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef):
                continue
            for deco in node.decorator_list:
                target = deco.func if isinstance(deco, ast.Call) else deco
                if isinstance(target, ast.Name) and target.id in {"job", "periodic"}:
                    module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
                    found.add((module, node.name))
    return found


def test_every_marked_job_is_wired():
    wired = {(fn.__module__, fn.__name__) for fn in wiring.JOBS}
    assert _marked_functions() == wired


def test_job_names_are_unique():
    names = [fn.job_name for fn in wiring.JOBS]
    assert len(names) == len(set(names))


def test_huey_registers_exactly_the_wired_jobs(app):
    huey = MemoryHuey("wiring-test", immediate=True)
    tasks = jobs.register_jobs(app, huey)
    plain = {fn.job_name for fn in wiring.JOBS if fn.job_schedule is None}
    periodic = {fn.job_name for fn in wiring.JOBS if fn.job_schedule is not None}
    assert set(tasks) == plain
    assert {task().name for task in huey._registry._periodic_tasks} == periodic


def test_an_unmarked_function_is_refused(app):
    saved = app.extensions[jobs.JOB_FUNCTIONS]
    app.extensions[jobs.JOB_FUNCTIONS] = (*saved, lambda: None)
    try:
        with pytest.raises(TypeError):
            jobs.register_jobs(app, MemoryHuey("wiring-test-2", immediate=True))
    finally:
        app.extensions[jobs.JOB_FUNCTIONS] = saved
