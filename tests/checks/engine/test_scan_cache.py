"""The scan result cache: a warm scan gives exactly the cold scan's result, edits miss, and no
secret value is ever written to the cache."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import pytest

import checks.engine as engine
import checks.scan_cache as scan_cache
from checks.demo import write_demo
from checks.engine import ScanOptions, ScanResult, scan
from checks.inputs import ScanInputs
from checks.scan_cache import ResultCache, engine_fingerprint
from tests.checks.secrets.corpus_values import FORMATS, pem
from tui.cli import main

LEAKY = """import axios from "axios";

export default defineComponent({{
  async run({{ steps, $ }}) {{
    const stripeKey = "{stripe}";
    const pem = `{pem}`;
    const db = "postgres://etl:{password}@db.acme.io/app";
    console.log(stripeKey);
    return axios.get("http://api.acme.io/x", {{ headers: {{ Authorization: "Bearer {bearer}" }} }});
  }},
}});
"""


SOURCE = """export default {
  key: "acme-new-order",
  type: "source",
  props: { http: "$.interface.http" },
  async run(event) {
    console.log(event.headers);
    this.$emit(event.body);
  },
};
"""


def _inputs() -> ScanInputs:
    """The inputs of a default scan (what the engine keys its cache with)."""
    options = ScanOptions()
    return engine.build_inputs(options, engine.select_rules(options))


def _secrets(seed: int) -> dict[str, str]:
    rng = random.Random(seed)
    return {
        "stripe": FORMATS["stripe-live-key"](rng),
        "pem": pem(rng),
        "password": FORMATS["url-password"](rng),
        "bearer": FORMATS["bearer-token"](rng),
    }


def _everything(result: ScanResult) -> tuple:
    """Every field of every finding, including those excluded from equality."""
    return (
        [
            (dataclasses.asdict(f), f.abs_path, f.start_byte, f.end_byte, f.fingerprint_key)
            for f in result.findings
        ],
        result.skipped,
        result.suppressed,
        result.files,
        len(result.workflows),
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    write_demo(root)
    comp = root / "components"
    comp.mkdir()
    (comp / "leaky.mjs").write_text(LEAKY.format(**_secrets(7)), encoding="utf-8")
    (comp / "broken.mjs").write_text("export default {\n  run() { if ( }\n", encoding="utf-8")
    # a source: the loader parses it to find its interface, and hands the parse to the checks
    (comp / "hook.mjs").write_text(SOURCE, encoding="utf-8")
    return root


def test_warm_scan_equals_cold_scan(project: Path, tmp_path: Path) -> None:
    options = ScanOptions(cache_dir=tmp_path / "cache")
    cold = scan([project], options)
    warm = scan([project], options)
    uncached = scan([project], ScanOptions())
    assert cold.findings and cold.skipped  # the comparison below means something
    assert _everything(warm) == _everything(cold) == _everything(uncached)
    assert [f.fingerprint for f in warm.findings] == [f.fingerprint for f in cold.findings]
    assert cold.cached == 0
    assert warm.cached == len(warm.workflows) > 1


def test_an_edit_misses_only_its_workflow(project: Path, tmp_path: Path) -> None:
    options = ScanOptions(cache_dir=tmp_path / "cache")
    first = scan([project], options)
    leaky = project / "components" / "leaky.mjs"
    leaky.write_text(leaky.read_text().replace("http://api", "https://api"), encoding="utf-8")
    second = scan([project], options)
    assert second.cached == len(second.workflows) - 1
    rules_before = {f.rule for f in first.findings if f.path.endswith("leaky.mjs")}
    rules_after = {f.rule for f in second.findings if f.path.endswith("leaky.mjs")}
    assert "SG201" in rules_before and rules_after == rules_before - {"SG201"}
    assert _everything(second) == _everything(scan([project], ScanOptions()))


def test_rule_selection_and_engine_have_their_own_cache(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    only_secrets = scan([project], ScanOptions(select=["secret"], cache_dir=cache))
    everything = scan([project], ScanOptions(cache_dir=cache))
    assert everything.cached == 0
    assert {f.category.value for f in only_secrets.findings} == {"secret"}
    assert len({f.category for f in everything.findings}) > 1
    engine_fingerprint()
    monkeypatch.setattr(scan_cache, "_ENGINE", "another stepguard")
    assert scan([project], ScanOptions(cache_dir=cache)).cached == 0


def test_forked_scans_share_the_cache_with_serial_ones(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "PARALLEL_MIN_UNITS", 1)
    forked: list[bool] = []
    original = engine._scan_forked

    def spy(*args, **kwargs):
        result = original(*args, **kwargs)
        forked.append(result is not None)
        return result

    monkeypatch.setattr(engine, "_scan_forked", spy)
    cache = tmp_path / "cache"
    forked_cold = scan([project], ScanOptions(jobs=2, cache_dir=cache))
    serial_warm = scan([project], ScanOptions(jobs=1, cache_dir=cache))
    forked_warm = scan([project], ScanOptions(jobs=2, cache_dir=cache))
    assert forked == [True, True]
    assert forked_cold.cached == 0
    assert serial_warm.cached == forked_warm.cached == len(forked_warm.workflows)
    assert _everything(forked_cold) == _everything(serial_warm) == _everything(forked_warm)


def test_no_secret_value_reaches_the_cache(tmp_path: Path) -> None:
    values = _secrets(11)
    root = tmp_path / "steps"
    root.mkdir()
    (root / "a.mjs").write_text(LEAKY.format(**values), encoding="utf-8")
    cache = tmp_path / "cache"
    result = scan([root], ScanOptions(cache_dir=cache))
    assert {"SG101", "SG103", "SG104", "SG105", "SG601"} <= {f.rule for f in result.findings}
    files = list(cache.rglob("*"))
    stored = b"".join(p.read_bytes() for p in files if p.is_file())
    assert stored  # something was cached
    for value in values.values():
        for piece in {value, value.strip().splitlines()[1] if "\n" in value else value[4:]}:
            assert piece.encode() not in stored


def test_damaged_or_unwritable_cache_never_fails_a_scan(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = scan([project], ScanOptions(cache_dir=cache))
    (cache_file,) = (cache / "scan").iterdir()
    doc = json.loads(cache_file.read_text())
    first = next(iter(doc["entries"]))
    doc["entries"][first] = {"findings": [["half an entry"]], "skipped": [], "suppressed": 0}
    cache_file.write_text(json.dumps(doc))
    damaged = scan([project], ScanOptions(cache_dir=cache))
    assert damaged.cached == len(damaged.workflows) - 1
    cache_file.write_text("{not json")
    assert scan([project], ScanOptions(cache_dir=cache)).cached == 0
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    unwritable = scan([project], ScanOptions(cache_dir=blocked))
    assert _everything(unwritable) == _everything(cold) == _everything(damaged)


def test_entries_not_in_the_latest_scan_are_dropped(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    scan([project], ScanOptions(cache_dir=cache))
    (project / "components" / "leaky.mjs").unlink()
    scan([project], ScanOptions(cache_dir=cache))
    (cache_file,) = (cache / "scan").iterdir()
    stored = json.loads(cache_file.read_text())["entries"]
    again = ResultCache.open(cache, project.resolve(), _inputs())
    assert again.entries.keys() == stored.keys()
    assert len(stored) == len(scan([project], ScanOptions()).workflows)


def test_cli_uses_the_cache_unless_told_not_to(
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    cache = tmp_path / "cli-cache"
    monkeypatch.setenv("STEPGUARD_CACHE_DIR", str(cache))
    monkeypatch.setenv("STEPGUARD_NO_CACHE", "1")
    main(["scan", str(project)])
    assert not cache.exists()
    monkeypatch.delenv("STEPGUARD_NO_CACHE")
    main(["scan", str(project), "--no-cache"])
    assert not cache.exists()
    capsys.readouterr()
    main(["scan", str(project)])
    first = capsys.readouterr().out
    assert list((cache / "scan").iterdir())
    assert "unchanged since the last scan" not in first
    main(["scan", str(project)])
    second = capsys.readouterr().out
    assert "workflow(s) unchanged since the last scan" in second
    strip = [line for line in second.splitlines() if "unchanged" not in line]
    assert strip == [line for line in first.splitlines() if " files, " not in line]


def test_a_warm_small_tree_is_checked_without_forking(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    units = len(scan([project], ScanOptions()).workflows)
    # cold: worth forking; warm: the cached units weigh a quarter and fall below the bar
    monkeypatch.setattr(engine, "PARALLEL_MIN_UNITS", units * 0.5)
    cache = tmp_path / "cache"
    cache_before = ResultCache.open(cache, project.resolve(), _inputs())
    assert engine._expected_work(units, cache_before) == units
    scan([project], ScanOptions(jobs=2, cache_dir=cache))
    cache_after = ResultCache.open(cache, project.resolve(), _inputs())
    assert engine._expected_work(units, cache_after) == units * engine.CACHED_UNIT_WORK


def test_the_assistant_reuses_results_too(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.services import scan_project

    monkeypatch.setenv("STEPGUARD_CACHE_DIR", str(tmp_path / "tui-cache"))
    monkeypatch.delenv("STEPGUARD_NO_CACHE")
    first = scan_project([project])
    again = scan_project([project])
    assert first.cached == 0 and again.cached == len(again.workflows)
    assert _everything(again) == _everything(first)
