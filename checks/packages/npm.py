"""npm: packuments, weekly downloads and the bulk advisory endpoint, read into a verdict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checks.jsondata import obj
from checks.packages.client import Fetched, RegistryClient
from checks.packages.report import PackageVerdict, Vulnerability
from checks.packages.versions import npm_resolve, npm_satisfies

INSTALL_SCRIPTS = ("preinstall", "install", "postinstall")


@dataclass
class NpmData:
    packument: Fetched
    downloads: Fetched | None = None


def packument_url(client: RegistryClient, name: str) -> str:
    return f"{client.options.npm_registry}/{name.replace('/', '%2F')}"


def is_packument(doc: Any) -> bool:
    """The shape `read_packument` reads: an object with a `versions` object."""
    return isinstance(doc, dict) and isinstance(doc.get("versions"), dict)


def is_downloads(doc: Any) -> bool:
    return isinstance(doc, dict) and "downloads" in doc


def is_bulk_answer(doc: Any) -> bool:
    """The bulk advisory endpoint answers `{name: [advisory, …]}`."""
    return isinstance(doc, dict) and all(isinstance(v, list) for v in doc.values())


async def fetch(client: RegistryClient, name: str) -> NpmData:
    packument = await client.get_json(packument_url(client, name), validate=is_packument)
    downloads = None
    if packument.ok:
        downloads = await client.get_json(
            f"{client.options.npm_downloads}/downloads/point/last-week/{name}",
            validate=is_downloads,
        )
    return NpmData(packument=packument, downloads=downloads)


def read_packument(doc: Any, verdict: PackageVerdict) -> dict[str, Any] | None:
    """Fill version, dates, links and downloads; returns the chosen version's manifest."""
    if not isinstance(doc, dict) or not isinstance(doc.get("versions"), dict):
        return None
    versions: dict[str, Any] = doc["versions"]
    tags = obj(doc.get("dist-tags"))
    tags = {str(k): str(v) for k, v in tags.items()}
    verdict.latest = tags.get("latest")
    verdict.version = npm_resolve(verdict.spec, versions.keys(), tags)
    times = obj(doc.get("time"))
    release_times = [str(t) for v, t in times.items() if v in versions and isinstance(t, str)]
    verdict.first_published = (
        times.get("created")
        if isinstance(times.get("created"), str)
        else (min(release_times) if release_times else None)
    )
    verdict.last_release = max(release_times) if release_times else None
    manifest = versions.get(verdict.version) if verdict.version else None
    if not isinstance(manifest, dict):
        manifest = None
    if verdict.version and isinstance(times.get(verdict.version), str):
        verdict.version_published = times[verdict.version]
    repo = repository_url((manifest or {}).get("repository")) or repository_url(
        doc.get("repository")
    )
    if repo:
        verdict.links["repository"] = repo
    homepage = (manifest or {}).get("homepage") or doc.get("homepage")
    if isinstance(homepage, str) and homepage.startswith(("http://", "https://")):
        verdict.links["homepage"] = homepage
    return manifest


def deprecation(manifest: dict[str, Any] | None) -> str | None:
    if manifest is None:
        return None
    value = manifest.get("deprecated")
    if isinstance(value, str) and value.strip():
        return value.strip()
    if value is True:
        return "deprecated"
    return None


def install_scripts(manifest: dict[str, Any] | None) -> list[str]:
    """Lifecycle scripts npm runs at install (`node-gyp rebuild` for a binding.gyp package)."""
    if manifest is None:
        return []
    scripts = obj(manifest.get("scripts"))
    found = [f"{k}: {str(scripts[k])[:80]}" for k in INSTALL_SCRIPTS if scripts.get(k)]
    if not found and manifest.get("gypfile") is True:
        found.append("install: node-gyp rebuild (binding.gyp)")
    return found


def weekly_downloads(result: Fetched | None) -> int | None:
    if result is None or not result.ok or not isinstance(result.data, dict):
        return None
    value = result.data.get("downloads")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def repository_url(value: Any) -> str | None:
    """A browsable URL for npm's `repository` field (string shorthand or `{type, url}`)."""
    if isinstance(value, dict):
        value = value.get("url")
    if not isinstance(value, str) or not value.strip():
        return None
    url = value.strip()
    for prefix, host in (
        ("github:", "github.com"),
        ("gitlab:", "gitlab.com"),
        ("bitbucket:", "bitbucket.org"),
    ):
        if url.startswith(prefix):
            return f"https://{host}/{url[len(prefix) :]}"
    if "://" not in url and url.count("/") == 1 and not url.startswith(("git@", ".")):
        return f"https://github.com/{url}"
    url = url.removeprefix("git+")
    if url.startswith("git@"):
        host, _, path = url[4:].partition(":")
        url = f"https://{host}/{path}"
    url = url.replace("git://", "https://").replace("ssh://git@", "https://")
    return url.removesuffix(".git")


# -- advisories -------------------------------------------------------------------------------


def bulk_url(client: RegistryClient) -> str:
    return f"{client.options.npm_registry}/-/npm/v1/security/advisories/bulk"


def advisories_for(doc: Any, name: str, version: str) -> list[Vulnerability] | None:
    """Advisories in a bulk response that affect `name@version` (None if the answer is unusable)."""
    if not isinstance(doc, dict):
        return None
    entries = doc.get(name, [])
    if not isinstance(entries, list):
        return None
    out: list[Vulnerability] = []
    for adv in entries:
        if not isinstance(adv, dict):
            continue
        vulnerable = adv.get("vulnerable_versions")
        if isinstance(vulnerable, str) and not npm_satisfies(version, vulnerable):
            continue
        url = str(adv.get("url") or "")
        ghsa = url.rstrip("/").rsplit("/", 1)[-1] if "GHSA-" in url else None
        out.append(
            Vulnerability(
                id=ghsa or f"npm-{adv.get('id')}",
                summary=str(adv.get("title") or "security advisory"),
                severity=_severity(adv.get("severity")),
                url=url or f"https://www.npmjs.com/advisories/{adv.get('id')}",
                aliases=(f"npm-{adv.get('id')}",) if ghsa else (),
                source="npm",
            )
        )
    return out


def _severity(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    v = value.lower()
    return "moderate" if v == "medium" else v
