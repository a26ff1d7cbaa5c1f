"""`flask --app app seed-demo`: reference courts, demo users, judgments and each feature's data.

Each feature adds a step to `STEPS` in `reviewer/demo/steps.py`: a function `step(ctx)` that reads
and extends the `DemoContext` (courts, users by username, judgments) and flushes.
"""
import click
from flask.cli import with_appcontext


@click.command("seed-demo")
@click.option("--reset", is_flag=True, help="先清空数据库（仅用于演示环境）。")
@with_appcontext
def seed_demo(reset):
    """Create the demo dataset (idempotent: does nothing when demo users exist)."""
    from reviewer.demo.steps import run_steps
    from reviewer.extensions import db

    if reset:
        db.drop_all()
    db.create_all()
    from reviewer.extensions_setup import after_create_all
    from flask import current_app
    after_create_all(current_app)
    summary = run_steps()
    db.session.commit()
    for line in summary:
        click.echo(line)
