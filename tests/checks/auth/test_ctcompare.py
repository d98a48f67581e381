"""SG302's exact fix: the comparison becomes a constant-time one that clears the finding, brings
up nothing new, and behaves like the original check when run (Node)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from checks.engine import ScanOptions, scan
from checks.fixes import replace
from tests.checks.auth.helpers import sync_files

NODE = shutil.which("node")
FOLDER = "proj/incoming-p_AbC123"

STEP = """import {import_line};

export default defineComponent({{
  async run({{ steps, $ }}) {{
    const {{ headers, body }} = steps.trigger.event;
    const received = headers["x-hub-signature-256"];
    const expected = "sha256=" + {hmac}("sha256", process.env.GITHUB_WEBHOOK_SECRET)
      .update(steps.trigger.event.bodyRaw)
      .digest("hex");
    if ({compare}) {{
      return $.flow.exit("bad signature");
    }}
    return body;
  }},
}});
"""
DEFAULT = {"import_line": 'crypto from "crypto"', "hmac": "crypto.createHmac"}


def _scan(root: Path):
    return [f for f in scan([root], ScanOptions()).findings if f.step == "verify"]


def _tree(write_tree, compare: str, **kw: str) -> Path:
    code = STEP.format(compare=compare, **{**DEFAULT, **kw})
    return write_tree(sync_files([("verify", code), ("work", "export default {};\n")]))


@pytest.mark.parametrize(
    ("compare", "imports"),
    [
        ("received !== expected", {}),
        ("expected != received", {}),
        ("!(received === expected)", {}),
        (
            "received !== expected",
            {
                "import_line": '{ createHmac, timingSafeEqual as tse } from "node:crypto"',
                "hmac": "createHmac",
            },
        ),
    ],
)
def test_rewrite_clears_sg302_and_brings_up_nothing(write_tree, compare, imports) -> None:
    root = _tree(write_tree, compare, **imports)
    before = _scan(root)
    (f,) = [f for f in before if f.rule == "SG302"]
    assert replace.is_replaceable(f)
    replace.apply(root, f)
    after = _scan(root)
    assert not [g for g in after if g.rule == "SG302"]
    known = {g.fingerprint for g in before}
    assert [g.rule for g in after if g.fingerprint not in known] == []


@pytest.mark.parametrize(
    "compare",
    [
        "received !== computeExpected()",  # a call: evaluated more than once by the rewrite
        "received?.trim !== expected",
    ],
)
def test_no_rewrite_when_operands_are_not_plain_reads(write_tree, compare) -> None:
    root = _tree(write_tree, compare)
    for f in _scan(root):
        if f.rule == "SG302":
            assert "replacement" not in f.extra


def test_no_rewrite_without_a_crypto_import(write_tree) -> None:
    root = _tree(write_tree, "received !== expected", import_line='fs from "fs"', hmac="mk")
    sg302 = [f for f in _scan(root) if f.rule == "SG302"]
    assert sg302 and all("replacement" not in f.extra for f in sg302)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_rewritten_check_runs_like_the_original(write_tree, tmp_path: Path) -> None:
    root = _tree(write_tree, "received !== expected")
    (f,) = [f for f in _scan(root) if f.rule == "SG302"]
    replace.apply(root, f)
    step = root / FOLDER / "verify" / "entry.mjs"
    harness = tmp_path / "run.mjs"
    harness.write_text(
        "import crypto from 'crypto';\n"
        "globalThis.defineComponent = (c) => c;\n"
        f"const step = (await import({json.dumps(step.as_uri())})).default;\n"
        "process.env.GITHUB_WEBHOOK_SECRET = 'k' + 'ey-1';\n"
        "const bodyRaw = '{\"a\":1}';\n"
        "const good = 'sha256=' + crypto.createHmac('sha256', process.env.GITHUB_WEBHOOK_SECRET)"
        ".update(bodyRaw).digest('hex');\n"
        "const out = [];\n"
        "for (const sig of [good, good.slice(0, -1) + (good.endsWith('0') ? '1' : '0'), 'short',"
        " undefined, 'sha256=' + 'é'.repeat(32)]) {\n"
        "  let exited = null;\n"
        "  const $ = { flow: { exit: (why) => { exited = why; return 'EXIT'; } } };\n"
        "  const event = { headers: { 'x-hub-signature-256': sig }, body: { a: 1 }, bodyRaw };\n"
        "  const r = await step.run({ steps: { trigger: { event } }, $ });\n"
        "  out.push(exited === null ? 'ok' : exited);\n"
        "}\n"
        "console.log(JSON.stringify(out));\n"
    )
    done = subprocess.run([NODE, str(harness)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == ["ok"] + ["bad signature"] * 4
