"""No scaffolding: modules that exist are imported plainly, never probed.

No `try: import … except ImportError/Exception`, no `importlib.import_module` outside the two
registries that discover modules by listing a package (rules, CLI commands), and no
`hasattr(module, …)` probes.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("checks", "screens", "tui")
# Discovery by listing a package's modules (pkgutil.iter_modules), and PEP 562 lazy exports.
DISCOVERY = {"checks/rulebase.py", "tui/cli.py", "checks/packages/__init__.py"}
CATCH_ALL = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}


def _handler_names(handler: ast.ExceptHandler) -> set[str]:
    if handler.type is None:
        return {"BaseException"}
    nodes = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return {n.id for n in nodes if isinstance(n, ast.Name)}


def offences(source: str) -> list[str]:
    """What in `source` probes for modules instead of importing them."""
    found: list[str] = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Try):
            imports = any(
                isinstance(n, (ast.Import, ast.ImportFrom))
                or (isinstance(n, ast.Attribute) and n.attr == "import_module")
                for stmt in node.body
                for n in ast.walk(stmt)
            )
            caught = set().union(*(_handler_names(h) for h in node.handlers))
            if imports and caught & CATCH_ALL:
                found.append(f"line {node.lineno}: guarded import")
        elif isinstance(node, ast.Attribute) and node.attr == "import_module":
            found.append(f"line {node.lineno}: importlib.import_module")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "hasattr"
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in {"mod", "module"}
        ):
            found.append(f"line {node.lineno}: hasattr probe on a module")
    return found


def test_no_guarded_imports_or_module_probes() -> None:
    bad: list[str] = []
    files = [
        p
        for pkg in PACKAGES
        for p in (ROOT / pkg).rglob("*.py")
        if "checks/demo/" not in p.as_posix() and "snippets/templates" not in p.as_posix()
    ]
    assert len(files) > 50
    for path in files:
        rel = path.relative_to(ROOT).as_posix()
        for what in offences(path.read_text(encoding="utf-8")):
            if rel in DISCOVERY and "import_module" in what:
                continue
            bad.append(f"{rel} {what}")
    assert bad == []


def test_the_check_finds_each_pattern() -> None:
    source = """
import importlib
try:
    from checks.secrets import find_secrets
except ImportError:
    find_secrets = None
def optional(name):
    try:
        return importlib.import_module(name)
    except Exception:
        return None
if hasattr(mod, "insert_step"):
    pass
"""
    assert sorted(offences(source)) == [
        "line 12: hasattr probe on a module",
        "line 3: guarded import",
        "line 8: guarded import",
        "line 9: importlib.import_module",
    ]
