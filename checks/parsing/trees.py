"""`SharedTrees`: one parse for step code that occurs in several workflows of a scan.

A scanned tree often holds the same file more than once (package versions side by side, copied
steps). A parse is a pure function of the text and the grammar, and no analysis changes a tree
(tree-sitter trees are immutable; no rule edits a Python `ast`), so a step whose text and
language equal an earlier workflow's step reuses that parse (JS/TS: `Code.js_tree`, Python:
`Code._py_parse`, the tree or the syntax error) instead of parsing again; every analysis still
runs on its own `Code` with its own memo.

A tree is only shared between workflows, never between two steps of one workflow (their nodes
would then be the same objects, with the same ids). It is kept from the first workflow that
parsed it until the last workflow with that text has been checked, so only texts that recur
are held, and only while they can still be used. Made per scan: nothing outlives it.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from checks.model import Language, Workflow
from checks.parsing.code import Code, parse_code

if TYPE_CHECKING:
    from tree_sitter import Tree

_Key = tuple[Language, str]


def _key(language: Language, text: str | None) -> _Key | None:
    return (language, text) if text is not None and _attribute(language) else None


def _attribute(language: Language) -> str:
    """The `cached_property` of `Code` holding the parse of `language` ("": none shared)."""
    if language.is_js:
        return "js_tree"
    return "_py_parse" if language is Language.PYTHON else ""


class SharedTrees:
    """The parse trees of step texts that recur in `workflows`, shared while still needed."""

    def __init__(self, workflows: list[Workflow]) -> None:
        counts: Counter[_Key] = Counter()
        for workflow in workflows:
            for step in workflow.steps:
                key = _key(step.language, step.code)
                if key is not None:
                    counts[key] += 1
        self._left = {key: n for key, n in counts.items() if n > 1}
        self._trees: dict[_Key, Tree | tuple[object, ...]] = {}

    def attach(self, workflow: Workflow) -> None:
        """Give the steps of `workflow` whose text recurs a `Code` (their `parsed`), with the
        tree of an earlier workflow when there is one."""
        used: set[int] = set()
        for step in workflow.steps:
            key = _key(step.language, step.code)
            if key is None or key not in self._left:
                continue
            code = step.parsed
            if not (
                isinstance(code, Code) and code.text is step.code and code.language is step.language
            ):
                assert step.code is not None  # a key has a text
                code = step.parsed = parse_code(step.code, step.language)
            tree = self._trees.get(key)
            attribute = _attribute(step.language)
            if tree is not None and id(tree) not in used and attribute not in code.__dict__:
                code.__dict__[attribute] = tree  # the `cached_property`, as if parsed here
                used.add(id(tree))

    def release(self, workflow: Workflow) -> None:
        """After `workflow` is checked: keep its trees for the workflows still to come, drop
        those no workflow needs any more."""
        for step in workflow.steps:
            key = _key(step.language, step.code)
            if key is None or key not in self._left:
                continue
            code = step.parsed
            tree = code.__dict__.get(_attribute(step.language)) if isinstance(code, Code) else None
            if tree is not None and key not in self._trees:
                self._trees[key] = tree
            self._left[key] -= 1
            if self._left[key] == 0:
                del self._left[key]
                self._trees.pop(key, None)
