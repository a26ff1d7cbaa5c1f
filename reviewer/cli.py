"""Registers the click commands of every feature (`flask --app app <command>`), listed here."""
from __future__ import annotations

from reviewer.admin import cli as admin_cli
from reviewer.backup import cli as backup_cli
from reviewer.agreement import cli as agreement_cli
from reviewer.demo import cli as demo_cli
from reviewer.draws import cli as draws_cli
from reviewer.hearings import cli as hearings_cli
from reviewer.indicators import cli as indicators_cli
from reviewer.judgments import cli as judgments_cli
from reviewer.judgments import import_cli as judgments_import_cli
from reviewer.notifications import cli as notifications_cli
from reviewer.prechecks import cli as prechecks_cli
from reviewer.rankings import cli as rankings_cli
from reviewer.recordings import cli as recordings_cli
from reviewer.reversals import cli as reversals_cli
from reviewer.scoresheets import cli as scoresheets_cli
from reviewer.todos import cli as todos_cli

# Each module exposes `commands = [...]`.
COMMAND_MODULES = (admin_cli, backup_cli, agreement_cli, demo_cli, draws_cli, judgments_cli, judgments_import_cli, prechecks_cli,
                   hearings_cli, recordings_cli, rankings_cli, notifications_cli, scoresheets_cli, reversals_cli,
                   indicators_cli, todos_cli)


def register_commands(app) -> None:
    for module in COMMAND_MODULES:
        for command in module.commands:
            app.cli.add_command(command)
