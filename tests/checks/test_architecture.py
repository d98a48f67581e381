"""`checks/` is the UI-free engine: it must never import textual, tui or screens."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CHECKS = Path(__file__).resolve().parents[2] / "checks"
FORBIDDEN = ("textual", "tui", "screens", "rich")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_no_ui_imports_in_checks_source() -> None:
    offenders = []
    files = [p for p in CHECKS.rglob("*.py") if "demo/project" not in p.as_posix()]
    assert len(files) > 10
    for path in files:
        for name in _imports(path):
            if name.split(".")[0] in FORBIDDEN:
                offenders.append(f"{path.relative_to(CHECKS.parent)} imports {name}")
    assert offenders == []


def test_importing_every_checks_module_loads_no_ui() -> None:
    code = (
        "import importlib, pkgutil, sys, checks\n"
        "for m in pkgutil.walk_packages(checks.__path__, 'checks.'):\n"
        "    if '.demo.project' in m.name: continue\n"
        "    importlib.import_module(m.name)\n"
        "from checks.rulebase import all_rules; all_rules()\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('textual','tui','screens'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=CHECKS.parent
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == ""


def test_the_check_detects_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from textual.app import App\nimport tui.cli\n")
    assert [n.split(".")[0] for n in _imports(bad)] == ["textual", "tui"]
