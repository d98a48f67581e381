"""Source trees for the migration tests: originals and the exact expected rewrites.

`@STRIPE@`, `@GH@`, `@SLACK@` stand for runtime-generated values.
"""

from __future__ import annotations

from pathlib import Path

WORKFLOW_YAML = """schema: workflow/2022.04
name: Charge and notify
settings:
  error_notification: true
triggers:
- id: hi_ZbHvJ98
steps:
- namespace: charge
  runtime: nodejs20.x
  uses: "./charge/entry.js"
- namespace: notify
  runtime: python3.12
  uses: "./notify/entry.py"
"""

NODE = """import axios from "axios";
export default defineComponent({
  async run({ steps, $ }) {
    const key = "@STRIPE@";
    const auth = "Bearer @STRIPE@";
    const tpl = `token=@GH@&x=${steps.trigger.event.id}`;
    const cat = "Bearer " + '@GH@';
    const headers = {
      Authorization: `Bearer @SLACK@`,
      "X-Api-Key": "@GH@" };
    const odd = "a `tick` and ${notvar} @SLACK@";
    const all = { headers, key, auth, tpl, cat, odd };
    return await axios($, { url: "https://api.stripe.com/v1/charges", all });
  },
});
"""

NODE_EXPECTED = """import axios from "axios";
export default defineComponent({
  async run({ steps, $ }) {
    const key = process.env.STRIPE_SECRET_KEY;
    const auth = `Bearer ${process.env.STRIPE_SECRET_KEY}`;
    const tpl = `token=${process.env.GITHUB_TOKEN}&x=${steps.trigger.event.id}`;
    const cat = "Bearer " + process.env.GITHUB_TOKEN;
    const headers = {
      Authorization: `Bearer ${process.env.SLACK_BOT_TOKEN}`,
      "X-Api-Key": process.env.GITHUB_TOKEN };
    const odd = `a \\`tick\\` and \\${notvar} ${process.env.SLACK_BOT_TOKEN}`;
    const all = { headers, key, auth, tpl, cat, odd };
    return await axios($, { url: "https://api.stripe.com/v1/charges", all });
  },
});
"""

PYTHON_STEP = '''"""Notify the team."""
import requests


def handler(pd: "pipedream"):
    token = "@SLACK@"
    headers = {"Authorization": f"Bearer @SLACK@"}
    url = "https://api.github.com/user?t=" + "@GH@"
    return requests.get(url, headers=headers, timeout=5).status_code
'''

PYTHON_STEP_EXPECTED = '''"""Notify the team."""
import os
import requests


def handler(pd: "pipedream"):
    token = os.environ["SLACK_BOT_TOKEN"]
    headers = {"Authorization": f"Bearer {os.environ['SLACK_BOT_TOKEN']}"}
    url = "https://api.github.com/user?t=" + os.environ["GITHUB_TOKEN"]
    return requests.get(url, headers=headers, timeout=5).status_code
'''

LOOSE_PY = '''from __future__ import annotations

import os
from base64 import b64encode


def handler(pd):
    a = "key=@STRIPE@;"
    b = r"raw\\d@STRIPE@"
    c = b"@STRIPE@"
    d = "braces {} @GH@"
    e = f"""{a} and '@GH@'"""
    return b64encode(c), a, b, d, e  # old key: @GH@
'''

LOOSE_PY_EXPECTED = '''from __future__ import annotations

import os
from base64 import b64encode


def handler(pd):
    a = f"key={os.environ['STRIPE_SECRET_KEY']};"
    b = rf"raw\\d{os.environ['STRIPE_SECRET_KEY']}"
    c = os.environ["STRIPE_SECRET_KEY"].encode()
    d = ("braces {} " + os.environ["GITHUB_TOKEN"])
    e = f"""{a} and '{os.environ['GITHUB_TOKEN']}'"""
    return b64encode(c), a, b, d, e  # old key: os.environ["GITHUB_TOKEN"]
'''

LOOSE_PY_FUTURE = '''"""Module doc."""
from __future__ import annotations
print("@SLACK@")
'''

LOOSE_PY_FUTURE_EXPECTED = '''"""Module doc."""
from __future__ import annotations
import os
print(os.environ["SLACK_BOT_TOKEN"])
'''

LOOSE_SH = """#!/usr/bin/env bash
# key @STRIPE@
curl -s -u "@STRIPE@:" https://api.stripe.com/v1/charges
curl -H 'Authorization: token @GH@' https://api.github.com/user
TOKEN=@SLACK@
cat <<END > "$PIPEDREAM_EXPORTS"
token=@SLACK@
END
"""

LOOSE_SH_EXPECTED = """#!/usr/bin/env bash
# key $STRIPE_SECRET_KEY
curl -s -u "$STRIPE_SECRET_KEY:" https://api.stripe.com/v1/charges
curl -H 'Authorization: token '"$GITHUB_TOKEN" https://api.github.com/user
TOKEN="$SLACK_BOT_TOKEN"
cat <<END > "$PIPEDREAM_EXPORTS"
token=${SLACK_BOT_TOKEN}
END
"""

LOOSE_TS = """export default defineComponent({
  async run({ $ }): Promise<number> {
    const client = { apiKey: "@STRIPE@" as string, retries: 2 };
    return client.retries;
  },
});
"""

LOOSE_TS_EXPECTED = """export default defineComponent({
  async run({ $ }): Promise<number> {
    const client = { apiKey: process.env.STRIPE_SECRET_KEY as string, retries: 2 };
    return client.retries;
  },
});
"""


def fill(text: str, values: dict[str, str]) -> str:
    for marker, value in values.items():
        text = text.replace(f"@{marker}@", value)
    return text


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))


WORKFLOW_DIR = "charge-and-notify-p_AbC123"


def sync_tree(root: Path, values: dict[str, str]) -> dict[str, str]:
    """A GitHub-Sync project; returns rel path → expected text after migration."""
    files = {
        f"{WORKFLOW_DIR}/workflow.yaml": WORKFLOW_YAML,
        f"{WORKFLOW_DIR}/.workflow.state": (
            "# DO NOT EDIT THIS FILE\n---\nschema: workflow.state/2022.04\nid: p_AbC123\n"
        ),
        f"{WORKFLOW_DIR}/charge/entry.js": fill(NODE, values),
        f"{WORKFLOW_DIR}/notify/entry.py": fill(PYTHON_STEP, values),
    }
    write(root, files)
    return {
        f"{WORKFLOW_DIR}/workflow.yaml": WORKFLOW_YAML,
        f"{WORKFLOW_DIR}/charge/entry.js": NODE_EXPECTED,
        f"{WORKFLOW_DIR}/notify/entry.py": PYTHON_STEP_EXPECTED,
    }


def loose_tree(root: Path, values: dict[str, str]) -> dict[str, str]:
    """Loose step files; returns rel path → expected text after migration."""
    files = {
        "handler.py": fill(LOOSE_PY, values),
        "future.py": fill(LOOSE_PY_FUTURE, values),
        "deploy.sh": fill(LOOSE_SH, values),
        "client.ts": fill(LOOSE_TS, values),
    }
    write(root, files)
    return {
        "handler.py": LOOSE_PY_EXPECTED,
        "future.py": LOOSE_PY_FUTURE_EXPECTED,
        "deploy.sh": LOOSE_SH_EXPECTED,
        "client.ts": LOOSE_TS_EXPECTED,
    }
