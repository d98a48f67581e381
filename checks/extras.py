"""`Finding.extra`: what each rule family adds to its findings, for fixes, the TUI and reports.

One TypedDict per rule family (category); a finding carries only keys of its family's type
(`checks.rulebase.EXTRA_FOR_CATEGORY`, checked by tests). `FindingExtra` is their union of
keys, so code reading a finding of any family looks keys up with their types. Keys two
families share have the same type in both. Values are JSON data (the scan cache stores them).
"""

from __future__ import annotations

from typing import TypedDict


class SecretExtra(TypedDict, total=False):
    """SG1xx: an inline secret."""

    provider: str | None
    detector: str
    env_name: str  # the variable the migration proposes
    secret_id: str  # fingerprint: identifies the value, never reveals it
    live: bool | None  # a live (not test) key, when the format says
    prop: str  # a workflow prop holding the secret (workflow.yaml)


class TransportExtra(TypedDict, total=False):
    """SG2xx: plaintext URLs and switched-off TLS checks."""

    url: str
    https_url: str  # the `https://` (or `wss://`) URL the fix writes
    client: str
    host: str | None
    host_class: str
    sends_credentials: bool
    scheme_offset: int  # byte offset of the scheme in the step's code (the fix's anchor)
    setting: str  # the TLS setting that switches verification off
    replacement: str  # SG202: "" deletes [start_byte, end_byte) (checks.fixes.replace)
    url_from: str  # the part of the incoming request the URL is taken from (SG204)


class AuthExtra(TypedDict, total=False):
    """SG3xx: unauthenticated HTTP triggers and weak checks."""

    snippet: str
    provider: str | None  # the signing provider whose headers the step reads, when one was detected
    alternatives: list[str]
    insert_before_step: str
    trigger_auth: str
    can_mark_protected: bool
    literal_start: int
    literal_end: int
    replacement: str  # the code that replaces [start_byte, end_byte) (checks.fixes.replace)
    start_byte: int
    end_byte: int
    event_source: bool  # the entry point is an HTTP event source
    weak_gates: list[str]  # kinds of the weak gates a source relies on (ip, identifier, …)
    public_by_design: bool  # a generic endpoint meant to take any request (lower severity)


class SignatureExtra(TypedDict, total=False):
    """SG4xx: webhook signatures."""

    snippet: str
    provider: str | None
    signature_headers: list[str]
    evidence: list[str]  # why the provider was recognised
    event_source: bool  # the workflow is an event source (the HTTP interface is the source's)
    tolerance: int | None  # seconds the provider allows between signing and receipt


class PackageExtra(TypedDict, total=False):
    """SG5xx: packages steps import."""

    package: str
    ecosystem: str  # "npm" | "pypi"
    pin: str | None  # the version as written
    version: str | None  # the version that would install
    verdict: str
    links: dict[str, str]


class LoggingExtra(TypedDict, total=False):
    """SG6xx: what steps log, export and return."""

    source: str
    sink: str
    source_kind: str
    sink_kind: str
    sources: list[str]
    via: list[str]  # helper functions the value passes through
    sink_line: int


class AccountExtra(TypedDict, total=False):
    """SG7xx: credentials a connected account should hold."""

    app: str
    app_name: str
    auth_kind: str
    auth_field: str
    auth_expression: str
    host: str | None
    env_vars: list[str]
    literal_token: bool
    snippet: str
    sdk: str


class FindingExtra(
    SecretExtra,
    TransportExtra,
    AuthExtra,
    SignatureExtra,
    PackageExtra,
    LoggingExtra,
    AccountExtra,
    total=False,
):
    """Every family's keys (what `Finding.extra` holds)."""


# What a rule passes to `StepContext.finding(extra=…)`: its own family's dict.
Extra = (
    SecretExtra
    | TransportExtra
    | AuthExtra
    | SignatureExtra
    | PackageExtra
    | LoggingExtra
    | AccountExtra
    | FindingExtra
)
