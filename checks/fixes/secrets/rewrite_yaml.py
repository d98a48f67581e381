"""Rewrite a secret typed into a synced workflow.yaml's props as `{{process.env.NAME}}`.

Only the value's own bytes change (a whole plain scalar is quoted, since a plain YAML value
cannot start with `{`); the rest of the file stays byte for byte. The result must read back as
exactly the same configuration with the value replaced by the reference, else it is refused.
"""

from __future__ import annotations

from typing import Any

from checks.errors import UnreadableFile
from checks.fixes.secrets.edits import Edit, RewriteRefused, Span, apply_edits
from checks.loaders.bounded import check_yaml_bounds, plain
from checks.parsing.yamlspans import YamlScalar, scalars


def reference(name: str) -> str:
    """How a Pipedream action prop reads an environment variable."""
    return f"{{{{process.env.{name}}}}}"


def load(text: str) -> Any:
    """The document as plain JSON types (bounded like the loader); raises RewriteRefused."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        check_yaml_bounds(text)
        return plain(YAML(typ="safe").load(text))
    except (YAMLError, UnreadableFile, ValueError):
        raise RewriteRefused("workflow.yaml cannot be read as YAML; edit it by hand") from None


def _substituted(doc: Any, values: dict[str, str]) -> Any:
    """`doc` with every copy of each value (in strings) replaced by its reference."""
    if isinstance(doc, dict):
        return {_substituted(k, values): _substituted(v, values) for k, v in doc.items()}
    if isinstance(doc, list):
        return [_substituted(v, values) for v in doc]
    if isinstance(doc, str):
        for value, ref in values.items():
            doc = doc.replace(value, ref)
    return doc


def _holder(found: list[YamlScalar], start: int, end: int) -> YamlScalar:
    for s in found:
        if s.start <= start and end <= s.end:
            return s
    raise RewriteRefused("the secret is not inside one YAML value; edit it by hand")


def rewrite_yaml(data: bytes, spans: list[Span]) -> list[Edit]:
    """The edits that put a reference in place of each span (offsets into `data`, no BOM)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise RewriteRefused("workflow.yaml is not valid UTF-8; edit it by hand") from None
    before = load(text)
    try:
        found = scalars(text)
    except UnreadableFile:
        raise RewriteRefused("workflow.yaml cannot be read as YAML; edit it by hand") from None
    edits: list[Edit] = []
    values: dict[str, str] = {}
    for span in spans:
        start = len(data[: span.start].decode("utf-8", "replace"))
        value = data[span.start : span.end].decode("utf-8", "replace")
        holder = _holder(found, start, start + len(value))
        ref = reference(span.name)
        if not holder.style and start == holder.start:  # a plain value cannot start with {
            if start + len(value) != holder.end:
                raise RewriteRefused(
                    "the secret starts a longer unquoted YAML value; quote the value and retry"
                )
            ref = f'"{ref}"'
        edits.append(Edit(span.start, span.end, ref.encode("utf-8")))
        values[value] = reference(span.name)
    new = apply_edits(data, edits)
    if load(new.decode("utf-8")) != _substituted(before, values):
        raise RewriteRefused(
            "the rewritten workflow.yaml would not read back as the same configuration; "
            "edit it by hand"
        )
    return edits
