"""Administration commands: create the first admin, set up the database, load reference courts."""
import click
from flask.cli import with_appcontext


@click.command("create-admin")
@click.option("--username", prompt="用户名")
@click.option("--name", "display_name", prompt="姓名")
@click.password_option("--password", prompt="密码", confirmation_prompt="再次输入密码")
@with_appcontext
def create_admin(username, display_name, password):
    """Create an administrator (审管办管理员) account."""
    from forms.passwords import password_problem
    from reviewer.admin import services
    from reviewer.errors import DomainError
    from reviewer.extensions import db

    problem = password_problem(password, (username, display_name))
    if problem:
        raise click.ClickException(problem)
    try:
        services.create_admin(username, display_name, password)
    except DomainError as error:
        raise click.ClickException(error.message)
    db.session.commit()
    click.echo(f"已创建管理员 {username}。")


@click.command("init-db")
@with_appcontext
def init_db():
    """Bring the schema up to date (Alembic) and install the reference courts."""
    from flask import current_app
    from flask_migrate import upgrade

    from reviewer.admin.reference import install_reference_courts
    from reviewer.extensions import db
    from reviewer.extensions_setup import after_create_all

    upgrade()
    after_create_all(current_app)
    created = install_reference_courts()
    db.session.commit()
    click.echo(f"数据库已就绪；新增法院 {created} 个。")
