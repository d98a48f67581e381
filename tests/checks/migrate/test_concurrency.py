"""Migrations racing each other or the user (real gnome-keyring, run under .ci/with-keyring.sh).

A thin backend wrapper around the real Secret Service lets a test act at the moment a migration
waits on the keyring: two migrations meet there, or the user edits a step there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from checks.fixes.secrets import MigrationError, apply_migration, plan_migration
from checks.fixes.secrets.undo import records
from checks.vault import Manifest, Vault, project_key
from tests.checks.migrate.helpers import digests, github_token, stripe_key
from tests.checks.vault.memkeyring import installed
from tui.cli import main

pytestmark = pytest.mark.keyring


class Hooked(KeyringBackend):
    """Delegates to a real backend; calls `hook` before the first write of each thread."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, real: KeyringBackend, hook: Callable[[], None]) -> None:
        super().__init__()
        self.real, self.hook = real, hook
        self.seen: set[int] = set()

    def set_password(self, service: str, username: str, password: str) -> None:
        me = threading.get_ident()
        if me not in self.seen:
            self.seen.add(me)
            self.hook()
        self.real.set_password(service, username, password)

    def get_password(self, service: str, username: str) -> str | None:
        return self.real.get_password(service, username)

    def delete_password(self, service: str, username: str) -> None:
        self.real.delete_password(service, username)


def _project(root: Path) -> dict[str, str]:
    root.mkdir(parents=True)
    values = {"STRIPE": stripe_key(), "GH": github_token()}
    (root / "step.js").write_text(
        "export default defineComponent({\n  async run({ $ }) {\n"
        f'    const key = "{values["STRIPE"]}";\n'
        f'    const gh = "token {values["GH"]}";\n'
        "    return [key, gh];\n  },\n});\n"
    )
    return values


def _cleanup(vault: Vault, roots: list[Path], names: list[str]) -> None:
    for root in roots:
        for name in names:
            vault.delete(project_key(root), name)


NAMES = ["STRIPE_SECRET_KEY", "GITHUB_TOKEN"]


def test_two_projects_migrated_at_once_keep_both_manifest_entries(
    tmp_path: Path, secret_service, config_home
) -> None:
    roots = [tmp_path / "one", tmp_path / "two"]
    for root in roots:
        _project(root)
    plans = [plan_migration([root]) for root in roots]
    meet = threading.Barrier(2, timeout=30)
    errors: list[BaseException] = []

    def migrate(i: int) -> None:
        try:
            apply_migration(plans[i])
        except BaseException as exc:
            errors.append(exc)

    vault = Vault()
    try:
        with installed(Hooked(secret_service, meet.wait)):  # type: ignore[arg-type]
            threads = [threading.Thread(target=migrate, args=(i,)) for i in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
        assert errors == []
        manifest = Manifest()
        for root in roots:
            key = project_key(root)
            assert sorted(e.name for e in manifest.entries(key)) == sorted(NAMES), root.name
            assert all(vault.get(key, n) is not None for n in NAMES)
            assert len(records(key)) == 1
        assert manifest.pending() == {}
    finally:
        _cleanup(vault, roots, NAMES)


def test_edit_during_keyring_wait_is_kept_and_keyring_rolled_back(
    tmp_path: Path, secret_service, config_home
) -> None:
    root = tmp_path / "edited"
    _project(root)
    plan = plan_migration([root])
    step = root / "step.js"

    def edit() -> None:
        step.write_text(step.read_text() + "// edited while stepguard waited\n")

    vault = Vault()
    try:
        hooked = Hooked(secret_service, edit)  # type: ignore[arg-type]
        with installed(hooked), pytest.raises(MigrationError) as info:
            apply_migration(plan)
        message = str(info.value)
        assert "step.js" in message and "edited" in message and "\n" not in message
        assert step.read_text().endswith("// edited while stepguard waited\n")
        key = project_key(root)
        assert [n for n in NAMES if vault.get(key, n) is not None] == []
        assert Manifest().entries(key) == [] and Manifest().pending() == {}
        assert records(key) == []
        assert list(root.glob("*.sgtmp")) == []
    finally:
        _cleanup(vault, [root], NAMES)


def test_cli_edit_during_keyring_wait_exits_2_with_one_line(
    tmp_path: Path, secret_service, config_home, capfd
) -> None:
    root = tmp_path / "cli-edited"
    values = _project(root)
    step = root / "step.js"

    def edit() -> None:
        step.write_text("// first line added by the user\n" + step.read_text())

    vault = Vault()
    try:
        with installed(Hooked(secret_service, edit)):  # type: ignore[arg-type]
            code = main(["secrets", "migrate", str(root), "--yes"])
        out, err = capfd.readouterr()
        assert all(v not in out + err for v in values.values())
        assert code == 2
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1 and "edited" in lines[0] and "step.js" in lines[0], lines
        edited = digests(root)
        assert step.read_text().startswith("// first line added by the user\n")
        assert [n for n in NAMES if vault.get(project_key(root), n) is not None] == []
        assert digests(root) == edited
    finally:
        _cleanup(vault, [root], NAMES)
