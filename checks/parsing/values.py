"""What the semantic model says an expression holds: member paths into values.

A `PathT` is the member path from a name to the part of its value an expression reads
(`cfg.headers.authorization` → ("headers", "authorization")); None stands for a key only known
at run time and `ELEM` for "an element of" (arrays, loops, array patterns).
"""

from __future__ import annotations

PathT = tuple[str | None, ...]
ELEM = "[]"
