"""The demo project with its inline secrets migrated to the keyring (env vars in the code)."""

from __future__ import annotations

from pathlib import Path

from checks.demo import write_demo
from checks.engine import ScanOptions, scan
from checks.fixes.fixer import SecretFixer
from tests.checks.fixes.composition import fixers


def migrated_demo(root: Path) -> Path:
    """Write the demo at `root` and migrate every secret (needs a keyring and a config dir)."""
    write_demo(root)
    for _ in range(30):
        result = scan([root], ScanOptions())
        fs = fixers(result.root, result.findings, result.workflows)
        todo = [f for f in result.findings if isinstance(fs.fixer_for(f), SecretFixer)]
        if not todo:
            return root
        fixer = fs.fixer_for(todo[0])
        assert fixer is not None
        fixer.apply(todo[0])
    raise AssertionError("the demo's secrets did not all migrate")
