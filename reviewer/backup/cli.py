"""`flask --app app backup DIR` and `flask --app app restore DIR`: database and upload store.

Local storage only: with STORAGE_BACKEND=s3 both refuse (the files are not under UPLOAD_ROOT,
and terabytes of recordings are kept safe by the object store's own replication and versioning,
with the database backed up by PostgreSQL's tools: docs/deploy.md).
"""
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

OBJECT_STORE = ("文件保存在对象存储（STORAGE_BACKEND=s3）中，本命令只能备份/恢复本地上传目录。"
                "请用对象存储自身的复制与版本功能（如 MinIO 站点复制、mc mirror）保护文件，"
                "用 pg_dump/pg_basebackup 备份数据库，见 docs/deploy.md。\n"
                "Files are kept in the object store (STORAGE_BACKEND=s3); this command backs up a "
                "local upload folder only. Protect the files with the store's own replication and "
                "versioning (e.g. MinIO site replication, mc mirror) and the database with "
                "pg_dump/pg_basebackup: see docs/deploy.md.")


def _refuse_object_store() -> None:
    if current_app.config.get("STORAGE_BACKEND", "local") != "local":
        raise click.ClickException(OBJECT_STORE)


@click.command("backup")
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def backup_command(target):
    """Back up the database and the upload store into TARGET (a new or empty folder)."""
    _refuse_object_store()
    from reviewer.backup.services import BackupError, backup

    try:
        manifest = backup(current_app.config["SQLALCHEMY_DATABASE_URI"], Path(current_app.config["UPLOAD_ROOT"]),
                          target)
    except BackupError as error:
        raise click.ClickException(error.message)
    click.echo(f"已备份：数据库（{manifest['database']}）与 {len(manifest['files'])} 个文件 → {target}")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="上传目录中已有文件时删除备份之外的文件并覆盖。")
@click.confirmation_option(prompt="恢复将覆盖当前数据库的全部内容，确定继续吗？")
@with_appcontext
def restore_command(source, replace):
    """Restore the database and the upload store from the backup folder SOURCE."""
    _refuse_object_store()
    from reviewer.backup.services import BackupError, restore
    from reviewer.extensions import db

    db.session.remove()
    db.engine.dispose()  # no pooled connection may hold the database while it is replaced
    try:
        manifest = restore(current_app.config["SQLALCHEMY_DATABASE_URI"], Path(current_app.config["UPLOAD_ROOT"]),
                           source, replace=replace)
    except BackupError as error:
        raise click.ClickException(error.message)
    click.echo(f"已恢复 {manifest['created_at']} 的备份：数据库与 {len(manifest['files'])} 个文件。")
