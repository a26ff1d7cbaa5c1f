"""`flask --app app rank-month YYYY-MM [--json]`: print the proposed lists with scores and grades."""
from __future__ import annotations

import json

import click
from flask.cli import with_appcontext


@click.command("rank-month")
@click.argument("month")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
@with_appcontext
def rank_month(month, as_json):
    """Propose the month's excellent and flawed lists by the ranking rule."""
    from models import Court
    from models.month import is_month
    from reviewer.extensions import db
    from reviewer.rankings import rules, services

    if not is_month(month):
        raise click.BadParameter("月份格式应为 YYYY-MM。", param_hint="MONTH")
    pool = services.candidates(month)
    proposal = services.propose(month, pool)
    courts = dict(db.session.execute(db.select(Court.id, Court.name)).all())
    data = {
        "month": month,
        "rule": rules.describe_rule(services.POLICY),
        "notes": list(proposal.notes),
        "candidates": len(pool),
    }
    for ranked in (proposal.excellent, proposal.flawed):
        data[ranked.kind] = {
            "qualifying": ranked.qualifying,
            "short": ranked.short,
            "entries": [_row(position, pool[e.subject_id], e, courts) for position, e in enumerate(ranked.entries, 1)],
            "tied_at_cut": [e.case_number for e in ranked.tied_at_cut],
        }
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"{month} 推荐榜单（已确认等级的文书 {len(pool)} 篇）")
    for kind, title in ((rules.EXCELLENT, "优秀榜"), (rules.FLAWED, "瑕疵榜")):
        click.echo(f"{title}：")
        for row in data[kind]["entries"]:
            click.echo(f"  {row['position']}. {row['case_number']}  {row['court']}  {row['score']} 分  {row['grade_label']}")
    for note in proposal.notes:
        click.echo(note)


def _row(position, candidate, entry, courts: dict[int, str]) -> dict:
    grade = candidate.final_grade
    return {
        "position": position, "judgment_id": candidate.judgment_id, "case_number": entry.case_number,
        "court": courts[candidate.court_id], "score": entry.score, "grade": grade.name,
        "grade_label": grade.label, "veto_count": entry.veto_count,
    }
