"""The command line loads only what a command uses (issue 19 item 4).

`reviewer/cli.py` lists every command with its short help; the stand-alone tools (no database)
run on a light app and never import the web parts; a command that needs the app gets it
assembled before it runs, not for its `--help`. Speed itself is measured by scripts/bench_cli.py,
not asserted here.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from flask.cli import FlaskGroup, ScriptInfo

from reviewer import ASSEMBLED, create_app
from reviewer.cli import COMMANDS, Deferred

ROOT = Path(__file__).resolve().parent.parent

# What a stand-alone command must not load: the extensions, the web parts, the API, migrations, jobs.
WEB_MODULES = ("reviewer.wiring", "reviewer.extensions", "reviewer.api", "reviewer.jobs", "reviewer.web",
               "models", "forms", "flask_sqlalchemy", "sqlalchemy", "flask_migrate", "alembic",
               "flask_smorest", "marshmallow", "apispec", "flask_login", "flask_wtf", "huey", "openpyxl")

# Runs `flask ARGS` in this interpreter (its output swallowed), then prints the loaded module names.
PROBE = """
import contextlib, io, json, sys
from flask.cli import cli
with contextlib.redirect_stdout(io.StringIO()):
    code = cli.main(args=sys.argv[1:], prog_name="flask", standalone_mode=False)
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _flask_in_subprocess(*args: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    done = subprocess.run([sys.executable, "-c", PROBE, "--app", "app", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def _loaded(modules: list[str], forbidden: tuple[str, ...]) -> list[str]:
    """The modules among `modules` that are in one of the `forbidden` packages, or views."""
    return [m for m in modules
            if m in forbidden or m.startswith(tuple(p + "." for p in forbidden)) or m.endswith("_views")
            or m.endswith(".views")]


def test_command_names_are_listed_once():
    names = [entry.name for entry in COMMANDS]
    assert len(names) == len(set(names))


def test_every_command_of_the_application_is_listed():
    """A command written in a feature's module but not listed in reviewer/cli.py would not exist."""
    import re

    defined = {match.group(1) for path in (ROOT / "reviewer").rglob("*.py")
               for match in re.finditer(r'@click\.(?:command|group)\("([^"]+)"', path.read_text(encoding="utf-8"))}
    assert defined - {entry.name for entry in COMMANDS} == set()


@pytest.mark.parametrize("entry", COMMANDS, ids=lambda entry: entry.name)
def test_every_listed_command_resolves_to_its_name_and_help(entry):
    command = entry.load()
    assert isinstance(command, click.Command)
    assert command.name == entry.name
    standin = Deferred(entry, lambda: None)
    for width in (40, 80, 1000):  # `flask --help` shows the same line as the command would
        assert standin.get_short_help_str(width) == command.get_short_help_str(width)


@pytest.mark.parametrize("entry", COMMANDS, ids=lambda entry: entry.name)
def test_every_listed_command_shows_its_help(app, entry):
    result = app.test_cli_runner().invoke(args=[entry.name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and entry.name in result.output


@pytest.mark.parametrize("args, forbidden", [
    (("--help",), WEB_MODULES),
    (("parse-judgment", "DOCX"), WEB_MODULES),
    (("precheck", "DOCX"), WEB_MODULES),
    (("probe-video", "--help"), WEB_MODULES),
    (("process-video", "--help"), WEB_MODULES),
    (("init-db", "--help"), WEB_MODULES),  # a command that needs the database: its --help does not
    (("rank-month", "--help"), WEB_MODULES),
], ids=lambda value: " ".join(value) if isinstance(value[0], str) and value[0].islower() else "")
def test_standalone_commands_and_help_load_no_web_module(args, forbidden, judgments_dir):
    sample = str(judgments_dir / "docx" / "civ1_jinrong_jiekuan_saihan.docx")
    outcome = _flask_in_subprocess(*(sample if a == "DOCX" else a for a in args))
    assert outcome["code"] in (0, None)
    assert _loaded(outcome["modules"], forbidden) == []
    assert "reviewer.cli" in outcome["modules"]


# PyAV and NumPy: loaded by the video commands when they run, by no command's --help.
MEDIA_MODULES = ("av", "numpy")


@pytest.mark.parametrize("args", [("--help",), ("probe-video", "--help"), ("process-video", "--help"),
                                  ("cleanup-uploads", "--help"), ("parse-judgment", "DOCX")],
                         ids=" ".join)
def test_help_and_document_commands_load_no_media_library(args, judgments_dir):
    sample = str(judgments_dir / "docx" / "civ1_jinrong_jiekuan_saihan.docx")
    outcome = _flask_in_subprocess(*(sample if a == "DOCX" else a for a in args))
    assert outcome["code"] in (0, None)
    assert _loaded(outcome["modules"], MEDIA_MODULES) == []


def test_every_standalone_command_is_marked_so():
    standalone = {entry.name for entry in COMMANDS if not entry.needs_app}
    assert standalone == {"parse-judgment", "precheck", "probe-video", "process-video"}


def _light_app(tmp_path):
    """An app built the way `flask --app app <command>` builds it: inside the root click context."""
    group = FlaskGroup()
    with click.Context(group, obj=ScriptInfo()):
        return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'light.sqlite'}",
                           "UPLOAD_ROOT": str(tmp_path / "uploads")})


def test_the_command_line_lookup_builds_a_light_app(tmp_path):
    light = _light_app(tmp_path)
    assert ASSEMBLED not in light.extensions
    assert "sqlalchemy" not in light.extensions
    assert [rule.endpoint for rule in light.url_map.iter_rules()] == ["static"]


def test_a_running_command_or_any_other_caller_gets_the_assembled_app(tmp_path):
    overrides = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'full.sqlite'}",
                 "UPLOAD_ROOT": str(tmp_path / "uploads")}
    group = FlaskGroup()
    routes = group.get_command(click.Context(group), "routes")
    with click.Context(group, obj=ScriptInfo()) as root, click.Context(routes, parent=root):
        inside_a_command = create_app(overrides)  # as `flask routes`, `run`, `shell`, `db` load it
    for app in (inside_a_command, create_app(overrides)):  # … and as gunicorn and tests do
        assert app.extensions[ASSEMBLED]
        assert {"sqlalchemy", "migrate", "csrf"} <= set(app.extensions)
        assert "judgments.index" in {rule.endpoint for rule in app.url_map.iter_rules()}


def test_a_light_app_is_assembled_before_a_command_that_needs_it_not_for_its_help(tmp_path):
    light = _light_app(tmp_path)
    runner = light.test_cli_runner()

    result = runner.invoke(args=["db", "--help"])
    assert result.exit_code == 0, result.output
    assert ASSEMBLED not in light.extensions

    result = runner.invoke(args=["db", "heads"])
    assert result.exit_code == 0, result.output
    assert "migrate" in light.extensions  # `db heads` found Flask-Migrate's set-up
    assert light.extensions[ASSEMBLED]
    assert "judgments.index" in {rule.endpoint for rule in light.url_map.iter_rules()}


def test_a_standalone_command_runs_on_the_light_app(tmp_path, judgments_dir):
    light = _light_app(tmp_path)
    sample = judgments_dir / "docx" / "civ1_jinrong_jiekuan_saihan.docx"
    result = light.test_cli_runner().invoke(args=["parse-judgment", str(sample), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["case_number"]
    assert ASSEMBLED not in light.extensions
