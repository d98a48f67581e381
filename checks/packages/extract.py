"""Find the packages a step imports (tree-sitter for JS/TS, `ast` + `tokenize` for Python)."""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass, replace

from checks.model import Language, Step, Workflow
from checks.packages.names import (
    NPM,
    PYPI,
    is_stdlib,
    normalize_pypi,
    parse_npm_specifier,
    python_distribution,
)
from checks.parsing import Code, parse_code
from checks.parsing.js import call_arguments, string_value
from checks.parsing.jsindex import of_type

ADD_PACKAGE = "pipedream add-package"
# Provided and maintained by Pipedream itself; every Pipedream example imports it bare.
PLATFORM_PACKAGES = frozenset({"@pipedream/platform"})


@dataclass(frozen=True)
class PackageUse:
    """One import of a registry package in one step."""

    ecosystem: str  # "npm" | "pypi"
    name: str  # registry name (`@scope/pkg`, `PyYAML`)
    spec: str | None  # version pin or range as written; None = unpinned
    written: str  # what the code says (`"axios@1.7.2"`, `yaml`, `add-package PyYAML==6.0`)
    kind: str  # import | require | dynamic-import | export | add-package
    workflow: str
    step: str
    line: int  # 1-based, within the step's code
    start_byte: int
    end_byte: int
    # Why a use without a version in the code is still pinned: "package.json" (the component
    # package's manifest; `spec` then holds its range), "platform" (`@pipedream/platform`,
    # Pipedream's own), "component package" (a multi-file component whose package.json lies
    # outside the scanned folder). Empty: the code alone decides.
    pinned_by: str = ""

    @property
    def key(self) -> tuple[str, str, str | None]:
        """What an audit verdict is keyed on: ecosystem, normalised name, pin."""
        return package_key(self.ecosystem, self.name, self.spec)

    @property
    def pinned(self) -> bool:
        return self.spec is not None or bool(self.pinned_by)


def package_key(ecosystem: str, name: str, spec: str | None) -> tuple[str, str, str | None]:
    norm = normalize_pypi(name) if ecosystem == PYPI else name
    return (ecosystem, norm, spec)


def uses_in_workflows(workflows: list[Workflow]) -> list[PackageUse]:
    out: list[PackageUse] = []
    for wf in workflows:
        for step in wf.steps:
            if step.code is None:
                continue
            out.extend(uses_in_code(parse_code(step.code, step.language), wf.name, step))
    return out


def uses_in_code(code: Code | None, workflow: str, step: Step) -> list[PackageUse]:
    """Every package use in one step's parsed code (never raises on broken code)."""
    if code is None:
        return []
    if code.language.is_js:
        uses = list(_js_uses(code, workflow, step.namespace))
        in_package = bool(step.package_pins) or (step.path is not None and _imports_siblings(code))
        return [_pinned_elsewhere(u, step.package_pins, in_package) for u in uses]
    if code.language is Language.PYTHON:
        return _py_uses(code, workflow, step.namespace)
    return []


def _pinned_elsewhere(use: PackageUse, pins: dict[str, str], in_package: bool) -> PackageUse:
    """`use` with the pin its component package or the platform gives it, if any."""
    if use.spec is not None:
        return use
    if use.name in pins:
        return replace(use, spec=pins[use.name], pinned_by="package.json")
    if use.name in PLATFORM_PACKAGES:
        return replace(use, pinned_by="platform")
    if in_package and not pins:
        return replace(use, pinned_by="component package")
    return use


def _imports_siblings(code: Code) -> bool:
    """The file imports other modules of its own package (`../../app.app.mjs`, `./base.mjs`):
    a multi-file component, built from a package whose package.json declares its dependencies
    (Pipedream's registry layout). Code steps and single-file actions cannot do this."""
    for node in of_type(code, "import_statement"):
        source = node.child_by_field_name("source")
        value = string_value(source) if source is not None else None
        if value and value.startswith(("./", "../")) and value.endswith((".mjs", ".js", ".ts")):
            return True
    return False


# -- JavaScript / TypeScript ------------------------------------------------------------------


def _js_uses(code: Code, workflow: str, step: str) -> Iterator[PackageUse]:
    tree = code.js_tree
    if tree is None:
        return
    for node in of_type(code, "import_statement", "export_statement", "call_expression"):
        kind: str | None = None
        source = None
        if node.type in ("import_statement", "export_statement"):
            source = node.child_by_field_name("source")
            kind = "import" if node.type == "import_statement" else "export"
            if source is None and node.type == "import_statement":
                # TypeScript `import x = require("y")`
                for child in node.named_children:
                    if child.type == "import_require_clause":
                        source = child.child_by_field_name("source")
                        kind = "require"
        elif node.type == "call_expression":
            fn = node.child_by_field_name("function")
            if fn is None:
                continue
            if fn.type == "import":
                kind = "dynamic-import"
            elif fn.type == "identifier" and fn.text == b"require":
                kind = "require"
            else:
                continue
            args = call_arguments(node)
            source = args[0] if args else None
        if source is None or kind is None:
            continue
        value = string_value(source)
        if value is None:
            continue
        parsed = parse_npm_specifier(value)
        if parsed is None:
            continue
        yield PackageUse(
            ecosystem=NPM,
            name=parsed.name,
            spec=parsed.spec,
            written=value,
            kind=kind,
            workflow=workflow,
            step=step,
            line=source.start_point[0] + 1,
            start_byte=source.start_byte,
            end_byte=source.end_byte,
        )


# -- Python -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _AddPackage:
    name: str
    spec: str | None
    line: int
    start: int
    end: int
    text: str


def _py_uses(code: Code, workflow: str, step: str) -> list[PackageUse]:
    added = {normalize_pypi(a.name): a for a in _add_package_comments(code)}
    out: list[PackageUse] = []
    matched: set[str] = set()
    tree = code.py_tree
    if tree is not None:
        for node in code.py_nodes:
            modules: list[tuple[str, str]] = []  # (dotted name to map, name as written)
            if isinstance(node, ast.Import):
                modules = [(alias.name, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level or not node.module:
                    continue  # relative import
                modules = [(f"{node.module}.{alias.name}", node.module) for alias in node.names]
            else:
                continue
            start, end = code.py_node_offsets(node)
            seen_here: set[str] = set()
            for module, written in modules:
                if is_stdlib(module):
                    continue
                dist = python_distribution(module)
                norm = normalize_pypi(dist)
                if norm in seen_here:
                    continue
                seen_here.add(norm)
                pin = added.get(norm)
                if pin is not None:
                    matched.add(norm)
                out.append(
                    PackageUse(
                        ecosystem=PYPI,
                        name=pin.name if pin is not None else dist,
                        spec=pin.spec if pin is not None else None,
                        written=written,
                        kind="import",
                        workflow=workflow,
                        step=step,
                        line=node.lineno,
                        start_byte=start,
                        end_byte=end,
                    )
                )
    for norm, a in added.items():
        if norm in matched:
            continue
        out.append(
            PackageUse(
                ecosystem=PYPI,
                name=a.name,
                spec=a.spec,
                written=a.text,
                kind="add-package",
                workflow=workflow,
                step=step,
                line=a.line,
                start_byte=a.start,
                end_byte=a.end,
            )
        )
    out.sort(key=lambda u: (u.line, u.start_byte))
    return out


def _add_package_comments(code: Code) -> list[_AddPackage]:
    """`# pipedream add-package name==1.2` comments, found with the tokenizer (not a regex)."""
    out: list[_AddPackage] = []
    if not _may_add_package(code.text):
        return out
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code.text).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        tokens = _comment_tokens_fallback(code)
    for tok in tokens:
        if tok.type != tokenize.COMMENT:
            continue
        body = tok.string.lstrip("#").strip()
        if not body.lower().startswith(ADD_PACKAGE):
            continue
        requirement = body[len(ADD_PACKAGE) :].strip().split()
        if not requirement:
            continue
        name, spec = split_requirement(requirement[0])
        if not name:
            continue
        line, col = tok.start
        line_text = code.line_text(line)
        byte_col = len(line_text[:col].encode("utf-8"))
        start = code.offset(line, byte_col)
        out.append(
            _AddPackage(
                name=name,
                spec=spec,
                line=line,
                start=start,
                end=start + len(tok.string.encode("utf-8")),
                text=f"add-package {requirement[0]}",
            )
        )
    return out


def _may_add_package(text: str) -> bool:
    """Whether a comment of `text` could start with `ADD_PACKAGE`: the test is case-insensitive
    and lower case maps character by character, so `text.lower()` holds it (no tokenizing)."""
    return ADD_PACKAGE in text.lower()


def _comment_tokens_fallback(code: Code) -> list[tokenize.TokenInfo]:
    """Tokenize line by line when the whole file does not tokenize (unbalanced brackets…)."""
    out: list[tokenize.TokenInfo] = []
    for i in range(1, code.line_count + 1):
        text = code.line_text(i)
        try:
            for tok in tokenize.generate_tokens(io.StringIO(text + "\n").readline):
                if tok.type == tokenize.COMMENT:
                    out.append(tok._replace(start=(i, tok.start[1]), end=(i, tok.end[1])))
        except (tokenize.TokenError, SyntaxError, IndentationError):
            continue
    return out


def split_requirement(text: str) -> tuple[str, str | None]:
    """`pandas==2.0.0` → (pandas, ==2.0.0); `requests` → (requests, None); extras dropped."""
    for i, ch in enumerate(text):
        if ch in "=<>!~;[@ ":
            name = text[:i]
            rest = text[i:]
            if rest.startswith("["):
                close = rest.find("]")
                rest = rest[close + 1 :] if close != -1 else ""
            rest = rest.split(";", 1)[0].strip()
            return name, rest or None
    return text, None
