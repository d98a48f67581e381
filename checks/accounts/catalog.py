"""The host → Pipedream app catalog (`apps.json`, shipped as package data)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

SLUG = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# host or *.suffix, then an optional /path prefix (no scheme, no query).
HOST_PATTERN = re.compile(
    r"^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?:/[A-Za-z0-9._~/-]*)?$"
)


@dataclass(frozen=True)
class HostPattern:
    host: str  # exact host, or the suffix after "*."
    wildcard: bool
    path: str  # "" or a prefix starting with "/"

    @classmethod
    def parse(cls, text: str) -> HostPattern:
        host, slash, path = text.partition("/")
        wildcard = host.startswith("*.")
        return cls(host[2:] if wildcard else host, wildcard, slash + path if slash else "")

    def matches(self, host: str, path: str) -> bool:
        host = host.lower()
        if self.wildcard:
            if not host.endswith("." + self.host):
                return False
        elif host != self.host:
            return False
        return not self.path or path.startswith(self.path)

    @property
    def specificity(self) -> tuple[int, int]:
        return (0 if self.wildcard else 1, len(self.path))


@dataclass(frozen=True)
class App:
    slug: str
    name: str
    hosts: tuple[str, ...]
    auth: Literal["oauth", "keys"]
    field: str
    prefer_when: tuple[str, ...] = ()

    @property
    def patterns(self) -> tuple[HostPattern, ...]:
        return tuple(HostPattern.parse(h) for h in self.hosts)


class CatalogError(ValueError):
    """`apps.json` is malformed (a packaging bug, reported in one line)."""


def _app(raw: dict[str, Any]) -> App:
    try:
        return App(
            slug=str(raw["slug"]),
            name=str(raw["name"]),
            hosts=tuple(str(h) for h in raw["hosts"]),
            auth=raw["auth"],
            field=str(raw["field"]),
            prefer_when=tuple(str(p) for p in raw.get("prefer_when", ())),
        )
    except (KeyError, TypeError) as exc:
        raise CatalogError(f"apps.json: malformed entry {raw.get('slug', '?')!r}: {exc}") from None


@cache
def load_catalog() -> tuple[App, ...]:
    text = resources.files("checks.accounts").joinpath("apps.json").read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogError(f"apps.json is not valid JSON (line {exc.lineno})") from None
    return tuple(_app(raw) for raw in data.get("apps", []))


def match_app(host: str, path: str = "", hint: str = "") -> App | None:
    """The app whose host pattern best matches `host` + `path`.

    `hint` (an env var name or a token prefix) picks between apps that share a host, such as
    Slack's user-token and bot-token apps.
    """
    best: list[tuple[tuple[int, int], App]] = []
    for app in load_catalog():
        for pattern in app.patterns:
            if pattern.matches(host, path or "/"):
                best.append((pattern.specificity, app))
    if not best:
        return None
    top = max(score for score, _ in best)
    candidates = [app for score, app in best if score == top]
    hint_upper = hint.upper()
    for app in candidates:
        if app.prefer_when and any(p.upper() in hint_upper for p in app.prefer_when):
            return app
    plain = [app for app in candidates if not app.prefer_when]
    return (plain or candidates)[0]
