"""`flask --app app backup DIR` and `flask --app app restore DIR`: database and upload store."""
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("backup")
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def backup_command(target):
    """Back up the database and the upload store into TARGET (a new or empty folder)."""
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
