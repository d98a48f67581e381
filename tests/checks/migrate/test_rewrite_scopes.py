"""Rewrites that would parse but break: a shadowed `os` in Python, type positions in TypeScript.

Python output is run (the rewritten handler must read the environment variable); TypeScript
output is parsed with the TypeScript grammar (no ERROR or MISSING node) and type positions,
enums and ambient declarations are refused with the reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from tree_sitter import Node

from checks.fixes.secrets import (
    RewriteRefused,
    Span,
    apply_migration,
    plan_from_findings,
    rewrite_file,
)
from checks.model import Language
from checks.parsing.js import parse_js
from tests.checks.migrate.helpers import fake_scan, github_token, stripe_key

NAME = "PAY_KEY"


def _spans(text: str, value: str) -> list[Span]:
    data = text.encode()
    out, pos = [], data.find(value.encode())
    while pos != -1:
        out.append(Span(pos, pos + len(value), NAME))
        pos = data.find(value.encode(), pos + 1)
    return out


def _run_handler(code: bytes, monkeypatch: pytest.MonkeyPatch, *args: object) -> object:
    monkeypatch.setenv(NAME, "from-the-environment")
    namespace: dict[str, object] = {"__name__": "step"}
    exec(compile(code, "step.py", "exec"), namespace)
    handler = namespace["handler"]
    assert callable(handler)
    return handler(*args)


PY_SHADOWS = {
    "parameter": ('def handler(os):\n    return "@V@"\n', ("not the os module",)),
    "local": ('def handler():\n    os = "shadow"\n    return f"key=@V@"\n', ()),
    "module alias": (
        'import posixpath as os\n\n\ndef handler():\n    return "@V@"\n',
        (),
    ),
    "lambda": ('def handler():\n    f = lambda os: "@V@"\n    return f(1)\n', ()),
    "comprehension": (
        'import os\n\n\ndef handler():\n    return [b"@V@" for os in [1]][0].decode()\n',
        (),
    ),
    "global import os kept": (
        'import os\n\n\ndef handler(pd, os=None):\n    return "Bearer @V@"[7:]\n',
        (None,),
    ),
}


@pytest.mark.parametrize("case", sorted(PY_SHADOWS))
def test_python_shadowed_os_still_reads_the_environment(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    value = stripe_key()
    template, args = PY_SHADOWS[case]
    text = template.replace("@V@", value)
    new = rewrite_file(text.encode(), Language.PYTHON, _spans(text, value))
    assert value.encode() not in new
    ast.parse(new)
    result = _run_handler(new, monkeypatch, *args)
    expected = "from-the-environment"
    if case == "local":
        expected = "key=from-the-environment"
    assert result == expected


def _errors(node: Node) -> list[str]:
    found = [node.type] if node.type == "ERROR" or node.is_missing else []
    for child in node.children:
        found += _errors(child)
    return found


TS_REFUSED = {
    "type alias": 'type Mode = "@V@";\n',
    "annotation": 'let x: "@V@" = "a";\n',
    "parameter type": 'function f(a: "@V@") { return a; }\n',
    "type argument": 'const m = new Map<"@V@", number>();\n',
    "as literal type": 'const y = z as "@V@";\n',
    "enum value": 'enum Keys { Stripe = "@V@" }\n',
    "enum member name": 'enum Keys { "@V@" = 1 }\n',
    "interface key": 'interface I { "@V@": string }\n',
    "class field name": 'class C { "@V@" = 1; }\n',
    "ambient": 'declare module "@V@" {}\n',
    "declare const": 'declare const K = "@V@";\n',
    "declare namespace": 'declare namespace N { const k = "@V@"; }\n',
    "as const": 'const k = "@V@" as const;\n',
    "const assertion": 'const k = <const>"@V@";\n',
    "type parameter default": 'function f<T = "@V@">(): T | undefined { return undefined; }\n',
    "function type": 'type F = (a: string) => "@V@";\n',
}


@pytest.mark.parametrize("case", sorted(TS_REFUSED))
def test_typescript_type_positions_are_refused_with_the_reason(case: str) -> None:
    value = stripe_key()
    text = TS_REFUSED[case].replace("@V@", value)
    assert not parse_js(text.encode(), typescript=True).root_node.has_error
    with pytest.raises(RewriteRefused) as info:
        rewrite_file(text.encode(), Language.TYPESCRIPT, _spans(text, value))
    reason = str(info.value)
    assert value not in reason
    words = ("type", "enum", "declaration", "constant", "const")
    assert any(word in reason for word in words), reason


TS_REWRITTEN = [
    'const k: string = "@V@";\n',
    'function f(a: string = "@V@"): string { return a; }\n',
    'const o = { "@V@": 1, b: "x@V@" as string };\n',
    'namespace N { export const k = "@V@"; }\n',
    'const t = <T,>(x: T): T => x; const u = t<string>("@V@");\n',
    'class C { k: string = `${1}@V@`; m(): "a" { return "a"; } }\n',
    'const d = { ["@V@"]: 1, k: ["@V@"] as const };\n',
    'switch (x) { case "@V@": break; }\n',
    'function g(this: Window, a = "@V@") { return a; }\n',
    'const k = { key: "@V@" } satisfies { key: string };\n',
]


@pytest.mark.parametrize("template", TS_REWRITTEN)
def test_typescript_value_positions_are_rewritten_to_valid_typescript(template: str) -> None:
    value = stripe_key()
    text = template.replace("@V@", value)
    new = rewrite_file(text.encode(), Language.TYPESCRIPT, _spans(text, value))
    assert value.encode() not in new and f"process.env.{NAME}".encode() in new
    assert _errors(parse_js(new, typescript=True).root_node) == []


def test_plan_refuses_the_type_spot_and_migrates_the_rest(
    tmp_path: Path, memory_keyring, config_home
) -> None:
    root = tmp_path / "ts"
    root.mkdir()
    typed, plain = stripe_key(), github_token()
    (root / "step.ts").write_text(
        f'type Key = "{typed}";\nexport default defineComponent({{\n'
        f'  async run() {{ const k: string = "{plain}"; return k; }},\n}});\n'
    )
    scan_root, findings, workflows = fake_scan([root], {typed: "Stripe", plain: "GitHub"})
    plan = plan_from_findings(scan_root, findings, workflows)
    assert [s.provider for s in plan.secrets] == ["GitHub"]
    assert len(plan.refused) == 1 and "type" in plan.refused[0].reason
    assert typed not in str(plan.refused[0])
    apply_migration(plan)
    new = (root / "step.ts").read_bytes()
    assert plain.encode() not in new and typed.encode() in new
    assert b"process.env.GITHUB_TOKEN" in new
    assert _errors(parse_js(new, typescript=True).root_node) == []
