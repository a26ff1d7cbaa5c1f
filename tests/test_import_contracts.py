"""Imports point down and never in a circle (import-linter contracts in `.importlinter`).

Layers: the application (`reviewer`) above `forms` above `models`; no cycle between the
application's packages, nor between the modules of one package. A lazy import inside a function
counts like any other: it is not a way around the rule.
"""
from __future__ import annotations

from pathlib import Path

from importlinter import configuration
from importlinter.application.use_cases import lint_imports

configuration.configure()  # what the lint-imports command does first

ROOT = Path(__file__).resolve().parent.parent


def test_every_import_contract_is_kept(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    monkeypatch.syspath_prepend(str(ROOT))
    kept = lint_imports(config_filename=str(ROOT / ".importlinter"), cache_dir=None, no_logo=True)
    assert kept, "an import contract is broken:\n" + capsys.readouterr().out
