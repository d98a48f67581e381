"""Bounds for structured input (YAML, JSON): nesting depth, alias expansion, plain types.

A hostile document must cost no more than its size: aliases may not expand past a node budget
(the "billion laughs" bomb), nesting may not go deeper than the parsers and every later walk can
handle without recursion errors or a crash in C code, and what comes out holds only plain JSON
types (str, int, float, bool, None, list, dict with str keys) so no later step meets a date,
bytes or a set.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

from checks.errors import UnreadableFile
from checks.parse_errors import json_error_reason

MAX_DEPTH = 100  # nested collections
MAX_NODES = 200_000  # scalars and collections after alias expansion


def check_yaml_bounds(text: str) -> None:
    """Refuse YAML that nests deeper than MAX_DEPTH or expands past MAX_NODES.

    Walks the parser's event stream (no document is built, so nothing recursive runs) and stops
    at the first bound crossed: a bomb or a 50,000-deep document costs a few hundred events.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.events import (
        AliasEvent,
        CollectionEndEvent,
        CollectionStartEvent,
        ScalarEvent,
    )

    sizes: dict[str, int] = {}  # anchor → expanded node count
    stack: list[list[Any]] = []  # open collections: [anchor, expanded nodes so far]
    total = 0
    for event in YAML(typ="safe").parse(text):
        if isinstance(event, ScalarEvent | AliasEvent):
            count = 1 if isinstance(event, ScalarEvent) else sizes.get(event.anchor, 1)
            if isinstance(event, ScalarEvent) and event.anchor:
                sizes[event.anchor] = 1
            if stack:
                stack[-1][1] += count
        elif isinstance(event, CollectionStartEvent):
            count = 1
            stack.append([event.anchor, 1])
            if len(stack) > MAX_DEPTH:
                raise UnreadableFile(f"YAML nested more than {MAX_DEPTH} levels deep; not loaded")
        elif isinstance(event, CollectionEndEvent):
            anchor, nodes = stack.pop()
            if anchor:
                sizes[anchor] = nodes
            if stack:
                stack[-1][1] += nodes
            continue
        else:
            continue
        total += count
        if total > MAX_NODES:
            raise UnreadableFile(
                f"YAML expands to more than {MAX_NODES:,} values (an alias bomb?); not loaded"
            )


def json_loads(text: str) -> Any:
    """`json.loads` within MAX_DEPTH; raises UnreadableFile (never RecursionError/ValueError)."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UnreadableFile(json_error_reason(exc)) from None  # our words, never the library's
    except RecursionError:
        raise UnreadableFile(f"JSON nested more than {MAX_DEPTH} levels deep; not loaded") from None
    except ValueError:  # e.g. an integer past Python's digit limit
        raise UnreadableFile("malformed JSON: a number is too long") from None
    return plain(doc, "JSON", max_nodes=None)


def plain(doc: Any, kind: str = "YAML", max_nodes: int | None = MAX_NODES) -> Any:
    """A copy of `doc` with JSON types only, depth and size bounded (iterative, no recursion).

    Dates become ISO strings, bytes base64 text, sets sorted lists, keys strings. `max_nodes`
    None: no value budget (JSON has no aliases; its size is the file's).
    """
    budget = max_nodes
    root: list[Any] = [None]
    # (source value, container to put the copy in, key or index, collections around it)
    work: list[tuple[Any, Any, Any, int]] = [(doc, root, 0, 0)]
    while work:
        value, parent, slot, depth = work.pop()
        if budget is not None:
            budget -= 1
            if budget < 0:
                raise UnreadableFile(f"{kind} holds more than {max_nodes:,} values; not loaded")
        if isinstance(value, dict | list | tuple | set | frozenset) and depth >= MAX_DEPTH:
            raise UnreadableFile(f"{kind} nested more than {MAX_DEPTH} levels deep; not loaded")
        if isinstance(value, dict):
            copy: dict[str, Any] = {}
            parent[slot] = copy
            for key, item in value.items():
                name = key if isinstance(key, str) else str(_scalar(key))
                copy[name] = None
                work.append((item, copy, name, depth + 1))
        elif isinstance(value, list | tuple | set | frozenset):
            items = sorted(value, key=repr) if isinstance(value, set | frozenset) else list(value)
            out: list[Any] = [None] * len(items)
            parent[slot] = out
            work.extend((item, out, i, depth + 1) for i, item in enumerate(items))
        else:
            parent[slot] = _scalar(value)
    return root[0]


def _scalar(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    return str(value)
