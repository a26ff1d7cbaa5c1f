"""The case-quality evaluation platform (案件评查): application factory."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from reviewer.config import ROOT, Config, check_production

def create_app(overrides: dict | None = None) -> Flask:
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

    from reviewer.extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True)
    _configure_sqlite(app, db)

    from reviewer.cli import register_commands
    from reviewer.errors import register_error_handlers
    from reviewer.templating import register_template_helpers
    from reviewer.web.inputs import install as install_inputs
    from reviewer.web.security import install as install_security
    from reviewer.web.unit_of_work import install as install_unit_of_work

    from reviewer.wiring import connect

    install_inputs(app)  # before the blueprints: their <int:…> rules take the bounded converter
    connect(app)
    install_unit_of_work(app)
    register_commands(app)
    register_error_handlers(app)
    register_template_helpers(app)
    install_security(app)
    return app


def _configure_sqlite(app: Flask, db) -> None:
    """SQLite: enforce foreign keys and wait on locks instead of failing at once."""
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
