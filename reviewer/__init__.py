"""The case-quality evaluation platform (案件评查): application factory."""
from __future__ import annotations

from functools import partial
from pathlib import Path

from flask import Flask

from reviewer.config import ROOT, Config, check_production

ASSEMBLED = "reviewer.assembled"  # app.extensions key: `assemble` has run


def create_app(overrides: dict | None = None) -> Flask:
    """The application: configuration and the command list, then (`assemble`) the extensions, the
    blueprints, the API and the request hooks.

    One exception keeps the command line fast: while Flask's `flask` command imports `app.py` only
    to list or look up the app's commands (`flask --app app --help`, `… parse-judgment x.docx`),
    the app stays light, and `reviewer.cli` assembles it just before a command that needs the
    database or the web parts runs; the stand-alone tools never do. Under gunicorn, in tests, in a
    running `flask run`/`shell`/`routes` or a plugin's command, and for any other caller, the app
    is assembled here, at once. See docs/architecture.md, "Command line".
    """
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder="static",
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(Config)
    app.json.ensure_ascii = False
    if overrides:
        app.config.update(overrides)
    check_production(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    Path(app.config["UPLOAD_ROOT"]).mkdir(parents=True, exist_ok=True)

    from reviewer.cli import register_commands

    register_commands(app, partial(assemble, app))
    if not _looked_up_by_command_line():
        assemble(app)
    return app


def assemble(app: Flask) -> None:
    """Bind the extensions and connect the web parts: blueprints, API, signal receivers, jobs,
    request hooks, error pages, template helpers. Runs once per app; a second call does nothing."""
    if app.extensions.get(ASSEMBLED):
        return
    app.extensions[ASSEMBLED] = True
    from reviewer.extensions import csrf, db, login_manager, migrate

    _configure_postgresql(app)
    db.init_app(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True)
    _configure_sqlite(app, db)

    from reviewer.errors import register_error_handlers
    from reviewer.templating import register_template_helpers
    from reviewer.web.inputs import install as install_inputs
    from reviewer.web.security import install as install_security
    from reviewer.web.unit_of_work import install as install_unit_of_work

    from reviewer.wiring import connect

    install_inputs(app)  # before the blueprints: their <int:…> rules take the bounded converter
    connect(app)
    install_unit_of_work(app)
    register_error_handlers(app)
    register_template_helpers(app)
    install_security(app)


def _looked_up_by_command_line() -> bool:
    """True while Flask's command line loads the app to list or find the app's own commands:
    `FlaskGroup.list_commands` / `get_command` call `ScriptInfo.load_app` in the root click context,
    whose object is the ScriptInfo. A running command (run, shell, routes, a plugin's) loads the app
    in its own context below the root; gunicorn and tests load it outside any click context."""
    import click
    from flask.cli import ScriptInfo

    ctx = click.get_current_context(silent=True)
    return ctx is not None and ctx.parent is None and isinstance(ctx.obj, ScriptInfo)


def _configure_postgresql(app: Flask) -> None:
    """PostgreSQL: plan every statement with its values (`plan_cache_mode = force_custom_plan`).

    psycopg 3 prepares a statement on the server once it has run five times on a connection, and
    PostgreSQL may then switch to a generic plan that cannot see the values. On skewed data that
    plan can be far worse: the judgment search's generic plan estimated 25 matches for any word and
    took 449 ms instead of 21 ms for 借款 at one year (reviewer/search/bigram.py). With a custom plan
    for every execution, planning is as without prepared statements (psycopg 2's behaviour) and the
    parse is still saved. PostgreSQL documentation, "PREPARE" and `plan_cache_mode`."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    connect_args = dict(options.get("connect_args") or {})
    connect_args["options"] = " ".join(filter(None, [connect_args.get("options"),
                                                     "-c plan_cache_mode=force_custom_plan"]))
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**options, "connect_args": connect_args}


def _configure_sqlite(app: Flask, db) -> None:
    """SQLite: enforce foreign keys, wait on locks instead of failing at once, and open the
    transaction before a savepoint.

    pysqlite (Python's sqlite3, legacy transaction control) begins a transaction only before an
    INSERT/UPDATE/DELETE. A session that has only read sends its first SAVEPOINT outside any
    transaction, where SQLite makes it the transaction itself, so releasing it COMMITS: a failure
    later in the request could no longer roll that part back (tests/test_unit_of_work.py,
    test_a_failure_after_the_savepoints_rolls_back_the_whole_request). So a BEGIN goes first.
    Not SQLAlchemy's documented remedy (`isolation_level = None` and a BEGIN at every transaction's
    start): that holds a read lock from a request's first SELECT, and two requests that both read
    then write deadlock on the upgrade, which SQLite answers at once with "database is locked"
    (every race in tests/test_races.py failed so); here the locks are taken as before.
    """
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from sqlalchemy import event

    with app.app_context():
        @event.listens_for(db.engine, "connect")
        def _pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()

        @event.listens_for(db.engine, "savepoint")
        def _begin_before_savepoint(conn, _name):
            sqlite = conn.connection.driver_connection
            if not sqlite.in_transaction:
                sqlite.execute("BEGIN")
