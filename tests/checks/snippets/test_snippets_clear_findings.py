"""Every snippet stepguard offers clears the finding it was offered for (issue 15, item 1).

For each snippet of the catalog, language and shape of the existing step (Node / Python), build
an HTTP GitHub-Sync workflow with the flaw the snippet fixes (no authentication → SG301; a
provider's webhooks handled without verification → SG401), insert the rendered snippet as the
first step with the real insert code, re-scan, and require that the finding is gone and that
nothing at medium severity or above points at the inserted step or the lines added to
workflow.yaml.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.auth.providers import provider_by_name
from checks.engine import ScanOptions, scan
from checks.model import Finding, Severity
from checks.snippets import LANGUAGES, Snippet, list_snippets, render
from checks.snippets.insert import insert_step
from tests.checks.auth.helpers import node_step, py_step, sync_files

# The existing step does work with the request (sends its body on): an HTTP workflow with no
# authentication, or — when the workflow is named after a provider — an unverified webhook.
WORK = {
    "node": node_step(
        'await fetch("https://api.acme.dev/orders", '
        '{ method: "POST", body: JSON.stringify(steps.trigger.event.body) });'
    ),
    "python": py_step(
        "import urllib.request\n"
        'urllib.request.urlopen("https://api.acme.dev/orders", '
        'data=str(pd.steps["trigger"]["event"]["body"]).encode())'
    ),
}
FOLDER = "proj/incoming-p_AbC123"
NAMESPACE = "verify_request"


def _offered(snippet: Snippet) -> tuple[str, str]:
    """(rule the snippet is offered for, workflow name that makes the flaw)."""
    if snippet.kind == "auth":
        return "SG301", "Incoming orders"
    provider = provider_by_name(snippet.name)
    assert provider is not None, f"snippet {snippet.name} names no known provider"
    return "SG401", f"{provider.name_words[0].title()} webhook"


def _scan(root: Path) -> list[Finding]:
    return scan([root], ScanOptions(migrated_env=frozenset())).findings


def _describe(findings: list[Finding]) -> str:
    return "\n".join(f"{f.rule} {f.severity.label} {f.path}:{f.line} {f.message}" for f in findings)


def _case(s: Snippet, lang: str, shape: str) -> object:
    return pytest.param(s, lang, shape, id=f"{s.name}-{lang}-into-{shape}")


CASES = [
    _case(s, lang, shape)
    for s in list_snippets()
    for lang in LANGUAGES
    if lang in s.languages
    for shape in WORK
]


@pytest.mark.parametrize(("snippet", "lang", "shape"), CASES)
def test_inserted_snippet_clears_its_finding(
    tmp_path: Path, snippet: Snippet, lang: str, shape: str
) -> None:
    rule, name = _offered(snippet)
    files = sync_files(
        [("handle", WORK[shape])], name=name, python={"handle"} if shape == "python" else set()
    )
    for rel, body in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body)
    before = [f for f in _scan(tmp_path) if f.rule == rule]
    assert before, f"the workflow should have {rule} before the insert"
    if rule == "SG401":
        assert before[0].extra.get("snippet") == snippet.name

    result = insert_step(tmp_path / FOLDER, NAMESPACE, render(snippet.name, lang), lang)
    after = _scan(tmp_path)

    still = [f for f in after if f.rule == rule]
    assert not still, f"{rule} remains after inserting {snippet.name}:\n{_describe(still)}"
    entry = result.entry_file.relative_to(tmp_path).as_posix()
    yaml_lines = _inserted_yaml_lines(result.workflow_yaml, result.inserted_lines)
    yaml_rel = result.workflow_yaml.relative_to(tmp_path).as_posix()
    on_insert = [
        f
        for f in after
        if f.severity >= Severity.MEDIUM
        and (f.path == entry or (f.path == yaml_rel and f.line in yaml_lines))
    ]
    assert not on_insert, f"findings on the inserted step:\n{_describe(on_insert)}"


def _inserted_yaml_lines(path: Path, inserted: tuple[str, ...]) -> set[int]:
    lines = path.read_text().splitlines()
    return {i + 1 for i, line in enumerate(lines) if line in inserted}
