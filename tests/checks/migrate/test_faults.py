"""Every failure leaves files, keyring, manifest and undo records exactly as they were."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from checks.fixes.secrets import MigrationError, apply_migration, plan_from_findings, undo_migration
from checks.fixes.secrets.undo import records
from checks.model import Language, Step, Trigger, TriggerKind, Workflow
from checks.vault import VaultError
from tests.checks.migrate.helpers import (
    digests,
    fake_scan,
    files_containing,
    github_token,
    stripe_key,
)


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    root = tmp_path / "faults"
    root.mkdir()
    values = {stripe_key(): "Stripe", github_token(): "GitHub"}
    s, g = list(values)
    (root / "a.js").write_text(f'const a = "{s}";\n')
    (root / "b.py").write_text(f'TOKEN = "{g}"\nKEY = "{s}"\n')
    return root, values


def _snapshot(root: Path) -> dict[str, str]:
    return digests(root)


def _plan(root: Path, values: dict[str, str]):
    scan_root, findings, workflows = fake_scan([root], values)
    return plan_from_findings(scan_root, findings, workflows)


def _assert_untouched(
    root: Path, before: dict[str, str], memory_keyring, config_home: Path
) -> None:
    assert _snapshot(root) == before
    assert [user for _service, user in memory_keyring.store] == []
    assert not (config_home / "secrets-manifest.json").exists()
    assert records(_plan_key(root)) == []


def _plan_key(root: Path) -> str:
    from checks.vault import project_key

    return project_key(root)


def test_keyring_write_failure_changes_nothing(project, memory_keyring, config_home) -> None:
    root, values = project
    before = _snapshot(root)
    plan = _plan(root, values)
    memory_keyring.fail_set = 2  # the first secret is stored, the second fails
    with pytest.raises(VaultError) as info:
        apply_migration(plan)
    assert "keyring write failed" in str(info.value) and "\n" not in str(info.value)
    _assert_untouched(root, before, memory_keyring, config_home)


def test_keyring_read_back_mismatch_changes_nothing(project, memory_keyring, config_home) -> None:
    root, values = project
    before = _snapshot(root)
    plan = _plan(root, values)
    memory_keyring.corrupt = True
    with pytest.raises(VaultError, match="read-back mismatch"):
        apply_migration(plan)
    memory_keyring.corrupt = False
    _assert_untouched(root, before, memory_keyring, config_home)


def test_no_keyring_backend_changes_nothing(project, config_home, memory_keyring) -> None:
    root, values = project
    before = _snapshot(root)
    plan = _plan(root, values)
    keyring.set_keyring(keyring.backends.fail.Keyring())  # the fixture restores the previous one
    with pytest.raises(VaultError) as info:
        apply_migration(plan)
    assert "PYTHON_KEYRING_BACKEND" in str(info.value)
    assert _snapshot(root) == before
    assert not (config_home / "secrets-manifest.json").exists()


@pytest.mark.parametrize("where", ["replace", "write"])
def test_disk_full_on_second_file_rolls_back_the_first(
    where, project, memory_keyring, config_home, private_tmp, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, values = project
    before = _snapshot(root)
    plan = _plan(root, values)
    targets = {str(root / "a.js"), str(root / "b.py")}
    seen: list[str] = []
    real, real_fdopen = os.replace, os.fdopen
    if where == "replace":

        def fake_replace(src, dst, *a, **kw):
            if str(dst) in targets:
                seen.append(str(dst))
                if len(seen) == 2:
                    raise OSError(errno.ENOSPC, "No space left on device")
            return real(src, dst, *a, **kw)

        monkeypatch.setattr(os, "replace", fake_replace)
    else:

        class Full:
            def __init__(self, fh) -> None:
                self.fh = fh

            def __enter__(self):
                return self

            def __exit__(self, *exc) -> None:
                self.fh.close()

            def write(self, data) -> int:
                raise OSError(errno.ENOSPC, "No space left on device")

        def fake_fdopen(fd, *a, **kw):
            fh = real_fdopen(fd, *a, **kw)
            name = os.readlink(f"/proc/self/fd/{fd}") if os.path.exists("/proc/self/fd") else ""
            if ".b.py." in name:
                return Full(fh)
            return fh

        monkeypatch.setattr(os, "fdopen", fake_fdopen)
    with pytest.raises(MigrationError) as info:
        apply_migration(plan)
    message = str(info.value)
    assert "No space left on device" in message and "nothing was changed" in message
    assert "\n" not in message
    monkeypatch.setattr(os, "replace", real)
    monkeypatch.setattr(os, "fdopen", real_fdopen)
    if where == "replace":  # a.js written, b.py failed, a.js written back
        assert [Path(p).name for p in seen] == ["a.js", "b.py", "a.js"]
    _assert_untouched(root, before, memory_keyring, config_home)
    for value in values:
        assert files_containing([private_tmp, config_home], value) == [], "a value leaked to disk"


def test_permission_denied_changes_nothing(
    project, memory_keyring, config_home, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, values = project
    before = _snapshot(root)
    plan = _plan(root, values)
    real = os.replace

    def deny(src, dst, *a, **kw):
        if str(dst) == str(root / "a.js"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(src, dst, *a, **kw)

    monkeypatch.setattr(os, "replace", deny)
    with pytest.raises(MigrationError, match=r"a\.js: write failed \(Permission denied\)"):
        apply_migration(plan)
    monkeypatch.setattr(os, "replace", real)
    _assert_untouched(root, before, memory_keyring, config_home)


def test_file_changed_between_scan_and_apply(project, memory_keyring, config_home) -> None:
    root, values = project
    plan = _plan(root, values)
    b = root / "b.py"
    b.write_text("# edited by hand\n" + b.read_text())  # shifts every offset
    before = _snapshot(root)
    with pytest.raises(MigrationError, match="changed since it was scanned"):
        apply_migration(plan)
    _assert_untouched(root, before, memory_keyring, config_home)


def test_undo_refuses_when_file_edited_after_migration(
    project, memory_keyring, config_home
) -> None:
    root, values = project
    apply_migration(_plan(root, values))
    a = root / "a.js"
    a.write_text(a.read_text().replace("process.env.", "process.env .", 1))
    edited = _snapshot(root)
    with pytest.raises(MigrationError, match="changed since the fix was applied"):
        undo_migration(root)
    assert _snapshot(root) == edited


def test_undo_keeps_an_edit_made_elsewhere_after_migration(
    project, memory_keyring, config_home
) -> None:
    root, values = project
    a = root / "a.js"
    original = a.read_bytes()
    before = _snapshot(root)
    apply_migration(_plan(root, values))
    a.write_text(a.read_text() + "// later edit\n")
    undo_migration(root)
    assert a.read_bytes() == original + b"// later edit\n"
    after = _snapshot(root)
    del after["a.js"], before["a.js"]
    assert after == before


def test_undo_refuses_when_keyring_value_changed(project, memory_keyring, config_home) -> None:
    root, values = project
    result = apply_migration(_plan(root, values))
    migrated = _snapshot(root)
    user = next(u for (_s, u) in memory_keyring.store if u.endswith(":STRIPE_SECRET_KEY"))
    memory_keyring.store[("stepguard", user)] = stripe_key()
    with pytest.raises(MigrationError, match="do not rebuild the original"):
        undo_migration(root)
    assert _snapshot(root) == migrated
    assert result.undo_id


def test_api_workflows_are_refused(tmp_path: Path, memory_keyring, config_home) -> None:
    value = stripe_key()
    source = tmp_path / "wf.json"
    source.write_text('{"steps": [], "triggers": []}')
    step = Step(namespace="s", language=Language.NODE, code=f'const k = "{value}";', path=None)
    wf = Workflow(
        name="api",
        id="p_1",
        source=source,
        trigger=Trigger(TriggerKind.HTTP),
        steps=[step],
        origin="api",
    )
    from checks.redact import redact, secret_fingerprint
    from checks.rulebase import StepContext, step_code
    from tests.checks.migrate.helpers import RULE

    ctx = StepContext(workflow=wf, step=step, code=step_code(step), path="wf.json", rule=RULE)
    start = step.code.index(value)
    finding = ctx.finding(
        start,
        start + len(value),
        "x",
        evidence=redact(value),
        extra={"secret_id": secret_fingerprint(value)},
    )
    plan = plan_from_findings(tmp_path, [finding], [wf])
    assert plan.secrets == []
    assert "Pipedream API" in plan.refused[0].reason
