"""Test helpers: runtime-made secret values and a stand-in detector honouring the contract.

The stand-in builds findings exactly as a rule would (StepContext.finding: step-code byte
offsets, redacted evidence, extra = provider/detector/env_name/secret_id/live), for values the
test chose. Values are generated at run time so no secret-looking literal sits in the repo.
"""

from __future__ import annotations

import hashlib
import secrets as random
import string
from pathlib import Path

from checks.loaders import load_paths, relative_path
from checks.model import Category, Finding, Severity, Workflow
from checks.redact import redact, secret_fingerprint
from checks.rulebase import Rule, StepContext, step_code

ALNUM = string.ascii_letters + string.digits
RULE = Rule(
    id="SG100",
    name="test-inline-secret",
    category=Category.SECRET,
    severity=Severity.HIGH,
    title="Inline secret (test stand-in)",
    explanation="test",
)


class Redacted(str):
    """A test secret whose repr is redacted, so failing assertions never print the value."""

    __slots__ = ()

    def __repr__(self) -> str:
        return repr(redact(str(self)))


def _body(n: int) -> str:
    return "".join(random.choice(ALNUM) for _ in range(n))


def stripe_key() -> Redacted:
    return Redacted("sk_" + "live_" + _body(24))


def github_token() -> Redacted:
    return Redacted("gh" + "p_" + _body(36))


def slack_token() -> Redacted:
    digits = "-".join(str(random.randbelow(10**12)).zfill(12) for _ in range(2))
    return Redacted("xox" + "b-" + digits + "-" + _body(24))


def scrub(data: bytes | str, values: list[str]) -> str:
    """Text with every known value replaced by its redaction (safe to show in a diff)."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    for value in values:
        text = text.replace(str(value), redact(str(value)))
    return text


def digests(root: Path) -> dict[str, str]:
    """rel path → sha256 of every file under root (compare trees without printing contents)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


PROVIDERS = {"Stripe": "STRIPE_SECRET_KEY", "GitHub": "GITHUB_TOKEN", "Slack": "SLACK_BOT_TOKEN"}


def fake_scan(
    paths: list[Path], values: dict[str, str]
) -> tuple[Path, list[Finding], list[Workflow]]:
    """(root, findings, workflows) for every occurrence of each value (value → provider)."""
    loaded = load_paths(paths)
    findings: list[Finding] = []
    for wf in loaded.workflows:
        for step in wf.steps:
            code = step_code(step)
            if code is None:
                continue
            ctx = StepContext(
                workflow=wf,
                step=step,
                code=code,
                path=relative_path(step.path or wf.source, loaded.root),
                rule=RULE,
            )
            for value, provider in values.items():
                needle = value.encode()
                pos = code.data.find(needle)
                while pos != -1:
                    findings.append(
                        ctx.finding(
                            pos,
                            pos + len(needle),
                            f"inline {provider} secret",
                            evidence=redact(value),
                            extra={
                                "provider": provider,
                                "detector": provider.lower(),
                                "env_name": PROVIDERS.get(provider, "API_KEY"),
                                "secret_id": secret_fingerprint(value),
                                "live": None,
                            },
                        )
                    )
                    pos = code.data.find(needle, pos + 1)
    return loaded.root, findings, loaded.workflows


def files_containing(roots: list[Path], value: str) -> list[Path]:
    """Every file under `roots` whose bytes contain the value."""
    needle = value.encode()
    hits = []
    for root in roots:
        if not root.exists():
            continue
        for p in sorted(root.rglob("*")):
            if p.is_file() and needle in p.read_bytes():
                hits.append(p)
    return hits
