"""`scan --history`: secrets in every commit of a generated git repository, found once each at
the commit that added them, redacted in every report format, bounded on hostile input."""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

import pytest

from checks.history import HistoryLimits, scan_history
from checks.redact import redact, secret_fingerprint
from tests.checks.history_repo import commit_file, generate_repo
from tests.checks.secrets.corpus_values import FORMATS
from tui.cli import main


def _fp(value: str) -> str:
    return secret_fingerprint(value)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory):
    return generate_repo(tmp_path_factory.mktemp("hist") / "repo", 40, plant_every=5, readd_every=7)


def test_every_planted_secret_once_with_its_first_commit(repo) -> None:
    report = scan_history(repo.root)
    assert report.complete and report.commits == 40
    by_id = {s.secret_id: s for s in report.secrets}
    assert len(report.secrets) == len(repo.planted) == len(by_id) == 8
    for p in repo.planted:
        found = by_id[_fp(p.value)]
        assert (found.commit, found.path, found.line) == (p.commit, p.path, p.line)
        assert found.commits == 1 + len(p.also_in)
        assert found.redacted == redact(p.value)
        assert found.detector == p.detector


@pytest.mark.parametrize("fmt", ["json", "sarif", "text", "markdown"])
def test_cli_reports_history_in_every_format_without_values(repo, fmt, capsys) -> None:
    code = main(["scan", str(repo.root), "--history", "--format", fmt, "--no-cache"])
    out = capsys.readouterr()
    assert code == 1  # the planted secrets are high severity: --fail-on high trips
    text = out.out + out.err
    for p in repo.planted:
        assert p.value not in text
        assert p.commit[:12] in text
    if fmt == "json":
        (history,) = json.loads(out.out)["history"]
        assert history["commits"] == 40 and history["complete"] is True
        first = {s["secret_id"]: s for s in history["secrets"]}
        p = repo.planted[0]
        entry = first[_fp(p.value)]
        assert entry["commit"] == p.commit and entry["line"] == p.line
        assert entry["rotate_url"] == "https://github.com/settings/tokens"
    if fmt == "sarif":
        results = json.loads(out.out)["runs"][0]["results"]
        assert sum(r["ruleId"] == "history-secret" for r in results) == len(repo.planted)


def test_secrets_only_in_history_and_on_other_branches(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    generate_repo(root, 3, plant_every=0)
    gone = FORMATS["github-pat"](random.Random(1))
    first = commit_file(root, "a.mjs", f'const token = "{gone}";\n', when=1)
    commit_file(root, "a.mjs", "const token = process.env.GITHUB_TOKEN;\n", when=2)
    subprocess.run(["git", "-C", str(root), "checkout", "-q", "-b", "side"], check=True)
    other = FORMATS["slack-bot-token"](random.Random(2))
    side = commit_file(root, "b.mjs", f'const slack = "{other}";\n', when=3)
    subprocess.run(["git", "-C", str(root), "checkout", "-q", "main"], check=True)
    report = scan_history(root)
    found = {s.secret_id: s.commit for s in report.secrets}
    assert found == {_fp(gone): first, _fp(other): side}


def test_a_folder_inside_the_repository_limits_the_scan(repo) -> None:
    p = repo.planted[0]
    folder = repo.root / Path(p.path).parent
    report = scan_history(folder)
    assert {s.path for s in report.secrets} == {p.path}
    assert report.repository == str(repo.root.resolve())


def test_oversize_lines_and_patches_are_cut_and_reported(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    generate_repo(root, 1, plant_every=0)
    rng = random.Random(3)
    early, late = FORMATS["github-pat"](rng), FORMATS["gitlab-pat"](rng)
    long_line = f'const a = "{early}"; // ' + "x" * 20_000 + f' "{late}"\n'
    commit_file(root, "long.mjs", long_line, when=1)
    many = "".join(f"const v{i} = {i};\n" for i in range(5000))
    buried = FORMATS["slack-bot-token"](rng)
    commit_file(root, "big.mjs", many + f'const s = "{buried}";\n', when=2)
    limits = HistoryLimits(max_line=4096, max_patch=32 * 1024)
    report = scan_history(root, limits)
    ids = {s.secret_id for s in report.secrets}
    assert _fp(early) in ids  # before the cut: still scanned
    assert _fp(late) not in ids and _fp(buried) not in ids
    assert any("long.mjs" in note for note in report.skipped)
    assert any("big.mjs" in note for note in report.skipped)


def test_the_scan_stops_at_its_deadline(repo) -> None:
    report = scan_history(repo.root, HistoryLimits(max_seconds=0.0))
    assert not report.complete and "stopped after" in (report.stopped or "")


def test_control_characters_in_paths_are_escaped(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    generate_repo(root, 1, plant_every=0)
    value = FORMATS["github-pat"](random.Random(4))
    commit_file(root, "evil\x1b[2Jname.mjs", f'const t = "{value}";\n', when=1)
    (found,) = scan_history(root).secrets
    assert "\x1b" not in found.path and "evil" in found.path


def test_not_a_repository_is_a_one_line_error(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.mjs").write_text("export default {};\n", encoding="utf-8")
    code = main(["scan", str(tmp_path), "--history"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and "not a git repository" in err and "\n" not in err


def test_history_refuses_workflow_ids(capsys) -> None:
    assert main(["scan", "p_abc123", "--history"]) == 2
    assert "--history" in capsys.readouterr().err


def test_a_folder_name_is_not_pathspec_magic(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    generate_repo(root, 1, plant_every=0)
    value = FORMATS["github-pat"](random.Random(5))
    other = FORMATS["slack-bot-token"](random.Random(6))
    commit_file(root, ":(exclude)x/a.mjs", f'const t = "{value}";\n', when=1)
    commit_file(root, "b.mjs", f'const s = "{other}";\n', when=2)
    report = scan_history(root / ":(exclude)x")
    assert [s.secret_id for s in report.secrets] == [_fp(value)]


def test_files_over_the_blob_cap_are_left_to_git_and_listed(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    generate_repo(root, 1, plant_every=0)
    value = FORMATS["github-pat"](random.Random(7))
    padding = "".join(f"const v{i} = {i};\n" for i in range(8000))  # ≈ 130 KiB of text
    commit_file(root, "huge.mjs", padding + f'const t = "{value}";\n', when=1)
    (root / "image.bin").write_bytes(b"\x89PNG\x00\x01" * 100)
    subprocess.run(["git", "-C", str(root), "add", "image.bin"], check=True)
    commit_file(root, "small.mjs", "export const x = 1;\n", when=2)
    report = scan_history(root, HistoryLimits(max_blob=64 * 1024))
    assert report.secrets == []
    assert [n for n in report.skipped if "huge.mjs" in n and "larger than" in n]
    assert not [n for n in report.skipped if "image.bin" in n]  # a real binary: no note
