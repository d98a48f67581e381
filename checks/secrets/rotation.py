"""Rotation advice: a secret that was written in code must be replaced at its provider.

Moving a value into an environment variable stops it spreading, but everyone who could read
the code (the workflow, its GitHub-Sync repository, clones, forks, CI logs) may have a copy,
and the git history keeps it. `rotation_advice(finding, root)` says so for one finding: where
the provider's keys are revoked or rotated and whether the value is in the repository's
history (from `checks.history`, cached per repository state).
"""

from __future__ import annotations

import hashlib
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from checks.errors import InputError
from checks.history import (
    HistoryLimits,
    HistoryReport,
    HistorySecret,
    repository_root,
    scan_history,
)
from checks.model import Finding
from checks.secrets.catalog import rotate_url

ROTATE_SENTENCE = (
    "Moving the value out of the code does not make it secret again: anyone who could read "
    "the code may have copied it. Rotate it at the provider (create a new value, put it in the "
    "environment variable, then revoke the old one)."
)


@dataclass(frozen=True)
class RotationAdvice:
    """What to tell the user about one exposed secret (no value, only its id and redaction)."""

    secret_id: str
    provider: str
    rotate_url: str | None
    in_history: bool | None  # None: unknown (not a git repository, or the scan stopped early)
    first_commit: str | None = None  # first commit that added it, when in history
    commits: int = 0
    history_note: str = ""  # why `in_history` is None

    @property
    def where(self) -> str:
        if self.rotate_url:
            return f"at {self.rotate_url}"
        if self.provider in ("Generic", "HTTP", ""):
            return "wherever it was issued"
        return f"in your {self.provider} account where it was issued"

    @property
    def history_line(self) -> str:
        if self.in_history:
            times = "1 commit" if self.commits == 1 else f"{self.commits} commits"
            first = (self.first_commit or "")[:12]
            return (
                f"It is in this repository's git history (first in commit {first}, added in "
                f"{times}): everyone with a clone can still read it."
            )
        if self.in_history is False:
            return "It is not in this repository's git history."
        return f"Whether it is in git history is unknown ({self.history_note})."

    @property
    def message(self) -> str:
        """Plain sentences for the CLI and the wizard."""
        generic = self.provider in ("Generic", "HTTP", "")
        what = "this secret" if generic else f"this {self.provider} secret"
        return f"Rotate {what} {self.where}. {self.history_line}"


# -- history, cached per repository state ---------------------------------------------------------

_cache: dict[tuple[str, str], HistoryReport] = {}
_cache_lock = threading.Lock()


def _refs_state(top: Path) -> str:
    """A digest of every ref and HEAD: the history changes only when this does."""
    proc = subprocess.run(
        ["git", "-C", str(top), "show-ref", "--head"],
        capture_output=True,
        timeout=30,
        check=False,
    )
    return hashlib.sha256(proc.stdout).hexdigest()


def history_for(root: Path, limits: HistoryLimits | None = None) -> HistoryReport | str:
    """The history scan of the repository holding `root`, or a one-line reason there is none."""
    try:
        top = repository_root(root.resolve())
        key = (str(top), _refs_state(top))
    except InputError as exc:
        return exc.reason
    except (OSError, subprocess.SubprocessError) as exc:
        return f"git failed: {type(exc).__name__}"
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    try:
        report = scan_history(top, limits)
    except InputError as exc:
        return exc.reason
    with _cache_lock:
        _cache[key] = report
    return report


def advise(
    secret_id: str, provider: str, root: Path, history: HistoryReport | str | None = None
) -> RotationAdvice:
    """Advice for the secret with fingerprint `secret_id` found under `root`."""
    if history is None:
        history = history_for(root)
    url = rotate_url(provider)
    if isinstance(history, str):
        return RotationAdvice(secret_id, provider, url, None, history_note=history)
    hit: HistorySecret | None = history.find(secret_id)
    if hit is not None:
        return RotationAdvice(secret_id, provider, url, True, hit.commit, hit.commits)
    if not history.complete:
        return RotationAdvice(
            secret_id, provider, url, None, history_note=history.stopped or "scan incomplete"
        )
    return RotationAdvice(secret_id, provider, url, False)


def rotation_advice(
    finding: Finding, root: Path, history: HistoryReport | str | None = None
) -> RotationAdvice:
    """Advice for a secret finding (SG101-SG106: `extra` carries `secret_id` and `provider`).

    `history` may be passed to reuse one scan for many findings; by default the repository
    holding `root` is scanned once per state of its refs and the result is reused.
    """
    secret_id = str(finding.extra.get("secret_id") or "")
    provider = str(finding.extra.get("provider") or "")
    if not secret_id:  # not a secret finding: nothing to look up
        return RotationAdvice("", provider, rotate_url(provider), None, history_note="no secret")
    return advise(secret_id, provider, root, history)
