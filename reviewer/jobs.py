"""Background jobs on huey: an embedded SQLite queue by default, Redis when REDIS_URL is set.

Features mark their job functions with `@job("name")` (and periodic ones with
`@periodic(crontab(...), name=...)`); the marks only label the function. Which jobs exist is said in
one place, `reviewer.wiring.JOBS`, which `connect(app)` hands to the app; the huey instance is built
lazily per app from its config and registers exactly those:

- `REDIS_URL` set → `RedisHuey` (production, several consumers possible);
- otherwise `SqliteHuey` in `<instance>/huey.sqlite` (or `HUEY_SQLITE_PATH`, config or environment) — no server needed;
- `HUEY_IMMEDIATE` (default: on under TESTING) runs each job synchronously when enqueued.

Run the consumer with `flask --app app worker` (threads; `--workers N`). Jobs run inside an app
context; they commit their own work (a job is its own unit of work, like a request).

Crash recovery (`reviewer.job_leases`): outside immediate mode every job queued with `enqueue`
has a lease row; the worker claims it before running, extends it while alive, deletes it on
success and retries with back-off on an exception (`job(..., on_give_up=...)` runs when the
attempts are spent). Each worker sweeps every `JOB_SWEEP_SECONDS` (and once at start) for jobs
whose lease expired because their worker was killed, and queues them again. A view queues a job
with `enqueue_after_commit`, so the job never runs before the request's changes are committed.
"""
from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

import click
from flask import current_app, has_app_context
from flask.cli import with_appcontext
from huey import RedisHuey, SqliteHuey, crontab  # noqa: F401  (crontab re-exported for features)

log = logging.getLogger(__name__)

JOB_FUNCTIONS = "job_functions"   # app.extensions key: the functions `reviewer.wiring.JOBS` lists


def job(name: str, on_give_up: Callable | None = None):
    """Mark `fn` as the background job `name`; enqueue it with `enqueue(name, *args)` once it is
    listed in `reviewer.wiring.JOBS`. The mark registers nothing by itself.

    `on_give_up(*args, message)` runs (in an app context, then committed) when the job failed
    `JOB_MAX_ATTEMPTS` times (exceptions or killed workers), so its subject is not left half-way.
    """
    def mark(fn):
        fn.job_name, fn.job_on_give_up, fn.job_schedule = name, on_give_up, None
        return fn
    return mark


def periodic(schedule, name: str):
    """Mark `fn` as a job the consumer runs on a `crontab` schedule (listed in `wiring.JOBS`)."""
    def mark(fn):
        fn.job_name, fn.job_on_give_up, fn.job_schedule = name, None, schedule
        return fn
    return mark


def _declared(app) -> list[Callable]:
    functions = app.extensions.get(JOB_FUNCTIONS, ())
    unmarked = [fn for fn in functions if not hasattr(fn, "job_name")]
    if unmarked:
        raise TypeError(f"not marked with @job/@periodic: {unmarked!r}")
    return list(functions)


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


def _leased(app, huey, name, fn):
    """Run `fn` under its lease (see the module docstring); immediate mode runs it directly."""
    from reviewer import job_leases as leases
    from reviewer.extensions import db

    def run(*args):
        if huey.immediate:
            return fn(*args)
        lease_seconds = leases.setting(app.config, "JOB_LEASE_SECONDS")
        attempt = leases.claim(name, args, lease_seconds)
        if attempt is None:
            log.info("job %s%s is held by another worker", name, args)
            return None
        if attempt > leases.setting(app.config, "JOB_MAX_ATTEMPTS"):
            return _give_up(app, name, args, "后台任务多次中断（处理进程被终止），已停止重试。")
        stop = leases.heartbeat(app, name, args, lease_seconds)
        try:
            result = fn(*args)
        except Exception as error:
            db.session.rollback()
            log.exception("job %s%s failed (attempt %s)", name, args, attempt)
            delay = leases.failed(app.config, name, args, attempt, repr(error))
            if delay is None:
                _give_up(app, name, args, "后台任务多次失败，已停止重试。")
            else:
                app.extensions["huey_tasks"][name].schedule(args, delay=delay)
            return None
        finally:
            stop()
        leases.done(name, args)
        return result
    run.__name__ = fn.__name__
    return run


def _give_up(app, name, args, message):
    from reviewer import job_leases as leases
    from reviewer.extensions import db

    leases.failed({**app.config, "JOB_MAX_ATTEMPTS": 0}, name, args, 1 << 30, message)
    on_give_up = next((fn.job_on_give_up for fn in _declared(app) if fn.job_name == name), None)
    if on_give_up is not None:
        on_give_up(*args, message)
        db.session.commit()
    return None


def sweep(app=None) -> int:
    """Queue again the jobs whose worker died (lease expired) or that were lost; returns how many."""
    from reviewer import job_leases as leases

    app = app or current_app._get_current_object()
    tasks = app.extensions["huey_tasks"]
    again = 0
    for name, args, attempts in leases.due():
        if name not in tasks:
            continue
        log.warning("job %s%s: its worker stopped (attempt %s); queued again", name, args, attempts)
        tasks[name](*args)
        again += 1
    return again


def _sweeper(app, every: float):
    def loop():
        with app.app_context():
            while True:
                try:
                    sweep(app)
                except Exception:  # the next sweep tries again
                    log.exception("job sweep failed")
                threading.Event().wait(every)
    threading.Thread(target=loop, name="job-sweeper", daemon=True).start()


def register_jobs(app, huey) -> dict:
    """Register the app's jobs (`wiring.JOBS`, handed over by `connect`) on `huey`; returns the
    task wrappers of the non-periodic ones by name. Raises TypeError for an unmarked function."""
    tasks = {}
    for fn in _declared(app):
        if fn.job_schedule is None:
            wrapped = _in_app_context(app, _leased(app, huey, fn.job_name, fn))
            tasks[fn.job_name] = huey.task(name=fn.job_name)(wrapped)
        else:
            huey.periodic_task(fn.job_schedule, name=fn.job_name)(_in_app_context(app, fn))
    return tasks


def use_huey(app, huey) -> None:
    """Make `huey` the app's queue (the factory's default, or another one in tests)."""
    app.extensions["huey"] = huey
    app.extensions["huey_tasks"] = register_jobs(app, huey)


def init_huey(app):
    """Build the app's huey from its config and register every declared job on it (idempotent)."""
    if app.extensions.get("huey") is None:
        use_huey(app, make_huey(app.config, app.instance_path))
    return app.extensions["huey"]


def get_huey(app=None):
    return init_huey(app or current_app._get_current_object())


def enqueue(name: str, *args):
    """Queue job `name`; returns huey's Result (already computed in immediate mode)."""
    app = current_app._get_current_object()
    huey = init_huey(app)
    if not huey.immediate:
        from reviewer import job_leases

        job_leases.record_queued(name, args)
    return app.extensions["huey_tasks"][name](*args)


def enqueue_after_commit(name: str, *args) -> None:
    """In a request: queue job `name` once the request's unit of work has committed (nothing if
    it rolled back). Outside a request (CLI, jobs, which commit themselves first): queue now.

    A failure to reach the queue is logged, not raised: the file is safe, and the lease row's
    sweep or the office's 重新处理 bring the job back.
    """
    from flask import after_this_request, has_request_context
    from sqlalchemy import event

    from reviewer.extensions import db

    if not has_request_context():
        enqueue(name, *args)
        return
    committed = []
    event.listen(db.session(), "after_commit", lambda _s: committed.append(True), once=True)

    @after_this_request
    def queue(response):
        if committed:
            try:
                enqueue(name, *args)
            except Exception:
                log.exception("could not queue job %s%s", name, args)
        return response


@click.command("worker")
@click.option("--workers", default=1, show_default=True, help="并行处理的线程数")
@with_appcontext
def worker_command(workers: int):
    """运行后台任务处理进程（录像探测、截图、转码、清理过期上传）。"""
    huey = get_huey()
    if huey.immediate:
        raise click.ClickException("当前配置为即时执行模式（HUEY_IMMEDIATE），无需启动后台进程。")
    logging.basicConfig(level=logging.INFO)
    from reviewer import job_leases

    app = current_app._get_current_object()
    _sweeper(app, job_leases.setting(app.config, "JOB_SWEEP_SECONDS"))
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=True)
    consumer.run()
