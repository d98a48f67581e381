"""Single step or component files (`.js .mjs .cjs .ts .py .sh .go`), each file one step."""

from __future__ import annotations

import re
from pathlib import Path

from checks.fsutil import read_input_text
from checks.loaders.package_json import Manifests, component_pins
from checks.model import EXTENSION_LANGUAGE, Language, Step, Trigger, TriggerKind, Workflow
from checks.parsing import Code, parse_code
from checks.parsing.js import query_nodes, string_value

CODE_EXTENSIONS = frozenset(EXTENSION_LANGUAGE)
# `type: "source"` needs the word as a whole string literal (any quote style).
_SOURCE_LITERAL = re.compile(r"[\"'`]source[\"'`]")


def is_code_file(path: Path) -> bool:
    return path.suffix in CODE_EXTENSIONS and not path.name.endswith((".d.ts", ".min.js"))


def load_component_file(
    path: Path, display_name: str, root: Path | None = None, manifests: Manifests | None = None
) -> Workflow:
    """Load one file (inside `root`, when given) as a one-step workflow; its component
    package's package.json is looked for up to `root`, never above (through `manifests`, the
    load's lookups under `root`, when given). Raises UnreadableFile."""
    text = read_input_text(path, root)
    language = EXTENSION_LANGUAGE[path.suffix]
    trigger = Trigger(kind=TriggerKind.UNKNOWN)
    is_source = False
    parsed = None
    if language.is_js:
        interfaces, is_source, parsed = _component_markers(text, language)
        if "$.interface.http" in interfaces:
            trigger = Trigger(kind=TriggerKind.HTTP, name="$.interface.http")
            is_source = True
        elif "$.interface.timer" in interfaces:
            trigger = Trigger(kind=TriggerKind.TIMER, name="$.interface.timer")
            is_source = True
        elif is_source:
            trigger = Trigger(kind=TriggerKind.APP, name=path.stem)
    step = Step(
        namespace=path.stem,
        language=language,
        code=text,
        path=path,
        is_source=is_source,
        parsed=parsed,
        package_pins=_pins(path, root, manifests) if language.is_js else {},
    )
    return Workflow(
        name=display_name,
        id=None,
        source=path,
        trigger=trigger,
        steps=[step],
        origin="files",
        source_text=text,
    )


def _component_markers(text: str, language: Language) -> tuple[set[str], bool, Code | None]:
    """Interfaces a component declares (`$.interface.http`), whether it is a source, and the
    parse made to find out (None when neither marker can occur)."""
    if "$.interface." not in text and not _SOURCE_LITERAL.search(text):
        return set(), False, None  # skip the parse and the tree walk
    code = parse_code(text, language)
    tree = code.js_tree
    interfaces: set[str] = set()
    is_source = False
    if tree is None:
        return interfaces, is_source, code
    typescript = language is Language.TYPESCRIPT
    for node in query_nodes(tree.root_node, "(string) @s", typescript):
        value = string_value(node)
        if value and value.startswith("$.interface."):
            interfaces.add(value)
        elif value == "source":
            parent = node.parent
            key = parent.child_by_field_name("key") if parent is not None else None
            if (
                parent is not None
                and parent.type == "pair"
                and key is not None
                and key.text == b"type"
            ):
                is_source = True
    return interfaces, is_source, code


def _pins(path: Path, root: Path | None, manifests: Manifests | None) -> dict[str, str]:
    if manifests is not None:
        return manifests.pins_for(path)
    return component_pins(path, root)
