"""The command line (`flask --app app <command>`): every command of every feature, listed here once
with its short help, and imported only when it runs or shows its own `--help`.

This is click's "lazily loading subcommands" pattern, one step lazier: `flask --help` lists the
commands from this table without importing any of them. A command that needs the database or the
web parts (`needs_app`) completes a light app before it runs (see `reviewer.create_app`); the
stand-alone tools (parse-judgment, precheck, probe-video, process-video) never do, so they start
in a fraction of a second. `tests/test_cli_startup.py` checks that each entry resolves to a
command of that name and help, and that the stand-alone ones load no web module.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

import click


@dataclass(frozen=True)
class Entry:
    """One command: its name, where it lives ("module:attribute"), its short help (what `flask
    --help` shows without importing it; a test keeps it equal to the command's own), and whether
    it needs the complete app (extensions, blueprints, signal receivers, jobs)."""

    name: str
    target: str
    help: str
    needs_app: bool = True

    def load(self) -> click.Command:
        module, _, attribute = self.target.partition(":")
        return getattr(import_module(module), attribute)


COMMANDS = (
    # stand-alone tools: no database, no web parts
    Entry("parse-judgment", "reviewer.judgments.cli:parse_judgment",
          "Parse a .docx judgment and print what was extracted (解析裁判文书).", needs_app=False),
    Entry("precheck", "reviewer.prechecks.cli:precheck",
          "Check a .docx judgment's format and print the findings (文书预检).", needs_app=False),
    Entry("probe-video", "reviewer.recordings.cli:probe_video_command",
          "探测录像文件：时长、编码、分辨率、浏览器能否直接播放。", needs_app=False),
    Entry("process-video", "reviewer.recordings.cli:process_video_command",
          "按后台任务的同样步骤处理录像（探测、封面、转码），不需要数据库；结果写入 OUTDIR。", needs_app=False),
    # set-up and maintenance
    Entry("db", "flask_migrate.cli:db", "Perform database migrations."),
    Entry("init-db", "reviewer.admin.cli:init_db",
          "Bring the schema up to date (Alembic) and install the reference courts."),
    Entry("create-admin", "reviewer.admin.cli:create_admin", "Create an administrator (审管办管理员) account."),
    Entry("install-score-sheets", "reviewer.scoresheets.cli:install_score_sheets",
          "Install the default judgment and hearing score sheets (skips those already installed)."),
    Entry("seed-demo", "reviewer.demo.cli:seed_demo",
          "Create the demo dataset (idempotent: does nothing when demo users exist)."),
    Entry("backup", "reviewer.backup.cli:backup_command",
          "Back up the database and the upload store into TARGET (a new or empty folder)."),
    Entry("restore", "reviewer.backup.cli:restore_command",
          "Restore the database and the upload store from the backup folder SOURCE."),
    Entry("worker", "reviewer.jobs:worker_command", "运行后台任务处理进程（录像探测、截图、转码、清理过期上传）。"),
    Entry("cleanup-uploads", "reviewer.recordings.cli:cleanup_uploads_command",
          "清理中断后长时间未续传的录像上传（删除半截文件及其登记），以及本机的过期临时文件。"),
    # judgments and their checks
    Entry("import-judgments", "reviewer.judgments.import_cli:import_judgments",
          "Import every .docx in DIRECTORY (recursively) for a court and month; bad files are reported."),
    Entry("recheck-judgments", "reviewer.prechecks.cli:recheck_judgments",
          "Run the format checks again on stored judgments (e.g. after the rules changed)."),
    Entry("reparse-judgments", "reviewer.prechecks.cli:reparse_judgments",
          "Re-read stored judgments with the current Word reader, re-anchor reviewers' paragraph remarks "
          "by their text, re-run the format checks; list remarks that cannot be re-anchored (重新解析文书)."),
    # reviews, draws, rankings, statistics
    Entry("verify-draw", "reviewer.draws.cli:verify_draw",
          "Re-run draw DRAW_ID from its stored record; exit status 1 on any mismatch."),
    Entry("rank-month", "reviewer.rankings.cli:rank_month",
          "Propose the month's excellent and flawed lists by the ranking rule."),
    Entry("agreement", "reviewer.agreement.cli:agreement",
          "Print reviewer agreement (ICC, Krippendorff's alpha) and each reviewer's severity."),
    Entry("import-cases", "reviewer.indicators.cli:import_cases",
          "Check a case-register export (.xlsx/.csv) and print each row's problems; --apply imports it."),
    Entry("indicators", "reviewer.indicators.cli:indicators",
          "Print every indicator for each court and the city: value, numerator, denominator, target."),
    # reminders (each also a periodic job)
    Entry("send-due-reminders", "reviewer.notifications.cli:send_due_reminders",
          "Notify reviewers whose assignments are due soon or overdue (each reminder once)."),
    Entry("send-todo-reminders", "reviewer.todos.cli:send_todo_reminders_command",
          "Remind everyone of their to-dos due soon, due today or overdue (each once per milestone)."),
    Entry("send-self-check-reminders", "reviewer.reversals.cli:send_self_check_reminders",
          "Remind judges of 发改 self-check reports due within two days or overdue (each once)."),
    Entry("remind-hearing-quotas", "reviewer.hearings.cli:remind_hearing_quotas_command",
          "提醒尚未报齐本月精品/瑕疵庭审录像的基层法院联络员（每人每月一次）。"),
)


class Deferred(click.Command):
    """Stands in for a listed command: its name and short help are all `flask --help` needs. When
    click parses its arguments (to run it, or to show its own --help) the real command is imported
    and takes over: click runs `ctx.command`, which is the real one."""

    def __init__(self, entry: Entry, complete_app: Callable[[], None]):
        super().__init__(entry.name, help=entry.help)  # click shortens it as it would the real one
        self.entry = entry
        self._complete_app = complete_app

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        ctx = self.entry.load().make_context(info_name, args, parent=parent, **extra)
        if self.entry.needs_app and not ctx.resilient_parsing:
            self._complete_app()  # the arguments parsed and asked for no --help: the command runs next
        return ctx


def register_commands(app, complete_app: Callable[[], None]) -> None:
    """Put every listed command on `app.cli`, deferred. `complete_app()` makes the app whole
    (idempotent); it is called before a command with `needs_app` runs. Commands an extension
    registers itself later (Flask-Migrate's `db`) replace their deferred entry."""
    for entry in COMMANDS:
        app.cli.add_command(Deferred(entry, complete_app))
