"""`flask --app app import-cases FILE --court CODE [--apply]` and `flask --app app indicators`."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from models import Court
from reviewer import clock
from reviewer.errors import DomainError
from reviewer.extensions import db
from reviewer.indicators import figures, imports
from reviewer.indicators.formulas import INDICATORS
from reviewer.indicators.periods import PeriodError, parse_period


def _court(code: str) -> Court:
    court = db.session.scalar(select(Court).where(Court.code == code))
    if court is None:
        raise click.ClickException(f"未找到法院代字为 {code} 的法院。")
    return court


@click.command("import-cases")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--court", "court_code", required=True, help="法院代字，如 豫0802")
@click.option("--as-of", "as_of", default=None, help="导出日期 YYYY-MM-DD（默认今天）")
@click.option("--apply", "apply_now", is_flag=True, help="没有问题时导入（替换该院当前台账）")
@with_appcontext
def import_cases(path: Path, court_code: str, as_of: str | None, apply_now: bool):
    """Check a case-register export (.xlsx/.csv) and print each row's problems; --apply imports it."""
    court = _court(court_code)
    try:
        day = date.fromisoformat(as_of) if as_of else clock.today()
    except ValueError:
        raise click.ClickException("导出日期格式应为 YYYY-MM-DD。") from None

    def report(count: int) -> None:
        click.echo(f"\r已处理 {count} 行", nl=False, err=True)

    try:
        with open(path, "rb") as stream:
            item = imports.upload(None, court, stream, path.name, day, progress=report)
        click.echo("", err=True)
        click.echo(f"{court.name}：共 {item.row_count} 行，{item.error_count} 行有问题；"
                   f"立案月份 {item.first_month or '—'} 至 {item.last_month or '—'}。")
        for problem in item.problems:
            click.echo(f"  第 {problem['line']} 行 {problem['case_number']}：{'；'.join(problem['problems'])}")
        if item.error_count > len(item.problems):
            click.echo(f"  ……另有 {item.error_count - len(item.problems)} 行有问题未列出。")
        if apply_now and not item.error_count:
            count = imports.apply(None, item, progress=report)
            click.echo("", err=True)
            click.echo(f"已导入 {count} 件，成为 {court.name} 的当前台账。")
        elif apply_now:
            db.session.commit()
            raise click.ClickException("文件有问题，未导入；请修改后重新导入。")
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None


@click.command("indicators")
@click.option("--period", "period_text", required=True, help="2021、2021-03、2021Q2 或 2021-03:2022-01")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@with_appcontext
def indicators(period_text: str, as_json: bool):
    """Print every indicator for each court and the city: value, numerator, denominator, target."""
    try:
        period = parse_period(period_text)
    except PeriodError as error:
        raise click.ClickException(str(error)) from None
    courts = db.session.scalars(select(Court).where(Court.active.is_(True))
                                .order_by(Court.sort_order, Court.id)).all()
    result = figures.board(period, list(courts), with_city=True)
    payload = {"period": period.code, "label": period.label, "rows": []}
    for row in result.rows:
        entry = {"court": row.court.code if row.court else figures.CITY, "name": row.label, "indicators": {}}
        for indicator in INDICATORS:
            cell = row.cells[indicator.key]
            entry["indicators"][indicator.key] = {
                "number": indicator.number, "name": indicator.name,
                "value": None if cell.figure.value is None else round(cell.figure.value, 4),
                "display": cell.figure.display, "numerator": cell.figure.numerator,
                "denominator": cell.figure.denominator,
                "target": cell.target.display if cell.target else None, "target_level": cell.target_level,
                "met": cell.verdict.met, "note": cell.figure.note,
            }
        payload["rows"].append(entry)
    if as_json:
        click.echo(json.dumps(payload, ensure_ascii=False, indent=1))
        return
    click.echo(f"期间：{period.label}")
    for entry in payload["rows"]:
        click.echo(f"\n{entry['name']}")
        for key, cell in entry["indicators"].items():
            target = f"  目标 {cell['target']}（{cell['target_level']}）{'达标' if cell['met'] else '未达标' if cell['met'] is False else ''}" \
                if cell["target"] else ""
            click.echo(f"  {cell['number']:>2}. {cell['name']}：{cell['display']}"
                       f"（{cell['numerator']:g}/{cell['denominator']:g}）{target}")
