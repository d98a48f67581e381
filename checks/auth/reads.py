"""Reads of the incoming request as auth facts (language-neutral).

The halves of the auth analysis find the reads through the model (`pypaths`/`jspaths`: a
canonical `EVENT.…` path per read) and record them here: `header_read` decides whether a header
or query read carries a credential; `alias_reads` records what the names bound to request paths
read (the sender's IP, body fields) and returns the names that hold the sender's IP.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from checks.auth.facts import HeaderRead, StepFacts
from checks.auth.providers import is_credential_header
from checks.parsing.vocabulary import is_credential_query

CLIENT_IP = "EVENT.client_ip"


def header_read(
    base: str, key: str | None, span: tuple[int, int], key_span: tuple[int, int], certain: bool
) -> HeaderRead:
    """A read of `key` under `base` (`EVENT.headers` or `EVENT.query`); `key_span`: the key's
    text without quotes when it is a plain literal."""
    kind: Literal["header", "query"] = "query" if base == "EVENT.query" else "header"
    cred = bool(
        key and (is_credential_query(key) if kind == "query" else is_credential_header(key))
    )
    return HeaderRead(key, *span, *key_span, certain, kind, cred)


def alias_reads(facts: StepFacts, aliases: Mapping[str, str | None]) -> set[str]:
    """Record the request parts the aliases read; the names that hold the sender's IP."""
    ip: set[str] = set()
    for name, path in aliases.items():
        if path == CLIENT_IP:
            facts.reads_client_ip = True
            ip.add(name)
        if path and path.startswith("EVENT.body."):
            facts.body_keys.add(path.split(".")[2])
    return ip
