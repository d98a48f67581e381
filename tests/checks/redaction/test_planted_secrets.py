"""Secrets planted in every kind of malformed input never reach an output channel (issue 14.2).

A project is generated at test time with secret values inside: a duplicate key among a step's
props (YAML), a broken workflow JSON, unparseable JavaScript and Python, an `http://` URL that
carries a bot token in its path, a malformed URL and a broken `.stepguard.toml`. Every report
format, written to stdout and to `--output`, and stderr are searched for each value and for a
middle slice of it.
"""

from __future__ import annotations

import json
import random
import string
from pathlib import Path

import pytest

from tui.cli import main

ALNUM = string.ascii_letters + string.digits


def _pick(rng: random.Random, n: int, alphabet: str = ALNUM) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def planted() -> dict[str, str]:
    """The secret values, generated (prefixes split so no source line looks like a token)."""
    rng = random.Random(20261207)
    return {
        "github": "gh" + "p_" + _pick(rng, 36),
        "github2": "gh" + "p_" + _pick(rng, 36),
        "telegram": f"{rng.randint(10**8, 10**9 - 1)}:A" + "A" + _pick(rng, 33),
        "stripe": "sk" + "_live_" + _pick(rng, 30),
        "password": _pick(rng, 6) + "#" + _pick(rng, 6) + "!" + _pick(rng, 6),
        "slack": "xox" + f"b-{_pick(rng, 11, string.digits)}-{_pick(rng, 12, string.digits)}-"
        f"{_pick(rng, 24)}",
    }


def write_project(root: Path, v: dict[str, str]) -> Path:
    wf = root / "orders-p_AbC123"
    (wf / "send").mkdir(parents=True)
    (wf / "workflow.yaml").write_text(
        "schema: workflow/2022.04\n"
        "name: orders\n"
        "triggers:\n"
        "- id: hi_abc\n"
        "steps:\n"
        "- namespace: send\n"
        "  props:\n"
        f"    token: {v['github']}\n"
        f"    password: {v['password']}\n"
        f"    token: {v['github2']}\n",
        encoding="utf-8",
    )
    (wf / "send" / "entry.js").write_text("export default {}\n", encoding="utf-8")
    ok = root / "ok-p_Ok12345"
    (ok / "step").mkdir(parents=True)
    (ok / "workflow.yaml").write_text(
        "schema: workflow/2022.04\nname: ok\ntriggers:\n- id: hi_ok\nsteps:\n- namespace: step\n",
        encoding="utf-8",
    )
    (ok / "step" / "entry.js").write_text("export default {}\n", encoding="utf-8")
    (ok / ".stepguard.toml").write_text(
        f'[trigger]\nprotected = "{v["stripe"]}\n', encoding="utf-8"
    )
    (root / "api.json").write_text(
        '{"triggers": [], "steps": [{"namespace": "a", "code": "'
        + v["slack"]
        + '"}] "oops": "'
        + v["stripe"]
        + '"}',
        encoding="utf-8",
    )
    (root / "broken.mjs").write_text(
        "export default defineComponent({\n"
        "  async run({ steps, $ }) {\n"
        f'    await fetch("http://api.telegram.org/bot{v["telegram"]}/sendMessage");\n'
        f'    const pw = "{v["password"]}" +;\n'
        "  },\n",
        encoding="utf-8",
    )
    (root / "broken.py").write_text(
        f'def handler(pd: "pipedream"):\n    token = "{v["github"]}"\n    return (\n',
        encoding="utf-8",
    )
    (root / "urls.mjs").write_text(
        "export default defineComponent({\n"
        "  async run() {\n"
        f'    await fetch("http://[bad host/{v["slack"]}?key={v["stripe"]}");\n'
        f"    await axios.post(`http://hooks.example.com/bot{v['telegram']}/x`);\n"
        "  },\n"
        "});\n",
        encoding="utf-8",
    )
    return root


def leaks(text: str, values: dict[str, str]) -> list[str]:
    """Names of the values found in `text`, whole or as a 12-character middle slice."""
    out = []
    for name, value in values.items():
        mid = len(value) // 2
        if value in text or value[mid - 6 : mid + 6] in text:
            out.append(name)
    return out


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "proj", planted())


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "markdown"])
def test_no_planted_value_in_any_report_or_stream(
    fmt: str, project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    values = planted()
    planted_text = "".join(p.read_text() for p in project.rglob("*") if p.is_file())
    assert sorted(leaks(planted_text, values)) == sorted(values), "the leak check can fail"
    main(["scan", str(project), "--format", fmt, "--fail-on", "never"])
    first = capsys.readouterr()
    out = tmp_path / f"report.{fmt}"
    main(["scan", str(project), "--format", fmt, "--fail-on", "never", "--output", str(out)])
    second = capsys.readouterr()
    report = out.read_text(encoding="utf-8")
    assert "broken.mjs" in first.out and "orders-p_AbC123" in report, "the report has content"
    assert leaks(first.out, values) == [], f"{fmt} on stdout"
    assert leaks(first.err + second.err, values) == [], "stderr"
    assert leaks(report, values) == [], f"{fmt} --output file"


def test_parser_errors_are_our_words_with_line_and_column(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["scan", str(project), "--format", "json", "--fail-on", "never"])
    doc = json.loads(capsys.readouterr().out)
    reasons = {s["path"]: s["reason"] for s in doc["skipped"]}
    assert reasons["orders-p_AbC123/workflow.yaml"] == (
        "malformed YAML at line 10 column 5: duplicate key 'token'"
    )
    assert reasons["api.json"].startswith("malformed JSON at line 1 column ")
    assert "ignored: malformed TOML at line 2" in reasons["ok-p_Ok12345/.stepguard.toml"]


def test_bad_baseline_is_one_line_in_our_words(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    values = planted()
    baseline = tmp_path / "baseline.json"
    baseline.write_text('{"findings": [' + json.dumps(values["github"]) + " oops", "utf-8")
    assert main(["scan", str(project), "--baseline", str(baseline)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("stepguard: error: ") and len(err.strip().splitlines()) == 1
    assert "baseline is not valid JSON: malformed JSON at line 1 column 58: ',' expected" in err
    assert leaks(err, values) == []


def test_token_in_url_path_is_masked_in_message_and_evidence(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    values = planted()
    main(["scan", str(project), "--format", "json", "--select", "SG201", "--fail-on", "never"])
    doc = json.loads(capsys.readouterr().out)
    urls = [f for f in doc["findings"] if f["path"] in ("broken.mjs", "urls.mjs")]
    assert urls, "the http:// requests are reported"
    for f in urls:
        assert leaks(json.dumps(f), values) == []
    bots = [f for f in urls if "/bot…(" in f["message"]]
    assert len(bots) == 2 and all("/bot…(" in f["evidence"] for f in bots)
