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


@click.command("reparse-judgments")
@click.option("--month", default=None, help="只处理该评查月份（YYYY-MM）")
@click.option("--dry-run", is_flag=True, help="只列出将发生的变化，不写入")
@with_appcontext
def reparse_judgments(month, dry_run):
    """Re-read stored judgments with the current Word reader, re-anchor reviewers' paragraph remarks
    by their text, re-run the format checks; list remarks that cannot be re-anchored (重新解析文书)."""
    from sqlalchemy import select

    from models import Judgment
    from reviewer.extensions import db
    from reviewer.judgments.document import DocumentError
    from reviewer.judgments.reparse import reparse_judgment
    from reviewer.prechecks.services import run_prechecks

    query = select(Judgment.id).order_by(Judgment.id)
    if month:
        query = query.where(Judgment.month == month)
    changed = moved = 0
    lost, unreadable = [], []
    for judgment_id in db.session.scalars(query).all():
        judgment = db.session.get(Judgment, judgment_id)
        try:
            outcome = reparse_judgment(judgment, dry_run=dry_run)
        except (DocumentError, OSError) as error:
            unreadable.append((judgment, getattr(error, "message", str(error))))
            continue
        if outcome.changed or outcome.filled:
            changed += 1
            filled = f"，补全 {'、'.join(outcome.filled)}" if outcome.filled else ""
            click.echo(f"  文书 {judgment.id}（{judgment.case_number or '未识别案号'}）：段落 "
                       f"{outcome.paragraphs_before} → {outcome.paragraphs_after}{filled}，"
                       f"评语重新定位 {outcome.moved} 条")
        moved += outcome.moved
        lost.extend((judgment, remark_id, index, text) for remark_id, index, text in outcome.lost)
        if not dry_run:
            run_prechecks(judgment)
            db.session.commit()
    if dry_run:
        db.session.rollback()
    click.echo(f"{'（试运行，未写入）' if dry_run else ''}共 {changed} 篇文书的正文有变化，"
               f"评语重新定位 {moved} 条，无法定位 {len(lost)} 条，无法读取 {len(unreadable)} 篇。")
    for judgment, remark_id, index, text in lost:
        click.echo(f"  无法定位：文书 {judgment.id} 评语 {remark_id}（原第 {index + 1} 段：{text[:40]}）", err=True)
    for judgment, message in unreadable:
        click.echo(f"  无法读取：文书 {judgment.id}：{message}", err=True)
