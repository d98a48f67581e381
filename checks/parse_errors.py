"""Parser errors in stepguard's own words: where (line, column) and what, never the input's values.

Library messages quote the text they choke on (ruamel.yaml quotes both values of a duplicate
key in full), so they are never shown raw: each known problem maps to a fixed phrase, anything
else to a generic one. A key name that is quoted back is redacted, escaped and shortened.
"""

from __future__ import annotations

import json
import re
from typing import Any

from checks.redact import redact_text

# (start of the library's problem text, our wording)
_YAML_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed", "unexpected ':' (is a value missing its quotes?)"),
    ("could not find expected ':'", "a key without ':'"),
    ("found character", "a character that cannot start a YAML token"),
    ("found undefined alias", "an alias (*name) whose anchor is not defined"),
    ("found duplicate anchor", "an anchor (&name) defined twice"),
    ("expected <block end>", "unexpected indentation"),
    ("expected a comment or a line break", "unexpected text after a value"),
    ("found unexpected end of stream", "a quoted string that is never closed"),
    ("found unexpected ':'", "unexpected ':'"),
    ("expected ',' or ']'", "a [ list that is never closed"),
    ("expected ',' or '}'", "a { mapping that is never closed"),
    ("found unknown escape character", "an unknown escape in a double-quoted string"),
    ("found a tab character", "a tab where YAML needs spaces"),
    ("expected alphabetic or numeric character", "an anchor or alias with an invalid name"),
    ("found unacceptable character", "a character YAML does not accept"),
    ("expected <document start>", "more than one document"),
    ("could not determine a constructor", "an unknown tag (!name)"),
)
_DUPLICATE_KEY = re.compile(r'found duplicate key "(?P<key>.*?)" with value', re.DOTALL)
_JSON_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("Expecting value", "a value was expected"),
    ("Expecting ',' delimiter", "',' expected"),
    ("Expecting ':' delimiter", "':' expected"),
    ("Expecting property name", "a property name in double quotes was expected"),
    ("Unterminated string", "a string that is never closed"),
    ("Invalid control character", "a control character inside a string"),
    ("Invalid \\escape", "an invalid escape in a string"),
    ("Invalid \\uXXXX escape", "an invalid \\u escape in a string"),
    ("Extra data", "text after the JSON document"),
)
MAX_KEY = 40


def yaml_error_reason(exc: BaseException) -> str:
    """`malformed YAML at line 4 column 5: duplicate key 'token'` for a ruamel.yaml error."""
    mark: Any = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = ""
    if mark is not None and isinstance(getattr(mark, "line", None), int):
        where = f" at line {mark.line + 1} column {mark.column + 1}"
    return f"malformed YAML{where}: {_yaml_problem(str(getattr(exc, 'problem', None) or ''))}"


def _yaml_problem(problem: str) -> str:
    dup = _DUPLICATE_KEY.match(problem)
    if dup is not None:
        return f"duplicate key {quote_name(dup.group('key'))}"
    for start, ours in _YAML_PROBLEMS:
        if problem.startswith(start):
            return ours
    return "invalid YAML syntax"


def json_error_reason(exc: json.JSONDecodeError) -> str:
    """`malformed JSON at line 1 column 79: ',' expected` — no part of the document."""
    for start, ours in _JSON_PROBLEMS:
        if exc.msg.startswith(start):
            return f"malformed JSON at line {exc.lineno} column {exc.colno}: {ours}"
    return f"malformed JSON at line {exc.lineno} column {exc.colno}"


def toml_error_reason(exc: BaseException) -> str:
    """tomllib says where (`(at line 3, column 5)`) after its own fixed phrase."""
    m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
    where = f" at line {m.group(1)} column {m.group(2)}" if m else ""
    return f"malformed TOML{where}"


def library_error_reason(exc: BaseException | None) -> str | None:
    """Our words for a parser library's exception (ruamel.yaml, json, tomllib), else None.

    For callers that hold an error whose cause is such an exception (`raise … from exc`).
    """
    import tomllib

    from ruamel.yaml.error import YAMLError

    if isinstance(exc, json.JSONDecodeError):
        return json_error_reason(exc)
    if isinstance(exc, tomllib.TOMLDecodeError):
        return toml_error_reason(exc)
    if isinstance(exc, YAMLError):
        return yaml_error_reason(exc)
    return None


def quote_name(name: str) -> str:
    """A key name from the input as a message may show it: redacted, escaped, bounded."""
    from checks.escape import escape_controls

    shown = escape_controls(redact_text(name))
    if len(shown) > MAX_KEY:
        shown = shown[: MAX_KEY - 1] + "…"
    return f"'{shown}'"
