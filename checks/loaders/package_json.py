"""A component package's npm pins, read at load time.

A published component lives in a package (the registry's `components/<app>/`) whose
`package.json` declares its dependencies: a range there is a pin, as much as `pkg@^1` in an
import is. The loader reads that manifest once, so the pins travel with the step (and its cache
key) and no rule reads the disk.
"""

from __future__ import annotations

import json
from pathlib import Path

from checks.errors import UnreadableFile
from checks.fsutil import read_input_text

MAX_MANIFEST_BYTES = 256 * 1024
MAX_LEVELS = 6  # `components/<app>/sources/<name>/<file>` and a little more
_DEP_FIELDS = ("dependencies", "peerDependencies", "optionalDependencies")


def component_pins(path: Path, root: Path | None) -> dict[str, str]:
    """npm name -> range from the nearest `package.json` above `path`, never above `root`.

    Only regular files inside the (resolved) root are read, each capped in size; a manifest
    that cannot be read or parsed gives no pins.
    """
    if root is None:
        return {}
    return Manifests(root).pins_for(path)


class Manifests:
    """The `package.json` pins of the folders under one root, each folder looked up once.

    Lives for one load (one scan): the files it reads are the scan's inputs, never kept across
    scans.
    """

    def __init__(self, root: Path) -> None:
        try:
            self.top: Path | None = root.resolve()
        except OSError:
            self.top = None
        self._by_dir: dict[tuple[Path, int], dict[str, str]] = {}
        self._real_dirs: dict[Path, Path] = {}  # a folder as listed → its real location

    def pins_for(self, path: Path) -> dict[str, str]:
        """`component_pins` of a file under the root."""
        if self.top is None:
            return {}
        here = self._real_dirs.get(path.parent)
        if here is None:
            try:
                # the file itself may be a symlink: its target's folder decides
                here = path.resolve().parent if path.is_symlink() else path.parent.resolve()
            except OSError:
                return {}
            if not path.is_symlink():
                self._real_dirs[path.parent] = here
        return dict(self._for_dir(here, MAX_LEVELS))

    def _for_dir(self, here: Path, levels: int) -> dict[str, str]:
        known = self._by_dir.get((here, levels))
        if known is not None:
            return known
        top = self.top
        assert top is not None
        pins: dict[str, str] = {}
        if levels > 0 and here.is_relative_to(top):
            candidate = here / "package.json"
            if candidate.is_file() and not candidate.is_symlink():
                pins = _dependencies(candidate, top)
            elif here != top:
                pins = self._for_dir(here.parent, levels - 1)
        self._by_dir[(here, levels)] = pins  # the answer depends on how many levels are left
        return pins


def _dependencies(manifest: Path, root: Path) -> dict[str, str]:
    try:
        doc = json.loads(read_input_text(manifest, root, MAX_MANIFEST_BYTES))
    except (UnreadableFile, ValueError):
        return {}
    pins: dict[str, str] = {}
    if not isinstance(doc, dict):
        return pins
    for fld in _DEP_FIELDS:
        deps = doc.get(fld)
        if not isinstance(deps, dict):
            continue
        for name, spec in deps.items():
            if isinstance(name, str) and isinstance(spec, str) and spec.strip():
                pins.setdefault(name, spec.strip())
    return pins
