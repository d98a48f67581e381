"""The workflow model every loader produces and every rule reads."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks.extras import FindingExtra


class Severity(enum.IntEnum):
    """Finding severity; higher is worse, so severities compare naturally."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {text!r} (choose one of {names})") from None


class Category(enum.StrEnum):
    """Exactly one per rule: the concern a rule belongs to."""

    SECRET = "secret"
    TRANSPORT = "transport"
    AUTH = "auth"
    SIGNATURE = "signature"
    PACKAGE = "package"
    LOGGING = "logging"
    ACCOUNT = "account"


class FixKind(enum.StrEnum):
    """How a finding is fixed: which fix service (or panel) handles it."""

    MIGRATE_SECRET = "migrate-secret"  # move the value into the keyring (checks.fixes.secrets)
    HTTPS = "https"  # rewrite the URL's scheme (checks.fixes.https)
    PIN = "pin"  # pin a package version (checks.fixes.pin)
    EDIT = "edit"  # replace one span with `extra["replacement"]` (checks.fixes.replace)
    LOWERCASE_HEADER = "lowercase-header"  # same, for a header name
    LOGGING = "logging"  # rewrite what is logged (checks.fixes.logging)
    INSERT_SNIPPET = "insert-snippet"  # a tested step inserted first (checks.snippets.insert)
    SNIPPET = "snippet"  # code to copy (a snippet, a pin, a connected account)
    PROTECT = "protect"  # mark the trigger as protected in .stepguard.toml (checks.protect)
    CONNECT_ACCOUNT = "connect-account"  # read a connected account's $auth (checks.fixes.accounts)
    REPLACE_CHECK = "replace-check"  # a flawed check step becomes the tested verifier
    MANUAL = "manual"  # instructions only


class Practice(enum.StrEnum):
    """The security best practices stepguard enforces (stepguard's own wording)."""

    SECRETS = "Keep secrets out of code"
    HTTPS = "Use HTTPS in and out"
    AUTHENTICATE = "Authenticate HTTP triggers"
    SIGNATURES = "Verify webhook signatures"
    AUDIT = "Audit code and packages"
    LIMIT_DATA = "Limit what steps log, export and return"

    @property
    def short(self) -> str:
        return {
            Practice.SECRETS: "secrets",
            Practice.HTTPS: "https",
            Practice.AUTHENTICATE: "authentication",
            Practice.SIGNATURES: "signatures",
            Practice.AUDIT: "packages",
            Practice.LIMIT_DATA: "logging",
        }[self]


class Language(enum.StrEnum):
    NODE = "node"
    TYPESCRIPT = "typescript"
    PYTHON = "python"
    BASH = "bash"
    GO = "go"
    YAML = "yaml"  # a synced workflow.yaml (its props), for fixes that edit it; never a step's
    UNKNOWN = "unknown"

    @property
    def is_js(self) -> bool:
        return self in (Language.NODE, Language.TYPESCRIPT)


EXTENSION_LANGUAGE: dict[str, Language] = {
    ".js": Language.NODE,
    ".mjs": Language.NODE,
    ".cjs": Language.NODE,
    ".ts": Language.TYPESCRIPT,
    ".py": Language.PYTHON,
    ".sh": Language.BASH,
    ".go": Language.GO,
}


def language_for_runtime(runtime: str | None) -> Language:
    """Map a Pipedream runtime/lang string (`nodejs20.x`, `python3.12`, `bash`, `go1.21`)."""
    r = (runtime or "").lower()
    if r.startswith(("nodejs", "node")):
        return Language.NODE
    if r.startswith("python"):
        return Language.PYTHON
    if r.startswith("bash"):
        return Language.BASH
    if r.startswith("go"):
        return Language.GO
    return Language.UNKNOWN


class TriggerKind(enum.StrEnum):
    HTTP = "http"
    TIMER = "timer"
    EMAIL = "email"
    APP = "app"
    UNKNOWN = "unknown"


class HttpAuth(enum.StrEnum):
    """The HTTP trigger's own Authorization setting, when known."""

    NONE = "none"
    CUSTOM_TOKEN = "custom_token"
    OAUTH = "oauth"
    UNKNOWN = "unknown"


@dataclass
class Trigger:
    kind: TriggerKind
    id: str | None = None
    auth: HttpAuth = HttpAuth.UNKNOWN
    endpoint_url: str | None = None
    name: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)
    # Set from `.stepguard.toml` when the user marks the trigger as protected.
    marked_protected: bool = False

    @property
    def is_http(self) -> bool:
        return self.kind is TriggerKind.HTTP

    def describe(self) -> str:
        if self.kind is TriggerKind.HTTP:
            auth = {
                HttpAuth.NONE: "no authorization",
                HttpAuth.CUSTOM_TOKEN: "custom token",
                HttpAuth.OAUTH: "OAuth",
                HttpAuth.UNKNOWN: "authorization not recorded",
            }[self.auth]
            if self.marked_protected and self.auth is HttpAuth.UNKNOWN:
                auth = "marked protected"
            return f"HTTP trigger ({auth})"
        return {
            TriggerKind.TIMER: "Schedule trigger",
            TriggerKind.EMAIL: "Email trigger",
            TriggerKind.APP: f"App source{f' {self.name}' if self.name else ''}",
            TriggerKind.UNKNOWN: "Trigger of unknown kind",
        }[self.kind]


@dataclass
class Step:
    """One step of a workflow (or one component file)."""

    namespace: str
    language: Language
    code: str | None = None
    path: Path | None = None  # file holding the code (absolute)
    runtime: str | None = None
    props: dict[str, Any] = field(default_factory=dict)
    uses: str | None = None  # registry action `key@version`, or `./ns/entry.js`
    index: int = 0
    code_note: str | None = None  # why code is missing (API left it out, file absent, …)
    is_source: bool = False  # an event-source component (`$.interface.http` etc.)
    code_line_offset: int = 0  # for code embedded in another file (API JSON)
    # npm name -> range from the component package's package.json (a range there is a pin)
    package_pins: dict[str, str] = field(default_factory=dict)
    # The loader's parse of `code` (a `checks.parsing.Code`), reused by the first scan and then
    # dropped: parse trees are neither picklable nor worth keeping in memory.
    parsed: Any = field(default=None, repr=False, compare=False)

    @property
    def is_code_step(self) -> bool:
        return self.code is not None

    @property
    def registry_action(self) -> str | None:
        if self.uses and not self.uses.startswith(("./", "../", "/")):
            return self.uses
        return None

    @property
    def connected_accounts(self) -> dict[str, str]:
        """Prop name → `authProvisionId` (apn_…) for app props bound to a connected account."""
        out: dict[str, str] = {}
        for key, value in self.props.items():
            if isinstance(value, dict) and isinstance(value.get("authProvisionId"), str):
                out[str(key)] = value["authProvisionId"]
        return out


@dataclass
class Workflow:
    name: str
    id: str | None
    source: Path  # workflow dir, component file, or API JSON file
    trigger: Trigger
    steps: list[Step] = field(default_factory=list)
    origin: str = "files"  # "github-sync" | "files" | "api"
    settings: dict[str, Any] = field(default_factory=dict)
    # The text of `source` as the loader read it (workflow.yaml, the API JSON, the component
    # file): rules that point into it use this, never the disk.
    source_text: str = field(default="", repr=False, compare=False)

    @property
    def can_write(self) -> bool:
        """API-loaded workflows cannot be changed through files."""
        return self.origin != "api"

    @property
    def is_github_sync(self) -> bool:
        return self.origin == "github-sync"


@dataclass(frozen=True)
class Fix:
    kind: FixKind
    summary: str


@dataclass
class Finding:
    rule: str
    category: Category
    severity: Severity
    title: str
    message: str
    path: str  # relative to the scanned root, "/" separators
    line: int
    column: int
    end_line: int
    end_column: int
    workflow: str | None
    step: str | None
    evidence: str  # redacted
    fingerprint: str = ""
    fix: Fix | None = None
    extra: FindingExtra = field(default_factory=lambda: FindingExtra())
    # Not serialised: where the finding came from, for fixes and the TUI.
    abs_path: Path | None = field(default=None, repr=False, compare=False)
    start_byte: int | None = field(default=None, repr=False, compare=False)
    end_byte: int | None = field(default=None, repr=False, compare=False)
    fingerprint_key: str = field(default="", repr=False, compare=False)

    def __post_init__(self) -> None:
        # Every string a finding shows passes the secret detectors, so no rule can forget it.
        # Control characters from the scanned code are escaped for every screen and report.
        from checks.escape import escape_controls
        from checks.redact import redact_extra, redact_text

        self.title = escape_controls(redact_text(self.title))
        self.message = escape_controls(redact_text(self.message))
        self.evidence = escape_controls(redact_text(self.evidence))
        self.extra = redact_extra(self.extra)

    def sort_key(self) -> tuple[Any, ...]:
        return (self.path, self.line, self.column, -self.severity, self.rule)


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str

    def __post_init__(self) -> None:
        from checks.escape import escape_controls
        from checks.redact import redact_text

        object.__setattr__(self, "reason", escape_controls(redact_text(self.reason)))
