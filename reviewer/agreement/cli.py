"""`flask --app app agreement --period 2021-04 --kind judgment [--sheet ID] [--json]`."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click
from flask.cli import with_appcontext

if TYPE_CHECKING:
    from reviewer.agreement.statistics import Estimate


def _fmt(estimate: Estimate, digits: int = 3) -> str:
    if not estimate.sufficient:
        return f"{estimate.note}（n={estimate.n}）"
    interval = "" if estimate.low is None else f" [{estimate.low:.{digits}f}, {estimate.high:.{digits}f}]"
    return f"{estimate.value:.{digits}f}{interval}（n={estimate.n}）"


@click.command("agreement")
@click.option("--period", required=True, help="期间：2021-04（月）、2021-Q2（季度）或 2021（年）。")
@click.option("--kind", default="judgment", show_default=True, help="judgment（裁判文书）或 hearing（庭审录像）。")
@click.option("--sheet", "sheet_id", type=int, default=None, help="评查表版本 id（默认：期间内使用最多的版本）。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
@with_appcontext
def agreement(period, kind, sheet_id, as_json):
    """Print reviewer agreement (ICC, Krippendorff's alpha) and each reviewer's severity."""
    from reviewer.agreement import services

    try:
        result = services.compute(kind, period, sheet_id)
    except services.AgreementError as error:
        raise click.BadParameter(error.message) from None
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    report = result.report
    sheet = result.sheet.label if result.sheet else "（无已提交的评查表）"
    click.echo(f"{result.period.label} {result.kind_label} · {sheet}")
    click.echo(f"评查表 {report.sheets} 份，评查对象 {report.subjects} 个（多人评查 {report.shared_subjects} 个），"
               f"评查员 {report.reviewers} 人")
    click.echo(f"ICC(2,1) {_fmt(report.icc.single)} {report.icc_reading}")
    click.echo(f"ICC(2,k) {_fmt(report.icc.average)}  k={report.icc.k}")
    click.echo(f"等级 α（序数） {_fmt(report.grade_alpha)} {report.grade_reading}")
    share = report.over.share
    click.echo(f"分差 ≥ {report.spread_threshold:g} 分的对象：{report.over.over}/{report.over.subjects}"
               + ("" if share is None else f"（{share:.1%}）"))
    click.echo("各评查项 α（等距）：")
    for row in report.items:
        click.echo(f"  {row.item.key:<28} {_fmt(row.alpha)} {row.reading}")
    click.echo("评查员宽严度（比同组多扣的分数，95% 区间，共同评查对象数）：")
    for row in report.severities:
        name = result.names.get(row.reviewer_id, row.reviewer_id)
        click.echo(f"  {name}  {_fmt(row.severity, 2)}  {row.reading}")
