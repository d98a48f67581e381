"""SG202's exact fix: the setting that turns certificate checks off is deleted; the re-scan no
longer reports it, nothing new appears, and shapes it cannot delete exactly get no fix."""

from __future__ import annotations

import ast

import pytest

from checks.engine import ScanOptions, scan
from checks.fixes import replace
from tests.checks.auth.helpers import sync_files

FOLDER = "proj/incoming-p_AbC123"
PY = (
    'import requests\n\n\ndef handler(pd: "pipedream"):\n    r = {call}\n    return r.status_code\n'
)


def _project(write_tree, code: str, python: bool):
    files = sync_files([("send", code)], python={"send"} if python else set())
    if not python:  # a Bash step
        files = {k.replace("entry.mjs", "entry.sh"): v for k, v in files.items()}
        yaml = f"{FOLDER}/workflow.yaml"
        files[yaml] = (
            files[yaml].replace("nodejs20.x", "bash").replace("./send/entry.mjs", "./send/entry.sh")
        )
    return write_tree(files)


def _sg202(root):
    return [f for f in scan([root], ScanOptions()).findings if f.rule == "SG202"]


@pytest.mark.parametrize(
    ("code", "python", "expected"),
    [
        (
            PY.format(
                call='requests.get(\n        "https://a.example",\n        verify=False,\n    )'
            ),
            True,
            PY.format(call='requests.get(\n        "https://a.example",\n    )'),
        ),
        (
            PY.format(call='requests.get("https://a.example", verify=False, timeout=5)'),
            True,
            PY.format(call='requests.get("https://a.example", timeout=5)'),
        ),
        (
            PY.format(call='requests.get("https://a.example", verify=False)'),
            True,
            PY.format(call='requests.get("https://a.example")'),
        ),
        (
            'curl -k -s "https://a.example/x"\n',
            False,
            'curl -s "https://a.example/x"\n',
        ),
        (
            'wget -q "https://a.example/x" --no-check-certificate\n',
            False,
            'wget -q "https://a.example/x"\n',
        ),
    ],
    ids=["py-own-line", "py-middle", "py-last", "curl-k", "wget-last"],
)
def test_setting_is_deleted_and_the_finding_clears(write_tree, code, python, expected) -> None:
    root = _project(write_tree, code, python)
    path = root / FOLDER / "send" / ("entry.py" if python else "entry.sh")
    before = scan([root], ScanOptions()).findings
    (f,) = [f for f in before if f.rule == "SG202"]
    assert replace.is_replaceable(f)
    replace.apply(root, f)
    assert path.read_text() == expected
    if python:
        ast.parse(expected)
    after = scan([root], ScanOptions()).findings
    assert [g for g in after if g.rule == "SG202"] == []
    known = {g.fingerprint for g in before}
    assert [g.rule for g in after if g.fingerprint not in known] == []


@pytest.mark.parametrize(
    ("code", "python"),
    [
        ('curl -sk "https://a.example/x"\n', False),  # a combined flag: not a word of its own
        (PY.format(call="requests.get(verify=False)"), True),  # no separator to delete with it
    ],
)
def test_shapes_it_cannot_delete_exactly_get_no_fix(write_tree, code, python) -> None:
    found = _sg202(_project(write_tree, code, python))
    assert found
    for f in found:
        assert f.fix is None and "replacement" not in f.extra
