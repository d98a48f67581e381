"""Did a fix clear its finding? Line bookkeeping between a scan before and a scan after a fix."""

from __future__ import annotations

import difflib
from pathlib import Path

from checks.model import Finding


def line_map(old: bytes, new: bytes) -> tuple[dict[int, int], set[int]]:
    """Old line → new line (1-based) for lines kept or rewritten in place, and the new lines the
    fix wrote (changed or added)."""
    a = old.decode("utf-8", "replace").splitlines()
    b = new.decode("utf-8", "replace").splitlines()
    mapping: dict[int, int] = {}
    written: set[int] = set()
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            mapping.update({i1 + k + 1: j1 + k + 1 for k in range(i2 - i1)})
            continue
        written.update(range(j1 + 1, j2 + 1))
        for k in range(min(i2 - i1, j2 - j1)):
            mapping[i1 + k + 1] = j1 + k + 1
        if i2 - i1 > j2 - j1 and j2 > j1:  # lines folded into the last rewritten one
            mapping.update({i: j2 for i in range(i1 + (j2 - j1) + 1, i2 + 1)})
    return mapping, written


def problems(
    finding: Finding | None,
    before: list[Finding],
    after: list[Finding],
    old_files: dict[str, bytes],
    new_files: dict[str, bytes],
) -> list[str]:
    """What is wrong after the fix: the finding is still there, or a new one sits on a line the
    fix wrote. Paths are the findings' (scan-relative) paths."""
    out: list[str] = []
    maps = {
        path: line_map(old_files.get(path, b""), new_files.get(path, b""))
        for path in set(old_files) | set(new_files)
        if old_files.get(path) != new_files.get(path)
    }

    def moved(f: Finding) -> tuple[str, str, int]:
        mapping = maps.get(f.path, (None, None))[0]
        return f.rule, f.path, mapping.get(f.line, -1) if mapping is not None else f.line

    target = moved(finding) if finding is not None else None
    old = {moved(f) for f in before}
    for f in after:
        key = (f.rule, f.path, f.line)
        if key == target:
            out.append(f"still there: {f.rule} {f.path}:{f.line} {f.title}")
        elif f.path in maps and f.line in maps[f.path][1] and key not in old:
            out.append(f"new on a written line: {f.rule} {f.path}:{f.line} {f.title}")
    return out


def read_files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
