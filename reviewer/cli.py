"""Registers the click commands of every feature (`flask --app app <command>`)."""
from __future__ import annotations

import importlib

# Each module exposes `commands = [...]`.
COMMAND_MODULES: tuple[str, ...] = (
    "reviewer.admin.cli",
    "reviewer.demo.cli",
    "reviewer.draws.cli",
    "reviewer.judgments.cli",
    "reviewer.judgments.import_cli",
    "reviewer.prechecks.cli",
    "reviewer.hearings.cli",
    "reviewer.recordings.cli",
    "reviewer.rankings.cli",
    "reviewer.notifications.cli",
    "reviewer.scoresheets.cli",
)


def register_commands(app) -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        for command in module.commands:
            app.cli.add_command(command)
