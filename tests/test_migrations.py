"""The Alembic migrations build exactly the schema the models describe."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from reviewer import create_app
from reviewer.extensions import db as _db


def _include_name(name, type_, parent_names):
    if type_ == "table" and name and name.startswith("exemplar_fts"):
        return False
    if type_ == "index" and name and name.endswith("_trgm"):
        return False
    return True


def _fresh_url(app, tmp_path):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'migrated.sqlite'}", None
    base, _, name = url.rpartition("/")
    fresh = f"{name}_migr"
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{fresh}"'))
        conn.execute(text(f'CREATE DATABASE "{fresh}"'))
    return f"{base}/{fresh}", (admin, fresh)


def test_migrations_match_models_and_downgrade_cleanly(app, tmp_path):
    url, cleanup = _fresh_url(app, tmp_path)
    migrated = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                           "UPLOAD_ROOT": str(tmp_path / "u")})
    try:
        with migrated.app_context():
            upgrade()
            with _db.engine.connect() as conn:
                context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": _include_name})
                diff = compare_metadata(context, _db.metadata)
            assert diff == [], diff
            downgrade(revision="base")
            with _db.engine.connect() as conn:
                names = set(inspect(conn).get_table_names())
            assert not (names - {"alembic_version"})
    finally:
        with migrated.app_context():
            _db.engine.dispose()
        if cleanup:
            admin, fresh = cleanup
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{fresh}"'))
            admin.dispose()
