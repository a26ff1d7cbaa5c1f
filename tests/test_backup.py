"""Backup and restore round-trip a demo instance: every table row and every file hash come back."""
from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import create_engine, inspect, select, text

from models import StoredFile
from reviewer import create_app
from reviewer.backup.services import file_hashes
from reviewer.demo.steps import run_steps
from reviewer.extensions import db as _db
from tests.databases import database


def _tables(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            out = {}
            for table in sorted(_db.metadata.tables):
                if not inspect(conn).has_table(table):
                    continue
                model = _db.metadata.tables[table]
                columns = ", ".join(f'"{c.name}"' for c in model.columns)
                key = ", ".join(f'"{c.name}"' for c in model.primary_key.columns)
                out[table] = [tuple(map(str, row)) for row in conn.execute(
                    text(f'SELECT {columns} FROM "{table}" ORDER BY {key}'))]
            return out
    finally:
        engine.dispose()


def test_backup_and_restore_round_trip_every_table_and_file(app, db, tmp_path):
    run_steps()
    db.session.commit()
    uploads = Path(app.config["UPLOAD_ROOT"])
    (uploads / "tmp").mkdir(exist_ok=True)
    (uploads / "tmp" / "half-received").write_bytes(b"x")
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    stored = db.session.scalars(select(StoredFile)).all()
    assert stored, "the demo stores files"
    before_tables, before_files = _tables(url), file_hashes(uploads)
    assert "tmp/half-received" not in before_files
    for row in stored:  # the demo's rows and files agree
        assert (uploads / row.storage_path).is_file()

    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", str(tmp_path / "bk")])
    assert result.exit_code == 0, result.output

    with database("restore", tmp_path) as fresh_url:  # a fresh database of this worker, dropped after
        fresh_uploads = tmp_path / "restored-uploads"
        other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": fresh_url,
                            "UPLOAD_ROOT": str(fresh_uploads)})
        try:
            with other.app_context():
                _db.create_all()  # a live instance with its own (empty) schema, replaced by the restore
                # (the CLI runs in the innermost app context: the test's app would be used otherwise)
                result = other.test_cli_runner().invoke(args=["restore", str(tmp_path / "bk"), "--yes"])
            assert result.exit_code == 0, result.output
            assert _tables(fresh_url) == before_tables
            assert file_hashes(fresh_uploads) == before_files
            for row in stored:
                content = (fresh_uploads / row.storage_path).read_bytes()
                assert hashlib.sha256(content).hexdigest() == before_files[row.storage_path]
        finally:
            with other.app_context():
                _db.engine.dispose()


def test_a_damaged_backup_is_refused_before_anything_changes(app, db, tmp_path):
    stored = Path(app.config["UPLOAD_ROOT"]) / "judgments" / "2021" / "04" / "a.docx"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"judgment")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", str(tmp_path / "bk")]).exit_code == 0
    victim = next((tmp_path / "bk" / "uploads").rglob("*.*"))
    victim.write_bytes(b"tampered")
    target = tmp_path / "empty-uploads"
    other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}",
                        "UPLOAD_ROOT": str(target)})
    with other.app_context():
        result = other.test_cli_runner().invoke(args=["restore", str(tmp_path / "bk"), "--yes"])
        _db.engine.dispose()
    assert result.exit_code != 0 and "未做任何恢复" in result.output
    assert not any(p.is_file() for p in target.rglob("*"))


def test_backup_refuses_a_folder_that_is_not_empty(app, db, tmp_path):
    (tmp_path / "bk").mkdir()
    (tmp_path / "bk" / "something").write_text("x")
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "bk")])
    assert result.exit_code != 0 and "不是空目录" in result.output
