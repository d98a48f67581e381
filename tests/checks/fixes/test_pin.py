"""SG501 pin fix: byte-for-byte edits for Node and Python, undo, and the registry lookup."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.engine import ScanOptions, scan
from checks.fixes import pin
from checks.fixes.journal import FixError, undo

NODE = """import axios from "axios";
import fp from 'lodash/fp';
import { LinearClient } from "@linear/sdk";

export default defineComponent({ async run() { return [axios, fp, LinearClient] } });
"""
PY = """import os

import requests
# pipedream add-package python-telegram-bot
import telegram


def handler(pd: "pipedream"):
    return requests, telegram, os
"""


def _findings(root: Path) -> list:
    return [f for f in scan([root], ScanOptions(select=["SG501"])).findings if pin.is_pinnable(f)]


def test_node_imports_are_pinned_in_place(write_tree) -> None:
    root = write_tree({"step.mjs": NODE})
    by_pkg = {f.extra["package"]: f for f in _findings(root)}
    assert set(by_pkg) == {"axios", "lodash", "@linear/sdk"}
    pin.apply(root, by_pkg["axios"], "1.7.2")
    pin.apply(root, {f.extra["package"]: f for f in _findings(root)}["lodash"], "4.17.21")
    pin.apply(root, {f.extra["package"]: f for f in _findings(root)}["@linear/sdk"], "38.0.0")
    assert (root / "step.mjs").read_text() == (
        NODE.replace('"axios"', '"axios@1.7.2"')
        .replace("'lodash/fp'", "'lodash@4.17.21/fp'")
        .replace('"@linear/sdk"', '"@linear/sdk@38.0.0"')
    )
    assert _findings(root) == []
    for _ in range(3):
        undo(root)
    assert (root / "step.mjs").read_text() == NODE


def test_python_imports_get_an_add_package_comment(write_tree) -> None:
    root = write_tree({"step.py": PY})
    by_pkg = {f.extra["package"]: f for f in _findings(root)}
    assert set(by_pkg) == {"requests", "python-telegram-bot"}
    pin.apply(root, by_pkg["requests"], "2.32.3")
    fresh = {f.extra["package"]: f for f in _findings(root)}
    pin.apply(root, fresh["python-telegram-bot"], "21.6")
    assert (root / "step.py").read_text() == PY.replace(
        "import requests\n", "# pipedream add-package requests==2.32.3\nimport requests\n"
    ).replace(
        "# pipedream add-package python-telegram-bot\n",
        "# pipedream add-package python-telegram-bot==21.6\n",
    )
    assert _findings(root) == []


def test_bad_version_is_refused(write_tree) -> None:
    root = write_tree({"step.mjs": NODE})
    with pytest.raises(FixError):
        pin.pin_edit(_findings(root)[0], "latest; rm -rf /")


def test_latest_version_from_a_local_registry(
    write_tree, httpserver, monkeypatch, tmp_path
) -> None:
    packument = {
        "name": "axios",
        "dist-tags": {"latest": "1.7.2"},
        "versions": {"1.7.2": {"name": "axios", "version": "1.7.2", "repository": {"url": "x"}}},
        "time": {"created": "2014-08-29T00:00:00.000Z", "1.7.2": "2024-05-21T00:00:00.000Z"},
    }
    httpserver.expect_request("/axios").respond_with_json(packument)
    pypi_doc = {"info": {"name": "requests", "version": "2.32.3"}, "releases": {}}
    httpserver.expect_request("/pypi/requests/json").respond_with_json(pypi_doc)
    base = httpserver.url_for("").rstrip("/")
    for var in ("STEPGUARD_NPM_REGISTRY", "STEPGUARD_PYPI_API"):
        monkeypatch.setenv(var, base)
    monkeypatch.setenv("STEPGUARD_CACHE_DIR", str(tmp_path / "cache"))
    root = write_tree({"step.mjs": 'import axios from "axios";\n', "step.py": "import requests\n"})
    versions = {f.extra["package"]: pin.latest_version(f) for f in _findings(root)}
    assert versions == {"axios": "1.7.2", "requests": "2.32.3"}
