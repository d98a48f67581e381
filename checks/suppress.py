"""Inline suppressions: `// stepguard: ignore[SG101]` or `# stepguard: ignore`.

A marker silences findings on its own line and on the line below it.
"""

from __future__ import annotations

import re

from checks.parsing import Code

_MARK = re.compile(r"stepguard:\s*ignore(?:\[(?P<ids>[A-Za-z0-9_,\s-]*)\])?")


def suppressed_ids(line_text: str) -> set[str] | None:
    """None: no marker; empty set: ignore everything; otherwise the ids listed."""
    m = _MARK.search(line_text)
    if m is None:
        return None
    ids = m.group("ids")
    if ids is None:
        return set()
    return {part.strip().upper() for part in ids.split(",") if part.strip()}


def is_suppressed(code: Code, line: int, rule_id: str) -> bool:
    for candidate in (line, line - 1):
        if candidate < 1:
            continue
        ids = suppressed_ids(code.line_text(candidate))
        if ids is not None and (not ids or rule_id in ids):
            return True
    return False
