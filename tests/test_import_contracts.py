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


def test_test_modules_do_not_import_each_other():
    """Issue 10 item 7: shared fixtures and factories live in helper modules (tests/*_helpers.py,
    factories.py, conftest.py), never in a test module another one imports."""
    import ast
    from pathlib import Path

    offenders = []
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            offenders += [f"{path.name} imports {n}" for n in names
                          if n.startswith(("tests.test_", "test_")) or n.split(".")[-1].startswith("test_")
                          and n.startswith("tests")]
    assert offenders == []
