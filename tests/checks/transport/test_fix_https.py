"""The https fix: byte-for-byte rewrites, preview, journal (reverse edits only) and undo."""

import json
from pathlib import Path

import pytest

from checks.fixes.https import apply_https, https_edits, plan_https
from checks.fixes.journal import FixError, list_entries, undo
from tests.checks.transport.util import run_rules

NODE_BEFORE = """\
import axios from "axios";
const BASE = "http://api.acme.io/v1";

export default defineComponent({
  async run({ steps, $ }) {
    await fetch(`${BASE}/orders`);
    await axios.post('HTTP://hooks.acme.io/in', { ok: true });
    await fetch("http://localhost:3000/health");
    return await fetch("http://eoabc123.m.pipedream.net");
  },
});
"""
NODE_AFTER = """\
import axios from "axios";
const BASE = "https://api.acme.io/v1";

export default defineComponent({
  async run({ steps, $ }) {
    await fetch(`${BASE}/orders`);
    await axios.post('HTTPS://hooks.acme.io/in', { ok: true });
    await fetch("http://localhost:3000/health");
    return await fetch("https://eoabc123.m.pipedream.net");
  },
});
"""

PY_BEFORE = """\
import requests

API = f"http://api.acme.io/{'v1'}"


def handler(pd: "pipedream"):
    requests.get(API + "/items")
    return requests.post(r"http://hooks.acme.io/in", json={"x": "é"})
"""
PY_AFTER = """\
import requests

API = f"https://api.acme.io/{'v1'}"


def handler(pd: "pipedream"):
    requests.get(API + "/items")
    return requests.post(r"https://hooks.acme.io/in", json={"x": "é"})
"""

SH_BEFORE = """\
BASE="http://api.acme.io"
curl -sS "$BASE/orders"
wget -q http://files.acme.io/a.csv -O /tmp/a.csv
"""
SH_AFTER = """\
BASE="https://api.acme.io"
curl -sS "$BASE/orders"
wget -q https://files.acme.io/a.csv -O /tmp/a.csv
"""


@pytest.mark.parametrize(
    ("name", "before", "after"),
    [
        ("entry.mjs", NODE_BEFORE, NODE_AFTER),
        ("entry.py", PY_BEFORE, PY_AFTER),
        ("entry.sh", SH_BEFORE, SH_AFTER),
    ],
)
def test_apply_and_undo_byte_for_byte(tmp_path: Path, name: str, before: str, after: str) -> None:
    path = tmp_path / "wf" / name
    path.parent.mkdir()
    path.write_bytes(before.encode("utf-8"))
    findings = run_rules(path, "SG201", "SG203")
    assert findings, "expected http findings"
    entry = apply_https(tmp_path, findings)
    assert path.read_bytes() == after.encode("utf-8")
    # The journal holds only the replaced scheme text, not the file.
    doc = entry.to_json()
    reverse = [seg for f in doc["files"] for s in f["spans"] for seg in s["restore"]]
    assert {r["text"].lower() for r in reverse} == {"http:"}
    journal = entry.path.read_text(encoding="utf-8")
    assert not any(line.strip() in journal for line in before.splitlines() if len(line.strip()) > 8)
    assert not (tmp_path / ".stepguard").exists()  # the journal is in the config folder
    # The fix is idempotent: a rescan finds nothing left to rewrite.
    assert [f for f in run_rules(path, "SG201", "SG203") if f.fix is not None] == []
    undo(tmp_path, entry.id)
    assert path.read_bytes() == before.encode("utf-8")
    assert list_entries(tmp_path) == []


def test_preview_is_a_unified_diff_without_credentials(tmp_path: Path) -> None:
    path = tmp_path / "entry.mjs"
    path.write_text(
        "export default defineComponent({ async run() {\n"
        '  return fetch("http://bob:hunter2@api.acme.io/x");\n'
        "} });\n",
        encoding="utf-8",
    )
    findings = run_rules(path, "SG201")
    plan = plan_https(findings, tmp_path)
    assert plan.preview() == (
        "--- a/entry.mjs\n"
        "+++ b/entry.mjs\n"
        "@@ -1,3 +1,3 @@\n"
        " export default defineComponent({ async run() {\n"
        '-  return fetch("http://…@api.acme.io/x");\n'
        '+  return fetch("https://…@api.acme.io/x");\n'
        " } });\n"
    )
    assert "hunter2" not in plan.preview()
    for f in findings:
        assert "hunter2" not in json.dumps(f.extra) + f.message + f.evidence
    # Previewing writes nothing.
    assert "http://bob" in path.read_text(encoding="utf-8")


def test_file_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "entry.py"
    path.write_bytes(b'\xef\xbb\xbfimport requests\nrequests.get("http://api.acme.io")\n')
    apply_https(tmp_path, run_rules(path, "SG201"))
    assert (
        path.read_bytes() == b'\xef\xbb\xbfimport requests\nrequests.get("https://api.acme.io")\n'
    )


def test_stale_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "entry.py"
    path.write_text('import requests\nrequests.get("http://api.acme.io")\n', encoding="utf-8")
    findings = run_rules(path, "SG201")
    path.write_text('import requests\n\nrequests.get("http://api.acme.io")\n', encoding="utf-8")
    with pytest.raises(FixError, match="changed since it was scanned"):
        apply_https(tmp_path, findings)
    assert (
        path.read_text(encoding="utf-8")
        == 'import requests\n\nrequests.get("http://api.acme.io")\n'
    )
    assert list_entries(tmp_path) == []


def test_unfixable_findings_are_not_planned(tmp_path: Path) -> None:
    path = tmp_path / "entry.py"
    path.write_text(
        'import http.client\nconn = http.client.HTTPConnection("legacy.acme.io")\n',
        encoding="utf-8",
    )
    findings = run_rules(path, "SG201")
    assert len(findings) == 1 and findings[0].fix is None
    assert https_edits(findings) == []
    with pytest.raises(FixError, match="no https fix"):
        plan_https(findings)
