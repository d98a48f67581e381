"""Which version a pin would install: npm semver ranges and PEP 440 specifiers (common subset)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# -- npm semver -------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class SemVer:
    major: int
    minor: int
    patch: int
    release: int  # 1 for a release, 0 for a prerelease (releases sort after their prereleases)
    pre: tuple[tuple[int, int, str], ...] = ()

    @property
    def is_prerelease(self) -> bool:
        return self.release == 0


def parse_semver(text: str) -> SemVer | None:
    t = text.strip().lstrip("=v").split("+", 1)[0]
    core, _, pre = t.partition("-")
    parts = core.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    pre_key = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in pre.split(".") if p)
    return SemVer(int(parts[0]), int(parts[1]), int(parts[2]), 0 if pre else 1, pre_key)


_Comparator = tuple[str, SemVer]


def _partial(text: str) -> tuple[list[int], bool] | None:
    """`1.2` → ([1, 2], partial=True); `1.2.3` → ([1, 2, 3], False); `*`/`x` → ([], True)."""
    t = text.strip().lstrip("=v").split("+", 1)[0].split("-", 1)[0]
    if t in ("", "*", "x", "X"):
        return [], True
    nums: list[int] = []
    for p in t.split("."):
        if p in ("*", "x", "X"):
            break
        if not p.isdigit():
            return None
        nums.append(int(p))
    if len(nums) > 3:
        return None
    return nums, len(nums) < 3


def _v(nums: list[int]) -> SemVer:
    n = [*nums, 0, 0, 0][:3]
    return SemVer(n[0], n[1], n[2], 0, ((0, 0, ""),))  # lowest version with that core: x.y.z-0


def _release(nums: list[int]) -> SemVer:
    n = [*nums, 0, 0, 0][:3]
    return SemVer(n[0], n[1], n[2], 1)


def _bump(nums: list[int], index: int) -> SemVer:
    n = [*nums, 0, 0, 0][:3]
    n[index] += 1
    for i in range(index + 1, 3):
        n[i] = 0
    return _v(n)


def _desugar(token: str) -> list[_Comparator] | None:
    for op in (">=", "<=", ">", "<", "^", "~", "="):
        if token.startswith(op):
            body = token[len(op) :]
            break
    else:
        op, body = "", token
    if op == "~" and body.startswith(">"):
        body = body[1:]
    exact = parse_semver(body)
    parsed = _partial(body)
    if parsed is None:
        return None
    nums, partial = parsed
    if op in ("", "=") and exact is not None:
        return [("=", exact)]
    if op in ("", "="):
        if not nums:
            return []
        return [(">=", _v(nums)), ("<", _bump(nums, len(nums) - 1))]
    if op == "^":
        if not nums:
            return []
        base = exact or _release(nums)
        if nums[0] > 0 or len(nums) == 1:
            upper = _bump(nums, 0)
        elif len(nums) == 2 or nums[1] > 0:
            upper = _bump(nums, 1)
        else:
            upper = _bump(nums, 2)
        return [(">=", base), ("<", upper)]
    if op == "~":
        if not nums:
            return []
        base = exact or _release(nums)
        upper = _bump(nums, 0) if len(nums) == 1 else _bump(nums, 1)
        return [(">=", base), ("<", upper)]
    target = exact or _release(nums)
    if not partial:
        return [(op, target)]
    if not nums:
        return [] if op in (">=", "<=") else [("<", _v([0, 0, 0]))]
    if op == ">":
        return [(">=", _bump(nums, len(nums) - 1))]
    if op == "<=":
        return [("<", _bump(nums, len(nums) - 1))]
    if op == "<":
        return [("<", _v(nums))]
    return [(">=", _v(nums))]


def _parse_range(spec: str) -> list[list[_Comparator]] | None:
    sets: list[list[_Comparator]] = []
    for alternative in spec.split("||"):
        tokens = alternative.split()
        comps: list[_Comparator] = []
        if len(tokens) == 3 and tokens[1] == "-":
            low = _desugar(">=" + tokens[0])
            high_p = _partial(tokens[2])
            if low is None or high_p is None:
                return None
            nums, partial = high_p
            comps.extend(low)
            if nums:
                comps.append(
                    ("<", _bump(nums, len(nums) - 1)) if partial else ("<=", _release(nums))
                )
        else:
            # join operators separated from their versions by spaces (`>= 1.2.3`)
            merged: list[str] = []
            for tok in tokens:
                if merged and merged[-1] in (">=", "<=", ">", "<", "=", "^", "~"):
                    merged[-1] += tok
                else:
                    merged.append(tok)
            for tok in merged:
                d = _desugar(tok)
                if d is None:
                    return None
                comps.extend(d)
        sets.append(comps)
    return sets


def _ok(v: SemVer, op: str, target: SemVer) -> bool:
    return {
        "=": v == target,
        ">": v > target,
        ">=": v >= target,
        "<": v < target,
        "<=": v <= target,
    }[op]


def npm_satisfies(version: str, spec: str) -> bool:
    v = parse_semver(version)
    sets = _parse_range(spec)
    if v is None or sets is None:
        return False
    for comps in sets:
        if v.is_prerelease and not any(
            c[1].pre
            and (c[1].major, c[1].minor, c[1].patch) == (v.major, v.minor, v.patch)
            and c[1].pre != ((0, 0, ""),)
            for c in comps
        ):
            continue
        if all(_ok(v, op, t) for op, t in comps):
            return True
    return False


def npm_resolve(spec: str | None, versions: Iterable[str], dist_tags: dict[str, str]) -> str | None:
    """The version npm would install for `name@spec` (None when nothing matches)."""
    if spec is None or spec.strip() in ("", "latest"):
        return dist_tags.get("latest")
    spec = spec.strip()
    if spec in dist_tags:
        return dist_tags[spec]
    exact = parse_semver(spec)
    available = list(versions)
    if exact is not None:
        wanted = spec.lstrip("=v")
        return wanted if wanted in available else None
    matching = [v for v in available if npm_satisfies(v, spec)]
    if not matching:
        return None
    latest = dist_tags.get("latest")
    if latest in matching:
        return latest  # npm prefers the `latest` tag when it satisfies the range
    return max(matching, key=lambda v: parse_semver(v) or SemVer(0, 0, 0, 0))


def npm_is_exact(spec: str | None) -> bool:
    return spec is not None and parse_semver(spec) is not None


# -- PEP 440 ----------------------------------------------------------------------------------

_PHASES = {"a": 0, "alpha": 0, "b": 1, "beta": 1, "c": 2, "rc": 2, "pre": 2, "preview": 2}


Pep440Key = tuple[int, tuple[int, ...], tuple[int, int], int, tuple[int, int]]


def pep440_key(text: str) -> Pep440Key | None:
    """A sort key for a PEP 440 version (epoch, release, pre, post, dev); None if unparseable."""
    t = text.strip().lower().lstrip("v").split("+", 1)[0]
    epoch = 0
    if "!" in t:
        e, _, t = t.partition("!")
        if not e.isdigit():
            return None
        epoch = int(e)
    i = 0
    release: list[int] = []
    num = ""
    while i < len(t):
        ch = t[i]
        if ch.isdigit():
            num += ch
        elif ch == "." and num:
            release.append(int(num))
            num = ""
        else:
            break
        i += 1
    if num:
        release.append(int(num))
    if not release:
        return None
    rest = t[i:].replace("-", "").replace("_", "").replace(".", "")
    pre: tuple[int, int] = (3, 0)  # no prerelease sorts after all prereleases
    post = -1
    dev: tuple[int, int] = (1, 0)  # no dev sorts after dev
    for phase in sorted(_PHASES, key=len, reverse=True):
        if rest.startswith(phase):
            digits = _leading_digits(rest[len(phase) :])
            pre = (_PHASES[phase], int(digits or 0))
            rest = rest[len(phase) + len(digits) :]
            break
    for word in ("post", "rev", "r"):
        if rest.startswith(word):
            digits = _leading_digits(rest[len(word) :])
            post = int(digits or 0)
            rest = rest[len(word) + len(digits) :]
            break
    if rest.startswith("dev"):
        digits = _leading_digits(rest[3:])
        dev = (0, int(digits or 0))
        rest = rest[3 + len(digits) :]
    if rest:
        return None
    while len(release) > 1 and release[-1] == 0:
        release.pop()
    if dev[0] == 0 and pre == (3, 0) and post == -1:
        pre = (-1, 0)  # 1.0.dev1 sorts before 1.0a1
    return (epoch, tuple(release), pre, post, dev)


def _leading_digits(s: str) -> str:
    out = ""
    for ch in s:
        if not ch.isdigit():
            break
        out += ch
    return out


def pep440_is_prerelease(text: str) -> bool:
    key = pep440_key(text)
    return key is not None and (key[2] != (3, 0) or key[4] != (1, 0))


def _pep440_match(version: str, op: str, target: str) -> bool:
    if op == "===":
        return version == target
    if target.endswith(".*") and op in ("==", "!="):
        prefix = pep440_key(target[:-2])
        key = pep440_key(version)
        if prefix is None or key is None:
            return False
        rel = key[1] + (0,) * len(prefix[1])
        hit = key[0] == prefix[0] and rel[: len(prefix[1])] == prefix[1]
        return hit if op == "==" else not hit
    v, t = pep440_key(version), pep440_key(target)
    if v is None or t is None:
        return False
    if op == "~=":
        parts = target.split(".")
        if len(parts) < 2:
            return False
        upper = ".".join(parts[:-1]) + ".*"
        return v >= t and _pep440_match(version, "==", upper)
    return {
        "==": v == t,
        "!=": v != t,
        ">=": v >= t,
        "<=": v <= t,
        ">": v > t,
        "<": v < t,
    }.get(op, False)


def _pep440_clauses(spec: str) -> list[tuple[str, str]] | None:
    out: list[tuple[str, str]] = []
    for clause in spec.split(","):
        c = clause.strip()
        if not c:
            continue
        for op in ("===", "~=", "==", "!=", ">=", "<=", ">", "<"):
            if c.startswith(op):
                out.append((op, c[len(op) :].strip()))
                break
        else:
            return None
    return out


def pypi_resolve(
    spec: str | None, versions: Iterable[str], latest: str | None, yanked: set[str] | None = None
) -> str | None:
    """The version pip would pick for `name<spec>` (yanked releases only for `==`)."""
    if spec is None:
        return latest
    clauses = _pep440_clauses(spec)
    if clauses is None:
        return None
    available = list(versions)
    if len(clauses) == 1 and clauses[0][0] in ("==", "===") and "*" not in clauses[0][1]:
        target = pep440_key(clauses[0][1])
        for v in available:
            if v == clauses[0][1] or (target is not None and pep440_key(v) == target):
                return v
        return None
    yanked = yanked or set()
    matching = [
        v
        for v in available
        if v not in yanked
        and pep440_key(v) is not None
        and all(_pep440_match(v, op, t) for op, t in clauses)
    ]
    finals = [v for v in matching if not pep440_is_prerelease(v)]
    pool = finals or matching
    if not pool:
        return None
    return max(pool, key=lambda v: pep440_key(v))  # type: ignore[arg-type,return-value]


def pypi_is_exact(spec: str | None) -> bool:
    if spec is None:
        return False
    clauses = _pep440_clauses(spec)
    return (
        clauses is not None
        and len(clauses) == 1
        and clauses[0][0] in ("==", "===")
        and "*" not in clauses[0][1]
    )
