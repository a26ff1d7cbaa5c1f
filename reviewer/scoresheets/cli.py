"""Score-sheet commands: `flask --app app install-score-sheets` (idempotent)."""
import click
from flask.cli import with_appcontext


@click.command("install-score-sheets")
@with_appcontext
def install_score_sheets():
    """Install the default judgment and hearing score sheets (skips those already installed)."""
    from reviewer.extensions import db
    from reviewer.scoresheets.services import install_default_sheets

    created = install_default_sheets()
    db.session.commit()
    if created:
        for sheet in created:
            state = "，已启用" if sheet.active else ""
            click.echo(f"已安装 {sheet.label}：{len(sheet.items)} 个评查项，满分 {sheet.total_points:g}{state}。")
    else:
        click.echo("默认评查表已存在，未作改动。")
