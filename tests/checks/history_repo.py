"""Generate git repositories with planted secrets (at test/bench time, through `git fast-import`).

Every value is random (seeded) in a provider's format, never a real credential. The plan
records where each secret was planted so a scan can be checked against it exactly.
"""

from __future__ import annotations

import random
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from tests.checks.secrets.corpus_values import FORMATS

# Detector ids whose formats are recognised on their own (no name needed).
PLANT_FORMATS = (
    "github-pat",
    "gitlab-pat",
    "slack-bot-token",
    "aws-access-key-id",
    "github-oauth-token",
    "slack-user-token",
)
BASE_TIME = 1_700_000_000


@dataclass
class Planted:
    value: str  # kept in test memory only; assertions compare fingerprints and redactions
    detector: str
    path: str
    line: int
    commit_index: int
    commit: str = ""
    also_in: list[int] = field(default_factory=list)  # later commits that add it again


@dataclass
class GeneratedRepo:
    root: Path
    commits: list[str]  # hashes, oldest first
    planted: list[Planted]


def generate_repo(
    root: Path,
    commits: int,
    *,
    plant_every: int = 10,
    files: int = 20,
    seed: int = 7,
    readd_every: int = 0,
) -> GeneratedRepo:
    """A linear history of `commits` commits on `main`, each appending lines to one of `files`
    step files; every `plant_every`-th commit also appends a line holding a new secret. With
    `readd_every`, every such planted secret is added again (to another file) that many
    commits later."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    contents: dict[str, list[str]] = {}
    planted: list[Planted] = []
    readds: dict[int, list[Planted]] = {}
    stream: list[bytes] = []
    for i in range(commits):
        path = f"steps/step_{i % files:03d}/entry.mjs"
        lines = contents.setdefault(path, ["export default {", "};"])
        lines.insert(-1, f"  v{i}: {rng.randint(0, 10**6)},")
        if plant_every and i % plant_every == plant_every - 1:
            detector = PLANT_FORMATS[len(planted) % len(PLANT_FORMATS)]
            value = FORMATS[detector](rng)
            lines.insert(-1, f'  k{i}: "{value}",')
            p = Planted(value, detector, path, len(lines) - 1, i)
            planted.append(p)
            if readd_every and i + readd_every < commits:
                readds.setdefault(i + readd_every, []).append(p)
        extra: dict[str, str] = {}
        for p in readds.pop(i, []):
            copy = f"config/copy_{i}.mjs"
            extra[copy] = f'export const token = "{p.value}";\n'
            p.also_in.append(i)
        stream.append(f"commit refs/heads/main\nmark :{i + 1}\n".encode())
        stamp = f"{BASE_TIME + i * 60} +0000"
        stream.append(
            f"author t <t@example.com> {stamp}\ncommitter t <t@example.com> {stamp}\n".encode()
        )
        msg = f"change {i}\n".encode()
        stream.append(b"data %d\n%s" % (len(msg), msg))
        if i:
            stream.append(f"from :{i}\n".encode())
        for name, text in [(path, "\n".join(lines) + "\n"), *extra.items()]:
            data = text.encode()
            stream.append(f"M 100644 inline {name}\ndata {len(data)}\n".encode() + data + b"\n")
    marks = root / ".git" / "marks"
    subprocess.run(
        ["git", "-C", str(root), "fast-import", "--quiet", f"--export-marks={marks}"],
        input=b"".join(stream),
        check=True,
    )
    by_mark = {}
    for line in marks.read_text().splitlines():
        mark, sha = line.split()
        by_mark[int(mark[1:]) - 1] = sha
    marks.unlink()
    hashes = [by_mark[i] for i in range(commits)]
    for p in planted:
        p.commit = hashes[p.commit_index]
    subprocess.run(["git", "-C", str(root), "checkout", "-q", "main"], check=True)
    return GeneratedRepo(root, hashes, planted)


def commit_file(root: Path, rel: str, text: str, message: str = "edit", when: int = 0) -> str:
    """Write `rel` and commit it (on the current branch); returns the commit hash."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    stamp = f"{BASE_TIME + 10**6 + when} +0000"
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
        "PATH": "/usr/bin:/bin:/usr/local/bin",
    }
    subprocess.run(["git", "-C", str(root), "add", "--", rel], check=True, env=env)
    subprocess.run(["git", "-C", str(root), "commit", "-q", "-m", message], check=True, env=env)
    out = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "HEAD"], check=True, env=env, capture_output=True
    )
    return out.stdout.decode().strip()
