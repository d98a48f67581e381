"""The manifest: which secrets stepguard moved to the keyring, and where they are used.

One JSON file in the config folder. It holds names, project keys and roots, fingerprints,
providers, uses (path, line) and times, never values. `secrets list` reads it, because keyring
backends cannot enumerate their entries.

It also holds the intents of running migrations (`pending`), written before their first keyring
write, so entries of a killed run can be found and reconciled. Every change is a
read-modify-write under the vault lock (`transaction`).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from checks.errors import StepguardError
from checks.fsutil import atomic_write_bytes
from checks.vault.keystore import SERVICE, keyring_username
from checks.vault.lock import vault_lock
from checks.vault.paths import config_dir

MANIFEST_FILE = "secrets-manifest.json"
VERSION = 1


class ManifestError(StepguardError):
    """The manifest file cannot be read or written (one-line message)."""


@dataclass
class Use:
    path: str  # relative to the project root, "/" separators
    line: int


@dataclass
class ManifestEntry:
    name: str
    project_key: str
    root: str
    secret_id: str
    provider: str = ""
    detector: str = ""
    stored_at: str = ""
    uses: list[Use] = field(default_factory=list)

    @property
    def keyring_entry(self) -> str:
        return f"{SERVICE}/{keyring_username(self.project_key, self.name)}"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("name")
        data.pop("project_key")
        data.pop("root")
        data["keyring"] = self.keyring_entry
        return data


class Manifest:
    """Load, query, change and atomically save the manifest."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or (config_dir() / MANIFEST_FILE)
        self._projects: dict[str, dict[str, Any]] = {}
        self._pending: dict[str, dict[str, Any]] = {}
        self.load()

    # -- persistence --------------------------------------------------------------------------

    def load(self) -> None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            self._projects, self._pending = {}, {}
            return
        except OSError as exc:
            raise ManifestError(f"cannot read {self.path}: {exc.strerror or exc}") from None
        try:
            doc = json.loads(raw)
            projects = doc["projects"]
            pending = doc.get("pending", {})
            if not isinstance(projects, dict) or not isinstance(pending, dict):
                raise TypeError("projects is not an object")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ManifestError(f"{self.path} is not a stepguard manifest ({exc})") from None
        self._projects = projects
        self._pending = pending

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Manifest]:
        """Lock, reload, let the body change the manifest, save (nothing saved on an error)."""
        with vault_lock(self.path.parent):
            self.load()
            yield self
            self.save()

    def save(self) -> None:
        doc: dict[str, Any] = {"version": VERSION, "projects": self._projects}
        if self._pending:
            doc["pending"] = self._pending
        data = json.dumps(doc, indent=2, sort_keys=True)
        try:
            if not self._projects and not self._pending:
                self.path.unlink(missing_ok=True)  # an empty manifest is no manifest
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(self.path, (data + "\n").encode("utf-8"), mode=0o600)
        except OSError as exc:
            raise ManifestError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    # -- intents of running migrations --------------------------------------------------------

    def pending(self) -> dict[str, dict[str, Any]]:
        """run id → intent (pid, process start, project, names, files, undo record)."""
        return dict(self._pending)

    def add_pending(self, run_id: str, intent: dict[str, Any]) -> None:
        self._pending[run_id] = intent

    def drop_pending(self, run_id: str) -> None:
        self._pending.pop(run_id, None)

    # -- queries ------------------------------------------------------------------------------

    def entries(self, project_key: str | None = None) -> list[ManifestEntry]:
        out: list[ManifestEntry] = []
        for key, project in sorted(self._projects.items()):
            if project_key is not None and key != project_key:
                continue
            for name, data in sorted(project.get("secrets", {}).items()):
                out.append(entry_from_json(key, project.get("root", ""), name, data))
        return out

    def get(self, project_key: str, name: str) -> ManifestEntry | None:
        project = self._projects.get(project_key)
        if not project or name not in project.get("secrets", {}):
            return None
        return entry_from_json(project_key, project.get("root", ""), name, project["secrets"][name])

    def find(self, name: str) -> list[ManifestEntry]:
        return [e for e in self.entries() if e.name == name]

    def name_for(self, project_key: str, secret_id: str) -> str | None:
        for entry in self.entries(project_key):
            if entry.secret_id == secret_id:
                return entry.name
        return None

    def names(self, project_key: str) -> set[str]:
        return {e.name for e in self.entries(project_key)}

    # -- changes ------------------------------------------------------------------------------

    def put(self, entry: ManifestEntry) -> None:
        project = self._projects.setdefault(entry.project_key, {"root": entry.root, "secrets": {}})
        project["root"] = entry.root
        project.setdefault("secrets", {})[entry.name] = entry.to_json()

    def remove(self, project_key: str, name: str) -> bool:
        project = self._projects.get(project_key)
        if not project or name not in project.get("secrets", {}):
            return False
        del project["secrets"][name]
        if not project["secrets"]:
            del self._projects[project_key]
        return True


def entry_from_json(project_key: str, root: str, name: str, data: dict[str, Any]) -> ManifestEntry:
    """A manifest entry from its stored JSON (a malformed `uses` item is dropped)."""
    uses = [
        Use(path=str(u.get("path", "")), line=int(u.get("line", 0)))
        for u in data.get("uses", [])
        if isinstance(u, dict)
    ]
    return ManifestEntry(
        name=name,
        project_key=project_key,
        root=root,
        secret_id=str(data.get("secret_id", "")),
        provider=str(data.get("provider", "")),
        detector=str(data.get("detector", "")),
        stored_at=str(data.get("stored_at", "")),
        uses=uses,
    )
