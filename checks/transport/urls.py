"""URL helpers: split, classify hosts, strip credentials, switch the scheme."""

from __future__ import annotations

import enum
import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# A host name as it appears in a URL (letters, digits, dots, dashes, underscores) or an IP.
_HOST_OK = re.compile(r"^[A-Za-z0-9_.-]+$")


class HostClass(enum.Enum):
    """Where a host lives, which decides whether plaintext HTTP to it matters."""

    LOCAL = "local"  # this machine or the local link: never flagged
    PRIVATE = "private"  # private network addresses and names: flagged at low severity
    PUBLIC = "public"  # everything else: flagged
    UNKNOWN = "unknown"  # host not known statically


LOCAL_NAMES = frozenset({"localhost", "0.0.0.0", "::1", "[::1]"})
LOCAL_SUFFIXES = (".localhost", ".local")
PRIVATE_SUFFIXES = (".internal", ".intranet", ".lan", ".home.arpa", ".corp")
PIPEDREAM_ENDPOINT_SUFFIXES = (".pipedream.net",)


@dataclass(frozen=True)
class UrlParts:
    scheme: str  # lower-cased, without "://"
    host: str  # lower-cased; "" when not known statically
    port: str
    path: str  # path and query as far as known
    has_userinfo: bool


def split_url(prefix: str) -> UrlParts | None:
    """Split the statically known prefix of an absolute URL; None if it has no `scheme://`."""
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://", prefix)
    if m is None:
        return None
    scheme = m.group(1).lower()
    rest = prefix[m.end() :]
    # The authority ends at the first "/", "?" or "#"; a prefix may end inside it.
    end = len(rest)
    for sep in "/?#":
        i = rest.find(sep)
        if i != -1:
            end = min(end, i)
    authority, path = rest[:end], rest[end:]
    authority_complete = end < len(rest)
    has_userinfo = "@" in authority
    hostport = authority.rsplit("@", 1)[-1]
    host, port = _split_hostport(hostport)
    if not authority_complete and not _looks_complete_host(host):
        # e.g. "http://api." + region + ".example.com": the host is not fully known.
        host = ""
    return UrlParts(
        scheme=scheme, host=host.lower(), port=port, path=path, has_userinfo=has_userinfo
    )


def _split_hostport(hostport: str) -> tuple[str, str]:
    if hostport.startswith("["):
        close = hostport.find("]")
        if close != -1:
            return hostport[: close + 1], hostport[close + 2 :]
        return hostport, ""
    if hostport.count(":") == 1:
        host, port = hostport.split(":", 1)
        return host, port
    return hostport, ""


def _looks_complete_host(host: str) -> bool:
    """A host that ends the known prefix is trusted only if it looks like a whole name."""
    if not host or host.endswith((".", "-")):
        return False
    return bool(_HOST_OK.match(host.strip("[]")) or host.startswith("["))


def classify_host(host: str) -> HostClass:
    """Local (never flagged), private (low), public or unknown."""
    h = host.lower().strip()
    if not h:
        return HostClass.UNKNOWN
    if h in LOCAL_NAMES or h.endswith(LOCAL_SUFFIXES):
        return HostClass.LOCAL
    ip = _ip(h)
    if ip is not None:
        if ip.is_loopback or ip.is_unspecified:
            return HostClass.LOCAL
        if ip.is_private or ip.is_link_local or ip in ipaddress.ip_network("100.64.0.0/10"):
            return HostClass.PRIVATE
        return HostClass.PUBLIC
    if "." not in h:
        # A single-label name ("redis", "api") only resolves inside a private network.
        return HostClass.PRIVATE
    if h.endswith(PRIVATE_SUFFIXES):
        return HostClass.PRIVATE
    if not _HOST_OK.match(h):
        return HostClass.UNKNOWN
    return HostClass.PUBLIC


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def is_pipedream_endpoint(host: str) -> bool:
    """`*.m.pipedream.net` and other `*.pipedream.net` trigger endpoints."""
    return host.lower().endswith(PIPEDREAM_ENDPOINT_SUFFIXES)


def strip_userinfo(url: str) -> str:
    """Remove `user:pass@` from a URL (it must never be stored or shown)."""
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)", url)
    if m is None:
        return url
    authority = m.group(2)
    if "@" not in authority:
        return url
    return m.group(1) + authority.rsplit("@", 1)[-1] + url[m.end() :]


_SECRET_QUERY = re.compile(
    r"([?&](?:[A-Za-z0-9_.-]*(?:key|token|secret|password|passwd|pwd|signature|sig|auth|code)"
    r"[A-Za-z0-9_.-]*)=)([^&#]+)",
    re.IGNORECASE,
)


def safe_url(url: str, limit: int = 200) -> str:
    """A URL fit to show or store: no userinfo, credential-like query values masked, bounded."""
    out = _SECRET_QUERY.sub(lambda m: m.group(1) + "…", strip_userinfo(url))
    return out if len(out) <= limit else out[: limit - 1] + "…"


def https_url(url: str) -> str:
    """The same URL with `http://` replaced by `https://` (other schemes unchanged)."""
    if url[:7].lower() == "http://":
        return "https://" + url[7:]
    return url


def secure_url(url: str) -> str:
    """The encrypted form of a URL: `http://` → `https://`, `ws://` → `wss://`."""
    if url[:5].lower() == "ws://":
        return "wss://" + url[5:]
    return https_url(url)


def netloc_of(url: str) -> str:
    try:
        return urlsplit(url).netloc
    except ValueError:
        return ""
