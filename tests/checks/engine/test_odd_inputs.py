"""Every rule survives odd but real-world inputs: no rule may fail on them."""

from __future__ import annotations

import pytest

from checks.engine import ScanOptions, scan

ODD = {
    "empty.mjs": "",
    "comments.js": "// only a comment\n/* and a block */\n",
    "nested.mjs": "const x = " + "[" * 400 + "]" * 400 + ";\n",
    "unicode.mjs": 'const café = "naïve ☕"; export default defineComponent({ async run() { return café } })\n',
    "broken.mjs": (
        "export default defineComponent({ async run({ steps, $ }) {\n"
        '  await fetch("http://x.example.com/a");\n'
        "  const = ;\n"
        "}})\n"
    ),
    "types.ts": "export default defineComponent({ async run<T extends object>({ steps }: any): Promise<T> { return {} as T } })\n",
    "jsx.js": "const el = <div className='a'>{items.map((i) => <b key={i}>{i}</b>)}</div>;\n",
    "cjs.cjs": "module.exports = { run: async ({ $ }) => $.export('x', process.env) };\n",
    "empty.py": "",
    "deco.py": "import functools\n\n@functools.cache\ndef handler(pd: 'pipedream'):\n    return [x async for x in y] if False else None\n",
    "broken.py": "def handler(pd:\n    print(pd.steps['trigger']['event']['headers'])\n",
    "walrus.py": "import os\nif (t := os.environ.get('API_TOKEN')):\n    print(f'{t!r:>10}')\n",
    "weird.sh": "echo \"$(curl -s 'http://a.example.com' | jq -r '.x')\" ; cat <<EOF\nhttp://b.example.com\nEOF\n",
    "main.go": 'package main\nimport "os"\nfunc main() { println(os.Getenv("TOKEN")) }\n',
    "long.js": "const s = '" + "a" * 200_000 + "';\n",
    "crlf.mjs": "export default defineComponent({\r\n  async run({ steps }) {\r\n    console.log(steps.trigger.event)\r\n  }\r\n})\r\n",
    "bom.py": "\ufeffimport os\nprint(os.environ['SECRET_KEY'])\n",
}


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("odd")
    for name, text in ODD.items():
        (root / name).write_text(text, encoding="utf-8", newline="")
    return scan([root], ScanOptions())


def test_no_rule_fails_on_odd_inputs(result) -> None:
    failures = [
        s for s in result.skipped if "could not analyse" in s.reason or "nested" in s.reason
    ]
    assert failures == []


def test_odd_inputs_still_get_findings(result) -> None:
    rules_by_file = {}
    for f in result.findings:
        rules_by_file.setdefault(f.path, set()).add(f.rule)
    assert "SG603" in rules_by_file.get("crlf.mjs", set())  # whole event logged
    assert "SG201" in rules_by_file.get("broken.mjs", set())  # partial parse still checked
    assert {s.path for s in result.skipped} >= {"broken.mjs", "broken.py"}
