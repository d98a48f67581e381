"""PyPI: the JSON API (`/pypi/{name}/json`, `/pypi/{name}/{version}/json`) read into a verdict."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from checks.jsondata import obj
from checks.packages.client import Fetched, RegistryClient
from checks.packages.report import PackageVerdict, Vulnerability
from checks.packages.versions import pypi_resolve

REPO_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "git.sr.ht", "sr.ht")
REPO_KEYS = ("source", "source code", "repository", "code", "github", "gitlab", "git")


def project_url(client: RegistryClient, name: str, version: str | None = None) -> str:
    base = f"{client.options.pypi_api}/pypi/{quote(name, safe='')}"
    return f"{base}/{quote(version, safe='')}/json" if version else f"{base}/json"


def is_project(doc: Any) -> bool:
    """The shape of PyPI's JSON API answers: an object with an `info` object."""
    return isinstance(doc, dict) and isinstance(doc.get("info"), dict)


async def fetch(client: RegistryClient, name: str) -> Fetched:
    return await client.get_json(project_url(client, name), validate=is_project)


def _files(doc: dict[str, Any], version: str) -> list[dict[str, Any]]:
    releases = obj(doc.get("releases"))
    files = releases.get(version)
    return [f for f in files if isinstance(f, dict)] if isinstance(files, list) else []


def yanked_versions(doc: dict[str, Any]) -> dict[str, str]:
    """Version → yank reason, for releases whose every file is yanked."""
    out: dict[str, str] = {}
    releases = obj(doc.get("releases"))
    for version in releases:
        files = _files(doc, version)
        if files and all(f.get("yanked") is True for f in files):
            reason = next((f.get("yanked_reason") for f in files if f.get("yanked_reason")), None)
            out[version] = str(reason) if reason else ""
    return out


def read_project(doc: Any, verdict: PackageVerdict) -> dict[str, Any] | None:
    """Fill version, dates and links from the project JSON; returns it when usable."""
    if not isinstance(doc, dict) or not isinstance(doc.get("info"), dict):
        return None
    info: dict[str, Any] = doc["info"]
    releases = obj(doc.get("releases"))
    verdict.latest = info.get("version") if isinstance(info.get("version"), str) else None
    verdict.version = pypi_resolve(
        verdict.spec, releases.keys(), verdict.latest, set(yanked_versions(doc))
    )
    uploads: dict[str, str] = {}
    for version in releases:
        times = [
            str(f.get("upload_time_iso_8601") or f.get("upload_time") or "")
            for f in _files(doc, version)
        ]
        times = [t for t in times if t]
        if times:
            uploads[version] = min(times)
    if uploads:
        verdict.first_published = min(uploads.values())
        verdict.last_release = max(uploads.values())
    if verdict.version and verdict.version in uploads:
        verdict.version_published = uploads[verdict.version]
    repo = repository_url(info)
    if repo:
        verdict.links["repository"] = repo
    home = info.get("home_page")
    if isinstance(home, str) and home.startswith(("http://", "https://")):
        verdict.links.setdefault("homepage", home)
    return doc


def repository_url(info: dict[str, Any]) -> str | None:
    urls = obj(info.get("project_urls"))
    candidates: list[str] = []
    for key, value in urls.items():
        if isinstance(value, str) and str(key).strip().lower() in REPO_KEYS:
            candidates.insert(0, value)
        elif isinstance(value, str):
            candidates.append(value)
    if isinstance(info.get("home_page"), str):
        candidates.append(info["home_page"])
    for url in candidates:
        host = url.split("://", 1)[-1].split("/", 1)[0].lower().removeprefix("www.")
        if host in REPO_HOSTS and url.split("://", 1)[-1].count("/") >= 2:
            return url.rstrip("/")
    return None


def source_only(doc: dict[str, Any], version: str) -> bool:
    """True when the release has files but no wheel (installing runs its build code)."""
    files = _files(doc, version)
    return bool(files) and not any(f.get("packagetype") == "bdist_wheel" for f in files)


def vulnerabilities(doc: Any) -> list[Vulnerability] | None:
    """The `vulnerabilities` list of a PyPI JSON answer (withdrawn entries dropped)."""
    if not isinstance(doc, dict):
        return None
    items = doc.get("vulnerabilities")
    if items is None:
        return []
    if not isinstance(items, list):
        return None
    out: list[Vulnerability] = []
    for v in items:
        if not isinstance(v, dict) or v.get("withdrawn") or not v.get("id"):
            continue
        summary = v.get("summary") or (str(v.get("details") or "").strip().splitlines() or [""])[0]
        out.append(
            Vulnerability(
                id=str(v["id"]),
                summary=str(summary or "security advisory")[:200],
                severity=None,
                url=str(v.get("link") or f"https://osv.dev/vulnerability/{v['id']}"),
                aliases=tuple(str(a) for a in v.get("aliases") or []),
                fixed=tuple(str(f) for f in v.get("fixed_in") or []),
                source="pypi",
            )
        )
    return out
