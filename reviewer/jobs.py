"""Background jobs on huey: an embedded SQLite queue by default, Redis when REDIS_URL is set.

Features declare jobs with `@job("name")` (and periodic ones with `@periodic(crontab(...))`) in
the modules listed in `TASK_MODULES`. The huey instance is built lazily per app from its config:

- `REDIS_URL` set → `RedisHuey` (production, several consumers possible);
- otherwise `SqliteHuey` in `<instance>/huey.sqlite` (or `HUEY_SQLITE_PATH`, config or environment) — no server needed;
- `HUEY_IMMEDIATE` (default: on under TESTING) runs each job synchronously when enqueued.

Run the consumer with `flask --app app worker` (threads; `--workers N`). Jobs run inside an app
context; they commit their own work (a job is its own unit of work, like a request).
"""
from __future__ import annotations

import importlib
import logging
import os
from pathlib import Path
from typing import Callable

import click
from flask import current_app, has_app_context
from flask.cli import with_appcontext
from huey import RedisHuey, SqliteHuey, crontab  # noqa: F401  (crontab re-exported for features)

log = logging.getLogger(__name__)

TASK_MODULES: tuple[str, ...] = (
    "reviewer.recordings.tasks", "reviewer.hearings.tasks", "reviewer.notifications.tasks",
    "reviewer.stats.tasks",
)

_JOBS: dict[str, Callable] = {}
_PERIODIC: dict[str, tuple[object, Callable]] = {}


def job(name: str):
    """Declare a background job; enqueue it with `enqueue(name, *args)`."""
    def register(fn):
        _JOBS[name] = fn
        return fn
    return register


def periodic(schedule, name: str):
    """Declare a job the consumer runs on a `crontab` schedule."""
    def register(fn):
        _PERIODIC[name] = (schedule, fn)
        return fn
    return register


def make_huey(config: dict, instance_path: str):
    name = config.get("HUEY_NAME", "reviewer")
    immediate = bool(config.get("HUEY_IMMEDIATE", config.get("TESTING", False)))
    if config.get("REDIS_URL"):
        return RedisHuey(name, url=config["REDIS_URL"], immediate=immediate)
    filename = (config.get("HUEY_SQLITE_PATH") or os.environ.get("HUEY_SQLITE_PATH")
                or str(Path(instance_path) / "huey.sqlite"))
    Path(filename).parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name, filename=filename, immediate=immediate)


def _in_app_context(app, fn):
    def run(*args, **kwargs):
        if has_app_context() and current_app._get_current_object() is app:
            return fn(*args, **kwargs)  # immediate mode inside a request or test
        with app.app_context():
            return fn(*args, **kwargs)
    run.__name__ = fn.__name__
    return run


def register_jobs(app, huey) -> dict:
    """Register every declared job (and periodic job) on `huey`; returns the task wrappers."""
    for module in TASK_MODULES:
        importlib.import_module(module)
    tasks = {name: huey.task(name=name)(_in_app_context(app, fn)) for name, fn in _JOBS.items()}
    for name, (schedule, fn) in _PERIODIC.items():
        huey.periodic_task(schedule, name=name)(_in_app_context(app, fn))
    return tasks


def use_huey(app, huey) -> None:
    """Make `huey` the app's queue (the factory's default, or another one in tests)."""
    app.extensions["huey"] = huey
    app.extensions["huey_tasks"] = register_jobs(app, huey)


def init_huey(app):
    """Build the app's huey from its config and register every declared job on it (idempotent)."""
    if "huey" not in app.extensions:
        use_huey(app, make_huey(app.config, app.instance_path))
    return app.extensions["huey"]


def get_huey(app=None):
    return init_huey(app or current_app._get_current_object())


def enqueue(name: str, *args):
    """Queue job `name`; returns huey's Result (already computed in immediate mode)."""
    app = current_app._get_current_object()
    init_huey(app)
    return app.extensions["huey_tasks"][name](*args)


@click.command("worker")
@click.option("--workers", default=1, show_default=True, help="并行处理的线程数")
@with_appcontext
def worker_command(workers: int):
    """运行后台任务处理进程（录像探测、截图、转码、清理过期上传）。"""
    huey = get_huey()
    if huey.immediate:
        raise click.ClickException("当前配置为即时执行模式（HUEY_IMMEDIATE），无需启动后台进程。")
    logging.basicConfig(level=logging.INFO)
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=True)
    consumer.run()
