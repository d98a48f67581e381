"""Runs rendered stepguard Python snippets the way a Pipedream Python code step runs.

stdin: {"cases": [{"id", "module": "/abs/path.py", "request": {...}, "env": {...}}]}
stdout: [{"id", "returned", "responses", "exited", "exports", "threw"}]
A fake `pd` provides steps, respond, flow.exit (returns a sentinel) and export.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import traceback
from types import ModuleType, SimpleNamespace
from typing import Any

EXIT_SENTINEL = "__stepguard_flow_exit__"


def _load(path: str, cache: dict[str, ModuleType]) -> ModuleType:
    if path not in cache:
        spec = importlib.util.spec_from_file_location(f"snippet_{len(cache)}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        cache[path] = module
    return cache[path]


def _fake_pd(request: dict[str, Any]) -> tuple[SimpleNamespace, dict[str, Any]]:
    record: dict[str, Any] = {"responses": [], "exited": None, "exports": {}}

    def respond(response: dict[str, Any]) -> None:
        record["responses"].append(json.loads(json.dumps(response)))

    def exit_(reason: object = None) -> dict[str, Any]:
        record["exited"] = {"reason": None if reason is None else str(reason)}
        return {EXIT_SENTINEL: record["exited"]["reason"]}

    def export(name: str, value: Any) -> None:
        record["exports"][name] = value

    steps = {"trigger": {"event": request, "context": {"id": "test-execution"}}}
    pd = SimpleNamespace(
        steps=steps, inputs={}, respond=respond, export=export, flow=SimpleNamespace(exit=exit_)
    )
    return pd, record


def run_case(case: dict[str, Any], cache: dict[str, ModuleType], env_keys: set[str]) -> dict:
    for key in env_keys:
        os.environ.pop(key, None)
    os.environ.update(case.get("env") or {})
    pd, record = _fake_pd(case["request"])
    result: dict[str, Any] = {"id": case["id"], "returned": None, "threw": None}
    try:
        returned = _load(case["module"], cache).handler(pd)
        result["returned"] = json.loads(json.dumps(returned))
    except BaseException:
        result["threw"] = traceback.format_exc()
    return {**result, **record}


def main() -> None:
    cases = json.load(sys.stdin)["cases"]
    env_keys = {key for case in cases for key in (case.get("env") or {})}
    cache: dict[str, ModuleType] = {}
    json.dump([run_case(case, cache, env_keys) for case in cases], sys.stdout)


if __name__ == "__main__":
    main()
