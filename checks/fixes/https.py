"""The https fix: rewrite `http://` URL literals to `https://` and `ws://` to `wss://`
(preview, apply, undo, check).

Works on SG201/SG203 findings whose `extra["scheme_offset"]` points at the `http` (or `ws`) of
a URL literal in the step's file. Edits go through `checks.fixes.journal`: atomic writes, a
parse check of the result, and an undo record holding only the replaced bytes (`http:` or
`ws:`), never the file. `check_https` optionally asks the https URL whether it answers
(explicit, off by default).
"""

from __future__ import annotations

import re
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import httpx

from checks.fixes.journal import FileEdit, FixError, JournalEntry, apply_edits, plan_file
from checks.fixes.source import file_diff
from checks.model import Finding, FixKind
from checks.transport.urls import https_url, safe_url, strip_userinfo

KIND = FixKind.HTTPS
_BOM = b"\xef\xbb\xbf"


def fixable(finding: Finding) -> bool:
    return (
        finding.fix is not None
        and finding.fix.kind == KIND
        and isinstance(finding.extra.get("scheme_offset"), int)
        and finding.abs_path is not None
    )


def _secure_scheme(old: bytes) -> bytes | None:
    """`http:` → `https:`, `ws:` → `wss:` (an all-capitals scheme stays in capitals)."""
    for plain in (b"http:", b"ws:"):
        if old.lower() == plain:
            return old[:-1] + (b"S" if old[:-1].isupper() else b"s") + b":"
    return None


def https_edits(findings: Iterable[Finding]) -> list[FileEdit]:
    """One `http:` → `https:` (or `ws:` → `wss:`) edit per fixable finding (duplicates merged)."""
    edits: dict[tuple[Path, int], FileEdit] = {}
    cache: dict[Path, bytes] = {}
    for f in findings:
        if not fixable(f):
            continue
        path = Path(f.abs_path)  # type: ignore[arg-type]
        if path not in cache:
            try:
                cache[path] = path.read_bytes()
            except OSError as exc:
                raise FixError(f"{path}: {exc.strerror or 'cannot be read'}") from None
        data = cache[path]
        offset = int(f.extra["scheme_offset"]) + (len(_BOM) if data.startswith(_BOM) else 0)
        size = 3 if data[offset : offset + 3].lower() == b"ws:" else 5
        old = data[offset : offset + size]
        new = _secure_scheme(old)
        if new is None or data[offset + size : offset + size + 2] != b"//":
            raise FixError(f"{path}: the file changed since it was scanned; scan again and retry")
        edits[(path, offset)] = FileEdit(path, offset, offset + size, new, expected=old)
    return sorted(edits.values(), key=lambda e: (str(e.path), e.start))


_USERINFO = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://)[^/\s@\"'`]+@")


def _mask(line: str) -> str:
    """Hide URL credentials in a preview line (the diff shows code, which may hold them)."""
    return _USERINFO.sub(r"\1…@", line)


@dataclass(frozen=True)
class HttpsPlan:
    edits: list[FileEdit]
    diffs: dict[Path, str]

    @property
    def files(self) -> list[Path]:
        return sorted(self.diffs)

    def preview(self) -> str:
        return "".join(self.diffs[p] for p in self.files)


def plan_https(findings: Iterable[Finding], root: Path | None = None) -> HttpsPlan:
    """Plan the fix and render a unified diff; raises FixError if it cannot be applied."""
    edits = https_edits(findings)
    if not edits:
        raise FixError("no https fix to apply (no finding points at an http:// literal)")
    by_file: dict[Path, list[FileEdit]] = {}
    for e in edits:
        by_file.setdefault(e.path, []).append(e)
    diffs: dict[Path, str] = {}
    for path, file_edits in by_file.items():
        original, new = plan_file(path, file_edits)
        _verify(new, file_edits, path)
        label = _label(path, root)
        diff = file_diff(original, new, label).splitlines(keepends=True)
        diffs[path] = "".join(_mask(line) if line[:1] in "+- " else line for line in diff)
    return HttpsPlan(edits, diffs)


def _label(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.name


def _verify(new: bytes, edits: list[FileEdit], path: Path) -> None:
    """Every edited URL must read `https://` (or `wss://`) afterwards (offsets shift by one per
    earlier edit)."""
    shift = 0
    for e in sorted(edits, key=lambda e: e.start):
        at = e.start + shift
        scheme = b"wss://" if e.replacement.lower() == b"wss:" else b"https://"
        if new[at : at + len(scheme)].lower() != scheme:
            raise FixError(f"{path}: the https rewrite did not verify; nothing was written")
        shift += len(e.replacement) - (e.end - e.start)


def apply_https(root: Path, findings: Iterable[Finding]) -> JournalEntry:
    """Apply the fix to every file or none; returns the undo journal entry."""
    findings = list(findings)
    plan = plan_https(findings, root)
    urls = sorted({str(f.extra.get("https_url", "")) for f in findings if fixable(f)})
    schemes = sorted({e.replacement.lower().decode() for e in plan.edits})
    scheme = " and ".join(s + "//" for s in schemes)  # "https://", "wss://" or both
    summary = f"Use {scheme} for {len(plan.edits)} URL(s)" + (
        f": {', '.join(urls[:3])}" if urls else ""
    )
    return apply_edits(root, plan.edits, KIND, summary)


# -- optional reachability check ------------------------------------------------------------


@dataclass(frozen=True)
class HttpsCheck:
    url: str  # the https URL that was tried (credentials removed)
    ok: bool  # a TLS connection was made and the server answered over HTTPS
    status: int | None = None
    error: str | None = None


def check_https(
    url: str,
    *,
    timeout: float = 5.0,
    verify: bool | str | ssl.SSLContext = True,
    transport: httpx.BaseTransport | None = None,
) -> HttpsCheck:
    """Ask whether the https:// form of `url` answers. Never called unless the user asks.

    Any HTTP status counts as an answer (a 401 or 404 still proves HTTPS works); TLS and
    connection failures do not. Credentials in the URL are removed before the request. A
    `ws://`/`wss://` URL is probed at its `https://` form: a WebSocket server that speaks
    `wss://` answers HTTPS on the same host and port (the handshake is an HTTP request).
    """
    target = https_url(_ws_as_http(strip_userinfo(url.strip())))
    shown = safe_url(target)
    if not target.lower().startswith("https://"):
        return HttpsCheck(shown, False, error="not an http(s) URL")
    try:
        with httpx.Client(
            timeout=timeout, verify=verify, follow_redirects=False, transport=transport
        ) as client:
            response = client.head(target)
            if response.status_code in (405, 501):
                response = client.get(target)
    except httpx.ConnectTimeout:
        return HttpsCheck(shown, False, error="timed out connecting")
    except httpx.TimeoutException:
        return HttpsCheck(shown, False, error="timed out waiting for an answer")
    except httpx.ConnectError as exc:
        return HttpsCheck(shown, False, error=_connect_reason(exc))
    except (httpx.HTTPError, ssl.SSLError, OSError, ValueError) as exc:
        return HttpsCheck(shown, False, error=type(exc).__name__)
    return HttpsCheck(shown, True, status=response.status_code)


def _ws_as_http(url: str) -> str:
    lowered = url[:6].lower()
    if lowered.startswith("ws://"):
        return "http://" + url[5:]
    if lowered.startswith("wss://"):
        return "https://" + url[6:]
    return url


def _connect_reason(exc: Exception) -> str:
    text = str(exc)
    lowered = text.lower()
    if "certificate" in lowered:
        return "the certificate did not verify"
    if "ssl" in lowered or "tls" in lowered or "wrong version" in lowered or "record" in lowered:
        return "no TLS on that port (the server speaks plain HTTP only?)"
    if "refused" in lowered:
        return "connection refused"
    if "name" in lowered and ("resolve" in lowered or "known" in lowered):
        return "host name does not resolve"
    return "could not connect"
