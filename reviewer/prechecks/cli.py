"""Format-check commands: `precheck PATH [--json]` (no database needed) and `recheck-judgments`."""
from __future__ import annotations

import json

import click
from flask.cli import with_appcontext

from reviewer.judgments.cli import parse_or_exit
from reviewer.prechecks.courts import DEFAULT_COURT_CODES
from reviewer.prechecks.engine import run_checks
from reviewer.prechecks.findings import SEVERITY_LABELS


@click.command("precheck")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 {\"findings\": [...]}")
def precheck(path, as_json):
    """Check a .docx judgment's format and print the findings (文书预检)."""
    findings = run_checks(parse_or_exit(path), DEFAULT_COURT_CODES)
    if as_json:
        click.echo(json.dumps({"findings": [f.to_dict() for f in findings]}, ensure_ascii=False, indent=2))
        return
    if not findings:
        click.echo("未发现格式问题。")
        return
    for f in findings:
        where = f"第 {f.paragraph + 1} 段" if f.paragraph is not None else "全文"
        click.echo(f"[{SEVERITY_LABELS[f.severity]}] {f.code} {where}：{f.message}"
                   + (f"（{f.excerpt}）" if f.excerpt else ""))
    click.echo(f"共 {len(findings)} 条。")


@click.command("recheck-judgments")
@click.option("--month", default=None, help="只检查该评查月份（YYYY-MM）")
@with_appcontext
def recheck_judgments(month):
    """Run the format checks again on stored judgments (e.g. after the rules changed)."""
    from sqlalchemy import select

    from models import Judgment
    from reviewer.extensions import db
    from reviewer.prechecks.services import run_prechecks

    query = select(Judgment).order_by(Judgment.id)
    if month:
        query = query.where(Judgment.month == month)
    count = findings = 0
    for judgment in db.session.scalars(query):
        findings += len(run_prechecks(judgment))
        count += 1
    db.session.commit()
    click.echo(f"已重新检查 {count} 篇文书，共 {findings} 条提示。")


commands = [precheck, recheck_judgments]
