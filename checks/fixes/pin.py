"""SG501's fix: pin an imported package to an exact version.

Node: `"axios"` → `"axios@1.7.2"` (subpaths kept: `"lodash/fp"` → `"lodash@4.17.21/fp"`).
Python: a `# pipedream add-package name==X.Y.Z` comment above the import, or the version added
to an existing unpinned add-package comment. Edits go through the fix journal (atomic, undoable).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
from pathlib import Path

from checks.fixes.journal import FileEdit, FixError, JournalEntry, apply_edits, plan_file
from checks.fixes.source import file_diff
from checks.model import Finding

_VERSION = re.compile(r"^[0-9][0-9A-Za-z.+!-]*$")


def is_pinnable(finding: Finding) -> bool:
    return (
        finding.rule == "SG501"
        and finding.abs_path is not None
        and finding.start_byte is not None
        and finding.end_byte is not None
        and finding.extra.get("ecosystem") in ("npm", "pypi")
        and isinstance(finding.extra.get("package"), str)
    )


def latest_version(finding: Finding, options: object | None = None) -> str:
    """The version to pin: the audited one when known, else the registry's latest (one request;
    honours the package client's base URLs, cache and offline mode)."""
    known = finding.extra.get("version")
    if isinstance(known, str) and _VERSION.match(known):
        return known
    ecosystem, name = str(finding.extra["ecosystem"]), str(finding.extra["package"])

    def run() -> str | None:
        return asyncio.run(_registry_latest(ecosystem, name, options))

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        version = run()
    else:  # called from a running loop: keep it off that loop
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            version = pool.submit(run).result()
    if not version or not _VERSION.match(version):
        raise FixError(f"could not find the latest version of {name} (offline or not found)")
    return version


async def _registry_latest(ecosystem: str, name: str, options: object | None) -> str | None:
    from checks.packages import npm, pypi
    from checks.packages.client import ClientOptions, RegistryClient

    opts = options if isinstance(options, ClientOptions) else ClientOptions()
    async with RegistryClient(opts) as client:
        if ecosystem == "npm":
            result = await client.get_json(
                npm.packument_url(client, name), validate=npm.is_packument
            )
            tags = (
                result.data.get("dist-tags")
                if result.ok and isinstance(result.data, dict)
                else None
            )
            latest = tags.get("latest") if isinstance(tags, dict) else None
        else:
            result = await pypi.fetch(client, name)
            info = result.data.get("info") if result.ok and isinstance(result.data, dict) else None
            latest = info.get("version") if isinstance(info, dict) else None
    return latest if isinstance(latest, str) else None


def pin_edit(finding: Finding, version: str) -> FileEdit:
    """The edit that pins `finding`'s package to `version`."""
    if not is_pinnable(finding) or not _VERSION.match(version):
        raise FixError("this finding cannot be pinned mechanically")
    path = Path(finding.abs_path)  # type: ignore[arg-type]
    data = path.read_bytes()
    start, end = finding.start_byte, finding.end_byte
    assert start is not None and end is not None
    written = data[start:end].decode("utf-8")
    name = str(finding.extra["package"])
    if finding.extra["ecosystem"] == "npm":
        quote, body = written[:1], written[1:-1]
        if quote not in "\"'`" or written[-1:] != quote or not body.startswith(name):
            raise FixError(f"unexpected import specifier for {name}; pin it by hand")
        rest = body[len(name) :]
        if rest and not rest.startswith("/"):
            raise FixError(f"unexpected import specifier for {name}; pin it by hand")
        new = f"{quote}{name}@{version}{rest}{quote}"
        return FileEdit(path, start, end, new.encode("utf-8"), data[start:end])
    existing = _unpinned_add_package(data, name)
    if existing is not None:  # pin the existing `# pipedream add-package name` comment
        c_start, c_end = existing
        new = f"# pipedream add-package {name}=={version}"
        return FileEdit(path, c_start, c_end, new.encode("utf-8"), data[c_start:c_end])
    line_start = data.rfind(b"\n", 0, start) + 1
    indent = data[line_start:start]
    if indent.strip():
        raise FixError(f"the import of {name} shares its line with other code; pin it by hand")
    comment = f"{indent.decode()}# pipedream add-package {name}=={version}\n".encode()
    return FileEdit(path, line_start, line_start, comment, b"")


def _unpinned_add_package(data: bytes, name: str) -> tuple[int, int] | None:
    """Byte span of an unpinned `# pipedream add-package <name>` comment, if the file has one."""
    from checks.model import Language
    from checks.packages.extract import _add_package_comments
    from checks.parsing import parse_code

    code = parse_code(data.decode("utf-8", "replace"), Language.PYTHON)
    for comment in _add_package_comments(code):
        if comment.name.lower() == name.lower() and comment.spec is None:
            return comment.start, comment.end
    return None


def preview(finding: Finding, version: str) -> str:
    edit = pin_edit(finding, version)
    before, after = plan_file(edit.path, [edit])
    return file_diff(before, after, finding.path)


def apply(root: Path, finding: Finding, version: str) -> JournalEntry:
    edit = pin_edit(finding, version)
    summary = f"pinned {finding.extra['package']} to {version} ({finding.path}:{finding.line})"
    return apply_edits(root, [edit], "pin", summary)
