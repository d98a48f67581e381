"""The audit result: one `PackageVerdict` per package (and pin), collected in a `PackageReport`."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from checks.packages.extract import PackageUse, package_key
from checks.packages.names import NPM


class Verdict(enum.StrEnum):
    OK = "ok"
    UNKNOWN = "unknown"  # offline without a cached answer, or a registry error
    REVIEW = "review"
    RISKY = "risky"

    @property
    def rank(self) -> int:
        return {"ok": 0, "unknown": 1, "review": 2, "risky": 3}[self.value]


class Signal(enum.StrEnum):
    """Why a package got its verdict (each maps to one SG5xx rule)."""

    UNPINNED = "unpinned"
    VULNERABLE = "vulnerable"
    DEPRECATED = "deprecated"
    YANKED = "yanked"
    STALE = "stale"
    NEW = "new"
    INSTALL_SCRIPT = "install-script"
    NO_REPOSITORY = "no-repository"
    LOW_DOWNLOADS = "low-downloads"
    TYPOSQUAT = "typosquat"
    NOT_FOUND = "not-found"
    NO_MATCHING_VERSION = "no-matching-version"
    UNAVAILABLE = "unavailable"
    NOTE = "note"


@dataclass(frozen=True)
class Reason:
    signal: Signal
    level: Verdict  # OK = informational only
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"signal": self.signal.value, "level": self.level.value, "message": self.message}


@dataclass(frozen=True)
class Vulnerability:
    id: str  # GHSA-…, PYSEC-…, or npm advisory number
    summary: str
    severity: str | None  # critical | high | moderate | low, when known
    url: str
    aliases: tuple[str, ...] = ()
    fixed: tuple[str, ...] = ()  # versions that fix it, when known
    source: str = "osv"  # npm | osv | pypi

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "summary": self.summary,
            "severity": self.severity,
            "url": self.url,
            "aliases": list(self.aliases),
            "fixed": list(self.fixed),
            "source": self.source,
        }


@dataclass
class PackageVerdict:
    """What the audit concluded about one package at one pin (what the TUI package screen shows)."""

    ecosystem: str  # "npm" | "pypi"
    name: str
    spec: str | None  # the pin as written (None = unpinned)
    version: str | None = None  # the version that would install (None when unknown)
    latest: str | None = None
    verdict: Verdict = Verdict.UNKNOWN
    reasons: list[Reason] = field(default_factory=list)
    vulnerabilities: list[Vulnerability] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)  # registry, repository, homepage
    weekly_downloads: int | None = None
    first_published: str | None = None  # ISO 8601
    version_published: str | None = None
    last_release: str | None = None
    uses: list[PackageUse] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str | None]:
        return package_key(self.ecosystem, self.name, self.spec)

    @property
    def pin_label(self) -> str:
        if self.spec is None:
            return f"unpinned → {self.version}" if self.version else "unpinned"
        if self.version and self.version != self.spec.lstrip("=v"):
            return f"{self.spec} → {self.version}"
        return self.spec

    @property
    def steps(self) -> list[str]:
        """`workflow/step:line` for every use, in order."""
        return [f"{u.workflow}/{u.step}:{u.line}" for u in self.uses]

    def reasons_for(self, *signals: Signal) -> list[Reason]:
        wanted = set(signals)
        return [r for r in self.reasons if r.signal in wanted]

    def add(self, signal: Signal, level: Verdict, message: str) -> None:
        self.reasons.append(Reason(signal, level, message))

    def settle(self) -> None:
        """Set `verdict` from the reasons (the worst level wins; no reasons → ok), worst first."""
        self.reasons.sort(key=lambda r: -r.level.rank)
        worst = Verdict.OK
        for r in self.reasons:
            if r.level.rank > worst.rank:
                worst = r.level
        self.verdict = worst

    def to_dict(self) -> dict[str, Any]:
        return {
            "ecosystem": self.ecosystem,
            "name": self.name,
            "pin": self.spec,
            "version": self.version,
            "latest": self.latest,
            "verdict": self.verdict.value,
            "reasons": [r.to_dict() for r in self.reasons],
            "vulnerabilities": [v.to_dict() for v in self.vulnerabilities],
            "links": dict(self.links),
            "weekly_downloads": self.weekly_downloads,
            "first_published": self.first_published,
            "version_published": self.version_published,
            "last_release": self.last_release,
            "uses": [
                {
                    "workflow": u.workflow,
                    "step": u.step,
                    "line": u.line,
                    "written": u.written,
                    "kind": u.kind,
                }
                for u in self.uses
            ],
        }


@dataclass
class PackageReport:
    packages: list[PackageVerdict] = field(default_factory=list)
    offline: bool = False
    notes: list[str] = field(default_factory=list)  # audit-wide remarks (cache disabled, …)
    requests: int = 0  # network requests made

    def get(self, ecosystem: str, name: str, spec: str | None) -> PackageVerdict | None:
        wanted = package_key(ecosystem, name, spec)
        for p in self.packages:
            if p.key == wanted:
                return p
        return None

    def for_use(self, use: PackageUse) -> PackageVerdict | None:
        return self.get(use.ecosystem, use.name, use.spec)

    def counts(self) -> dict[str, int]:
        out = {v.value: 0 for v in Verdict}
        for p in self.packages:
            out[p.verdict.value] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "offline": self.offline,
            "counts": self.counts(),
            "notes": list(self.notes),
            "packages": [p.to_dict() for p in self.packages],
        }


def registry_page(ecosystem: str, name: str, version: str | None = None) -> str:
    if ecosystem == NPM:
        return f"https://www.npmjs.com/package/{name}" + (f"/v/{version}" if version else "")
    return f"https://pypi.org/project/{name}/" + (f"{version}/" if version else "")
