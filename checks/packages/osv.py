"""OSV: `POST /v1/querybatch` for ids, then `GET /v1/vulns/{id}` for the details."""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import quote

from checks.packages.client import RegistryClient
from checks.packages.names import NPM
from checks.packages.report import Vulnerability

BATCH_LIMIT = 1000  # OSV accepts at most 1000 queries per batch
VULN_TTL = 6 * 3600.0
ECOSYSTEMS = {NPM: "npm", "pypi": "PyPI"}


async def query_batch(
    client: RegistryClient, items: list[tuple[str, str, str]]
) -> tuple[dict[tuple[str, str, str], list[str]], str | None]:
    """(ecosystem, name, version) → OSV ids; plus an error line when (part of) the query failed."""
    out: dict[tuple[str, str, str], list[str]] = {}
    error: str | None = None
    for start in range(0, len(items), BATCH_LIMIT):
        chunk = items[start : start + BATCH_LIMIT]
        body = {
            "queries": [
                {"package": {"name": name, "ecosystem": ECOSYSTEMS[eco]}, "version": version}
                for eco, name, version in chunk
            ]
        }
        result = await client.post_json(
            f"{client.options.osv_api}/v1/querybatch",
            body,
            ttl=VULN_TTL,
            validate=partial(_is_batch_answer, queries=len(chunk)),
        )
        results = (
            result.data.get("results") if result.ok and isinstance(result.data, dict) else None
        )
        if not isinstance(results, list) or len(results) != len(chunk):
            error = result.error or "unexpected answer from OSV"
            continue
        for item, entry in zip(chunk, results, strict=True):
            vulns = entry.get("vulns") if isinstance(entry, dict) else None
            ids = [str(v["id"]) for v in vulns or [] if isinstance(v, dict) and v.get("id")]
            out[item] = ids
    return out, error


async def details(client: RegistryClient, vuln_id: str) -> Vulnerability:
    """The record for one OSV id; a bare entry (id and link) when it cannot be fetched."""
    url = f"https://osv.dev/vulnerability/{vuln_id}"
    result = await client.get_json(
        f"{client.options.osv_api}/v1/vulns/{quote(vuln_id, safe='')}",
        ttl=VULN_TTL,
        validate=is_vuln,
    )
    doc = result.data if result.ok and isinstance(result.data, dict) else None
    if doc is None:
        return Vulnerability(id=vuln_id, summary="(details unavailable)", severity=None, url=url)
    summary = doc.get("summary") or (str(doc.get("details") or "").strip().splitlines() or [""])[0]
    return Vulnerability(
        id=vuln_id,
        summary=str(summary or "security advisory")[:200],
        severity=severity_of(doc),
        url=url,
        aliases=tuple(str(a) for a in doc.get("aliases") or [] if isinstance(a, str)),
        fixed=tuple(fixed_versions(doc)),
        source="osv",
    )


def _is_batch_answer(doc: Any, queries: int) -> bool:
    results = doc.get("results") if isinstance(doc, dict) else None
    return isinstance(results, list) and len(results) == queries


def is_vuln(doc: Any) -> bool:
    """An OSV record: an object with a string `id`."""
    return isinstance(doc, dict) and isinstance(doc.get("id"), str)


def severity_of(doc: dict[str, Any]) -> str | None:
    db = doc.get("database_specific")
    if isinstance(db, dict) and isinstance(db.get("severity"), str):
        value = db["severity"].lower()
        return "moderate" if value == "medium" else value
    for affected in doc.get("affected") or []:
        eco = affected.get("ecosystem_specific") if isinstance(affected, dict) else None
        if isinstance(eco, dict) and isinstance(eco.get("severity"), str):
            return str(eco["severity"]).lower()
    return None


def fixed_versions(doc: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for affected in doc.get("affected") or []:
        if not isinstance(affected, dict):
            continue
        for rng in affected.get("ranges") or []:
            for event in (rng.get("events") or []) if isinstance(rng, dict) else []:
                if (
                    isinstance(event, dict)
                    and isinstance(event.get("fixed"), str)
                    and event["fixed"] not in out
                ):
                    out.append(event["fixed"])
    return out
