"""Backup and restore of one instance: the database and the upload store, consistent with each other.

A backup is a folder:

    manifest.json      format, time, database kind, Alembic revision, every file's SHA-256 and size
    database.sqlite    SQLite: a copy made with SQLite's online backup API (readers and writers
                       may go on; the copy is one consistent state)
    database.dump      PostgreSQL: `pg_dump --format=custom`, taken in an exported snapshot
    uploads/…          the upload store as it is on disk (`tmp/` excluded: half-received requests)

Consistency: the files are copied first; then the database is captured (one snapshot); then every
`stored_files` row of that snapshot is checked against the copy, and a file stored after the copy
began is copied now. A row whose file is gone from both raises `BackupError` (try again). Files
are only ever deleted after the commit that drops their row, so rows of the snapshot keep their
files.

Restore verifies every file of the backup against the manifest first (a damaged backup is refused
before anything is touched), then replaces the database (SQLite: the online backup API again;
PostgreSQL: `pg_restore --clean --if-exists --single-transaction`) and the upload store (which
must be empty unless `replace=True`, which removes what is not in the backup).

Pure module: no Flask imports; the CLI (`reviewer/backup/cli.py`) passes the URL and folder.
Raises `BackupError` with a Chinese message for anything the operator must act on.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

FORMAT = 1
SKIPPED_DIRS = {"tmp"}
CHUNK = 1024 * 1024

__all__ = ["BackupError", "backup", "restore", "file_hashes"]


class BackupError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _files(root: Path):
    for dirpath, dirnames, filenames in os.walk(root):
        if Path(dirpath) == root:
            dirnames[:] = [d for d in dirnames if d not in SKIPPED_DIRS]
        for name in filenames:
            path = Path(dirpath) / name
            if name != ".gitkeep" and path.is_file():
                yield path.relative_to(root).as_posix()


def file_hashes(root: Path) -> dict[str, str]:
    """{relative path: SHA-256} of every file under `root` (`tmp/` and `.gitkeep` excluded)."""
    return {rel: _sha256(root / rel) for rel in sorted(_files(Path(root)))}


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _libpq_url(url: str) -> str:
    """The SQLAlchemy URL as libpq (pg_dump, pg_restore) reads it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


def _sqlite_snapshot(url: str, target: Path) -> list[str]:
    source = sqlite3.connect(make_url(url).database)
    try:
        dest = sqlite3.connect(target)
        with dest:
            source.backup(dest)
        paths = [row[0] for row in dest.execute("SELECT storage_path FROM stored_files")]
        dest.close()
    finally:
        source.close()
    return paths


def _postgres_snapshot(url: str, target: Path) -> list[str]:
    engine = create_engine(url, isolation_level="REPEATABLE READ")
    try:
        with engine.connect() as conn:  # the dump and the file list see the same snapshot
            snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            paths = list(conn.execute(text("SELECT storage_path FROM stored_files")).scalars())
            _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                  f"--file={target}", _libpq_url(url)])
            conn.rollback()
    finally:
        engine.dispose()
    return paths


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} 执行失败：{result.stderr.strip()[:500]}")


def _revision(url: str) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:  # a database built by create_all (tests, demo) has no Alembic table
        return None
    finally:
        engine.dispose()


def backup(database_url: str, upload_root: Path, target: Path) -> dict:
    """Write a backup of the database at `database_url` and the store at `upload_root` into
    `target` (a new or empty folder). Returns the manifest (also written as manifest.json)."""
    upload_root, target = Path(upload_root), Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"备份目录 {target} 不是空目录。")
    target.mkdir(parents=True, exist_ok=True)
    copied = target / "uploads"
    for rel in _files(upload_root):
        _copy(upload_root / rel, copied / rel)
    sqlite = _is_sqlite(database_url)
    database_file = target / ("database.sqlite" if sqlite else "database.dump")
    referenced = (_sqlite_snapshot if sqlite else _postgres_snapshot)(database_url, database_file)
    for rel in referenced:
        if (copied / rel).is_file():
            continue
        if not (upload_root / rel).is_file():
            raise BackupError(f"数据库登记的文件 {rel} 在存储中不存在，备份未完成，请稍后重试或检查存储。")
        _copy(upload_root / rel, copied / rel)
    manifest = {
        "format": FORMAT, "created_at": datetime.now(timezone.utc).isoformat(),
        "database": "sqlite" if sqlite else "postgresql", "database_file": database_file.name,
        "database_sha256": _sha256(database_file), "alembic_revision": _revision(database_url),
        "files": file_hashes(copied),
    }
    (target / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def _verified_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupError(f"{source} 中没有可读的 manifest.json，不是本平台的备份。") from None
    if manifest.get("format") != FORMAT:
        raise BackupError("备份格式版本不符，无法恢复。")
    database_file = source / manifest["database_file"]
    if not database_file.is_file() or _sha256(database_file) != manifest["database_sha256"]:
        raise BackupError("备份中的数据库文件缺失或已损坏，未做任何恢复。")
    present = file_hashes(source / "uploads")
    if present != manifest["files"]:
        damaged = sorted(set(present.items()) ^ set(manifest["files"].items()))[:3]
        raise BackupError(f"备份中的文件与清单不符（如 {damaged[0][0]}），未做任何恢复。")
    return manifest


def restore(database_url: str, upload_root: Path, source: Path, replace: bool = False) -> dict:
    """Restore the backup in `source` into the database at `database_url` and `upload_root`.

    The upload store must hold no files unless `replace` (then files not in the backup go).
    The database kind must match the backup's. Returns the manifest.
    """
    source, upload_root = Path(source), Path(upload_root)
    manifest = _verified_manifest(source)
    sqlite = _is_sqlite(database_url)
    if manifest["database"] != ("sqlite" if sqlite else "postgresql"):
        raise BackupError(f"备份来自 {manifest['database']} 数据库，不能恢复到当前数据库。")
    existing = set(_files(upload_root)) if upload_root.exists() else set()
    if existing and not replace:
        raise BackupError(f"上传目录 {upload_root} 中已有文件；确认覆盖请加 --replace。")
    database_file = source / manifest["database_file"]
    if sqlite:
        backup_db, live = sqlite3.connect(database_file), sqlite3.connect(make_url(database_url).database)
        try:
            with live:
                backup_db.backup(live)
        finally:
            backup_db.close()
            live.close()
    else:
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
              f"--dbname={_libpq_url(database_url)}", str(database_file)])
    for rel in existing - set(manifest["files"]):
        (upload_root / rel).unlink(missing_ok=True)
    for rel in manifest["files"]:
        _copy(source / "uploads" / rel, upload_root / rel)
    return manifest
