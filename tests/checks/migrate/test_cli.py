"""`stepguard secrets …` through the real CLI entry point (real secret rules, in-memory keyring)."""

from __future__ import annotations

import hashlib
import io
import stat
import sys
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from checks.vault import Manifest, project_key
from tests.checks.migrate.helpers import digests, github_token, scrub, stripe_key
from tui.cli import main


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    root = tmp_path / "cli-project"
    root.mkdir()
    values = {"STRIPE": stripe_key(), "GH": github_token()}
    (root / "step.js").write_text(
        "export default defineComponent({\n"
        "  async run({ $ }) {\n"
        f'    const stripe = "{values["STRIPE"]}";\n'
        f'    const gh = "token {values["GH"]}";\n'
        "    return [stripe.length, gh.length];\n"
        "  },\n"
        "});\n"
    )
    return root, values


def _out(capfd: pytest.CaptureFixture[str], values: dict[str, str]) -> tuple[str, str]:
    out, err = capfd.readouterr()
    leaked = [marker for marker, value in values.items() if value in out or value in err]
    assert leaked == [], "a secret value was printed"
    return out, err


def test_migrate_yes_list_copy_run_export_undo_rm(
    project, tmp_path: Path, memory_keyring, config_home, capfd, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, values = project
    before = digests(root)
    assert (
        main(["secrets", "migrate", str(root), "--yes", "--name", "STRIPE_SECRET_KEY=PAY_KEY"]) == 0
    )
    out, _err = _out(capfd, values)
    assert "PAY_KEY" in out and "GITHUB_TOKEN" in out and "rewrote 1 file(s): step.js" in out
    text = scrub((root / "step.js").read_text(), list(values.values()))
    assert "const stripe = process.env.PAY_KEY;" in text
    assert "const gh = `token ${process.env.GITHUB_TOKEN}`;" in text

    assert main(["secrets", "list"]) == 0
    out, _ = _out(capfd, values)
    assert "PAY_KEY" in out and "Stripe" in out and "step.js:3" in out

    # copy: a fake xclip on PATH records only a hash of what it receives on stdin
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "clipboard.sha256"
    fake = bin_dir / "xclip"
    fake.write_text(f"#!/bin/sh\nsha256sum | cut -d' ' -f1 > '{record}'\n")
    fake.chmod(0o755)
    with monkeypatch.context() as m:
        m.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
        m.delenv("WAYLAND_DISPLAY", raising=False)
        m.setenv("DISPLAY", ":99")
        assert main(["secrets", "copy", "PAY_KEY", str(root)]) == 0
    out, _ = _out(capfd, values)
    assert "Copied the value of PAY_KEY to the clipboard (with xclip)." in out
    assert record.read_text().strip() == hashlib.sha256(values["STRIPE"].encode()).hexdigest()

    # run: the child sees the variables; the parent's environment does not change
    probe = "import os,hashlib;print(hashlib.sha256(os.environ['PAY_KEY'].encode()).hexdigest())"
    assert main(["secrets", "run", str(root), "--", sys.executable, "-c", probe]) == 0
    out, _ = _out(capfd, values)
    assert out.strip() == hashlib.sha256(values["STRIPE"].encode()).hexdigest()
    assert (
        main(["secrets", "run", str(root), "--", sys.executable, "-c", "raise SystemExit(7)"]) == 7
    )
    capfd.readouterr()

    # export: explicit, warned, mode 0600
    target = tmp_path / "out" / "vars.env"
    target.parent.mkdir()
    assert (
        main(["secrets", "export", str(root), "--format", "dotenv", "--output", str(target)]) == 0
    )
    _, err = _out(capfd, values)
    assert "warning" in err and "plain text" in err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    lines = set(scrub(target.read_text(), list(values.values())).splitlines())
    assert lines == {
        scrub(f'PAY_KEY="{values["STRIPE"]}"', [values["STRIPE"]]),
        scrub(f'GITHUB_TOKEN="{values["GH"]}"', [values["GH"]]),
    }
    target.unlink()

    # undo restores the file byte for byte
    assert main(["secrets", "undo", str(root)]) == 0
    _out(capfd, values)
    assert digests(root) == before

    # rm deletes the keyring entry and the manifest line
    key = project_key(root)
    assert main(["secrets", "list", str(root)]) == 0
    out, _ = _out(capfd, values)
    assert "PAY_KEY" in out
    assert main(["secrets", "rm", "PAY_KEY", str(root)]) == 0
    out, _ = _out(capfd, values)
    assert "removed keyring entry stepguard/" in out
    assert ("stepguard", f"{key}:PAY_KEY") not in memory_keyring.store
    assert Manifest().get(key, "PAY_KEY") is None
    assert main(["secrets", "rm", "PAY_KEY"]) == 2
    _, err = _out(capfd, values)
    assert err.startswith("stepguard: error: no migrated secret named PAY_KEY")


def test_interactive_rename_accept_decline(
    project, memory_keyring, config_home, capfd, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, values = project
    # first secret (line 3, Stripe): rename to a bad name, then a good one, accept; second: decline
    monkeypatch.setattr(sys, "stdin", io.StringIO("r\nPIPEDREAM_X\nr\nBILLING_KEY\ny\nn\n"))
    assert main(["secrets", "migrate", str(root)]) == 0
    out, _ = _out(capfd, values)
    assert "reserved" in out and "renamed to BILLING_KEY" in out
    assert "Secret 1/2: sk_live_" in out and "(Stripe)" in out
    assert '-    const stripe = "sk_live_…(' in out  # redacted diff
    text = scrub((root / "step.js").read_text(), list(values.values()))
    assert "const stripe = process.env.BILLING_KEY;" in text
    assert "process.env.GITHUB_TOKEN" not in text
    kept = values["GH"] in (root / "step.js").read_text()
    assert kept, "the declined secret should stay in the file"


def test_quit_changes_nothing_and_second_run_is_a_no_op(
    project, memory_keyring, config_home, capfd, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, values = project
    before = digests(root)
    monkeypatch.setattr(sys, "stdin", io.StringIO("q\n"))
    assert main(["secrets", "migrate", str(root)]) == 1
    _out(capfd, values)
    assert digests(root) == before and memory_keyring.store == {}
    assert main(["secrets", "migrate", str(root), "--yes"]) == 0
    migrated = digests(root)
    _out(capfd, values)
    assert main(["secrets", "migrate", str(root), "--yes"]) == 1
    out, _ = _out(capfd, values)
    assert "no inline secrets to migrate" in out
    assert digests(root) == migrated


def test_keyring_unavailable_is_one_line_exit_2(
    project, config_home, capfd, memory_keyring
) -> None:
    root, values = project
    before = digests(root)
    keyring.set_keyring(keyring.backends.fail.Keyring())  # the fixture restores the previous one
    assert main(["secrets", "migrate", str(root), "--yes"]) == 2
    _, err = _out(capfd, values)
    assert err.count("\n") == 1 and err.startswith("stepguard: error: no keyring backend available")
    assert "Traceback" not in err
    assert digests(root) == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--name", "NOPE=X"], "no planned variable 'NOPE'"),
        (["--name", "STRIPE_SECRET_KEY=1BAD"], "start with a letter"),
        (["--name", "novalue"], "expects OLD=NEW"),
    ],
)
def test_bad_renames_are_usage_errors(
    argv, message, project, memory_keyring, config_home, capfd
) -> None:
    root, values = project
    assert main(["secrets", "migrate", str(root), "--yes", *argv]) == 2
    _, err = _out(capfd, values)
    assert message in err and err.count("\n") == 1


def test_usage_errors(project, memory_keyring, config_home, capfd, tmp_path: Path) -> None:
    root, values = project
    assert main(["secrets", "run", str(root)]) == 2
    assert "give a command after --" in _out(capfd, values)[1]
    assert main(["secrets", "migrate", str(tmp_path / "missing")]) == 2
    assert "no such file or directory" in _out(capfd, values)[1]
    assert main(["secrets", "undo", str(root)]) == 2
    assert "no migration to undo" in _out(capfd, values)[1]
    assert main(["secrets", "copy", "NOPE"]) == 2
    assert main(["secrets", "export", str(root), "--format", "dotenv"]) == 1
