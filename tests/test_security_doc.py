"""docs/security.md names real tests: every file it cites exists, every test function it names
is defined in a file cited on the same line."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "security.md"
_PATH = re.compile(r"`((?:tests|bench)/[\w/.]+?)`")
_TEST = re.compile(r"`(test_\w+)`")


def test_security_doc_cites_existing_tests() -> None:
    text = DOC.read_text(encoding="utf-8")
    cited = 0
    for line in text.splitlines():
        paths = _PATH.findall(line)
        for rel in paths:
            assert (REPO / rel).exists(), f"docs/security.md cites a missing {rel}"
        sources = "".join((REPO / p).read_text() for p in paths if p.endswith(".py"))
        for name in _TEST.findall(line):
            if name.endswith(".py"):
                continue
            assert re.search(rf"def {name}\(", sources), f"{name} is not in {paths}"
            cited += 1
    assert cited >= 6, "the doc names test functions"
