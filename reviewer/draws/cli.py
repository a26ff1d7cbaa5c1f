"""`flask --app app verify-draw ID`: re-run a recorded monthly draw and confirm its result."""
import click
from flask.cli import with_appcontext


@click.command("verify-draw")
@click.argument("draw_id", type=int)
@with_appcontext
def verify_draw(draw_id):
    """Re-run draw DRAW_ID from its stored record; exit status 1 on any mismatch."""
    from models.draw import DrawStatus
    from reviewer.draws import services

    draw = services.load_draw(draw_id)
    if draw is None:
        raise click.ClickException(f"抽取记录 {draw_id} 不存在。")
    click.echo(f"{draw.court.name} {draw.month} 随机抽取（算法 {draw.algorithm}）")
    click.echo(f"公开随机值来源：{draw.value_source}")
    click.echo(f"公开随机值：{draw.public_value or '（尚未录入）'}")
    results = services.verify(draw)
    failed = 0
    for entry in draw.entries:
        problems = results[entry.id]
        outcome = entry.result_case_number or entry.status.label
        if problems:
            failed += 1
            click.echo(f"✗ {entry.division_name} {entry.head_name}：{outcome}")
            for problem in problems:
                click.echo(f"    {problem}")
        else:
            click.echo(f"✓ {entry.division_name} {entry.head_name}：{outcome}"
                       f"（候选 {len(entry.candidates)} 件，哈希 {entry.list_hash or '-'}）")
    if failed:
        click.echo(f"核验失败：{failed} 条记录与重算结果不符。", err=True)
        raise SystemExit(1)
    if draw.status != DrawStatus.DRAWN:
        click.echo("名单已冻结、哈希一致；尚未抽取。")
    else:
        click.echo("核验通过：全部抽取结果与重算一致。")
