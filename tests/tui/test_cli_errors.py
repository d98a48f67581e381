"""Failed writes and usage errors: one line, the user's own path, exit 2 (issue 14.7 and "Also")."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tui.cli import main


def _one_line_error(err: str) -> str:
    assert err.startswith("stepguard: error: "), err
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    return err.strip()


@pytest.fixture
def full_device(tmp_path: Path) -> Path:
    """A private copy of /dev/full (char 1,7), so a regression replaces only this node."""
    (tmp_path / "dev").mkdir()
    node = tmp_path / "dev" / "full"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except (PermissionError, AttributeError):
        pytest.skip("cannot make a device node here")
    return node


def test_output_to_a_failing_device_is_an_error_and_the_device_stays(
    write_tree, full_device: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_tree({"a.mjs": 'fetch("http://example.com/x")\n'})
    code = main(["scan", str(root), "--output", str(full_device), "--fail-on", "never"])
    err = _one_line_error(capsys.readouterr().err)
    assert code == 2
    assert f"{full_device}: " in err  # "No space left on device" (or EACCES on a nodev mount)
    after = full_device.stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == os.makedev(1, 7)
    assert [p.name for p in full_device.parent.iterdir()] == ["full"], "no temp file left"


def test_write_baseline_to_a_missing_folder_names_the_given_path(
    write_tree, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_tree({"a.mjs": "x\n"})
    target = tmp_path / "nonexistent" / "x.json"
    assert main(["scan", str(root), "--write-baseline", str(target)]) == 2
    err = _one_line_error(capsys.readouterr().err)
    assert f"{target}: " in err
    assert ".sgtmp" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["scan"],
        ["scan", ".", "--format", "yaml"],
        ["scan", ".", "--jobs", "many"],
        ["scan", ".", "--output"],
        ["explain"],
        ["--no-such-option"],
        ["scan", ".", "--no-such-option"],
    ],
)
def test_usage_errors_are_one_line_with_a_hint(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = _one_line_error(capsys.readouterr().err)
    assert "--help" in err, "a hint where to look"


def test_usage_error_quoting_a_secret_is_redacted(capsys: pytest.CaptureFixture[str]) -> None:
    token = "gh" + "p_" + "Q7xk2LmP9sVbN4rT8wYc3HdF6jZa1EuGq5Ko"
    with pytest.raises(SystemExit):
        main(["scan", ".", "--format", token])
    err = _one_line_error(capsys.readouterr().err)
    assert token not in err and token[8:20] not in err


def test_a_workflow_that_could_not_be_read_is_not_a_clean_exit(
    write_tree, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_tree(
        {
            "ok.mjs": "export default {}\n",
            "orders-p_Abc1234/workflow.yaml": "name: orders\nsteps: [\n",
        }
    )
    code = main(["scan", str(root), "--fail-on", "never"])
    captured = capsys.readouterr()
    assert code == 2
    err = _one_line_error(captured.err)
    assert "1 input could not be read" in err
    assert "orders-p_Abc1234/workflow.yaml" in err and "malformed YAML at line 3" in err
    assert "orders-p_Abc1234/workflow.yaml" in captured.out, "the report lists it as skipped"
