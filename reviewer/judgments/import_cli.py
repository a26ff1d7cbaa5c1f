"""`flask --app app import-judgments DIR --court CODE --month YYYY-MM`: bulk import from a folder."""
from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from models import Court, Purpose
from models.month import is_month
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.judgments import services


@click.command("import-judgments")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--court", "court_code", required=True, help="法院代字，如 豫0802")
@click.option("--month", required=True, help="评查月份 YYYY-MM")
@click.option("--purpose", type=click.Choice([p.value for p in Purpose]), default=Purpose.ROUTINE.value,
              show_default=True)
@click.option("--submit", "submit_now", is_flag=True, help="导入后直接报送评查（默认待核对）")
@with_appcontext
def import_judgments(directory: Path, court_code: str, month: str, purpose: str, submit_now: bool):
    """Import every .docx in DIRECTORY (recursively) for a court and month; bad files are reported."""
    if not is_month(month):
        raise click.ClickException("月份格式应为 YYYY-MM。")
    court = db.session.scalar(select(Court).where(Court.code == court_code))
    if court is None:
        raise click.ClickException(f"未找到法院代字为 {court_code} 的法院。")
    paths = sorted(p for p in directory.rglob("*") if p.is_file() and not p.name.startswith("~$"))
    accepted, rejected, held = 0, [], []
    with click.progressbar(paths, label="导入中", show_pos=True, item_show_func=lambda p: p.name if p else "") as bar:
        for path in bar:
            savepoint = db.session.begin_nested()
            try:
                with open(path, "rb") as stream:
                    judgment = services.ingest(None, court, month, Purpose(purpose), stream, path.name)
                if submit_now and judgment.case_number:
                    problems = services.court_problems(judgment)
                    if problems:   # only a person who states a reason may submit it (web page)
                        held.append((path, "".join(problems)))
                    else:
                        services.submit(None, judgment)
            except DomainError as error:
                savepoint.rollback()
                rejected.append((path, error.message))
            else:
                savepoint.commit()
                accepted += 1
            db.session.commit()
    click.echo(f"完成：接收 {accepted} 份，拒收 {len(rejected)} 份。")
    for path, reason in rejected:
        click.echo(f"  拒收 {path.relative_to(directory)}：{reason}", err=True)
    for path, reason in held:
        click.echo(f"  已接收但未报送（似乎不属于该法院，请在网页上核对并说明理由）{path.relative_to(directory)}：{reason}",
                   err=True)
    if rejected and not accepted:
        raise SystemExit(1)
