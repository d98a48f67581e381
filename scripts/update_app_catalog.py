"""Regenerate the connected-account app catalog (`checks/accounts/catalog.json`).

    uv run python scripts/update_app_catalog.py PATH/TO/pipedream/components \\
        [--commits commits.json] [--date YYYY-MM-DD]
    uv run python scripts/update_app_catalog.py --merge-only   # after editing apps.json

Reads every `<slug>/<slug>.app.mjs` of a checkout of Pipedream's `components/` folder with
tree-sitter (plus the local modules it imports, such as `common/constants.mjs`, and the app's
`package.json`), and derives per app: the API hosts (from URL strings and templates; a template
host such as `https://${this.$auth.subdomain}.zendesk.com` becomes `*.zendesk.com`), the
`this.$auth` fields it reads (`oauth_access_token` → auth "oauth", else "keys" with the
credential field), the SDK packages it imports or depends on (other than `@pipedream/*` and
generic helpers), a display name (package.json "Pipedream X Components" → "X") and env-var name
stems (`GOOGLE_GEMINI`, `GEMINI`). Apps without a determinable API host or credential field are
skipped and listed. Hosts shared by several apps keep the path prefix that tells them apart;
where they truly collide the host goes to none of them (or to the hand-kept entry) and the
collision is recorded in the output's header.

The hand-kept entries in `checks/accounts/apps.json` are merged in and win field by field;
`--merge-only` re-merges them with the registry entries already in `catalog.json` (no checkout
needed). `--commits` names a JSON object {"<slug>": "<commit>"} recording which commit each
app file came from; without it the checkout's `git rev-parse HEAD` is recorded when available.
The output is written deterministically (sorted, fixed layout).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checks.parsing.js import member_path, parse_js, string_value, text, walk  # noqa: E402

HAND = ROOT / "checks" / "accounts" / "apps.json"
OUT = ROOT / "checks" / "accounts" / "catalog.json"
REPOSITORY = "PipedreamHQ/pipedream"

SLUG = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")
PLACEHOLDER = "\x00"
# String values under these keys are documentation, not API endpoints.
DOC_KEYS = frozenset(
    {"description", "label", "placeholder", "summary", "title", "content", "info", "helpText"}
)
COMPARISONS = frozenset({"startsWith", "endsWith", "includes", "indexOf", "match", "test"})
DOC_HOST_PREFIXES = ("docs.", "doc.", "developer.", "developers.", "help.", "support.", "blog.")
IGNORED_HOSTS = frozenset({"example.com", "www.example.com", "localhost", "github.com"})
# Packages that are no app's SDK: HTTP clients, helpers, Node built-ins.
GENERIC_PACKAGES = frozenset(
    [
        "axios",
        "got",
        "node-fetch",
        "form-data",
        "qs",
        "querystring",
        "lodash",
        "lodash-es",
        "moment",
        "moment-timezone",
        "dayjs",
        "date-fns",
        "luxon",
        "uuid",
        "crypto-js",
        "jsonwebtoken",
        "jose",
        "xml2js",
        "fast-xml-parser",
        "xml-js",
        "mime",
        "mime-types",
        "async-retry",
        "p-retry",
        "p-limit",
        "p-queue",
        "bottleneck",
        "csv-parse",
        "csv-stringify",
        "papaparse",
        "he",
        "html-to-text",
        "turndown",
        "cheerio",
        "marked",
        "showdown",
        "md5",
        "sha1",
        "oauth-1.0a",
        "json-2-csv",
        "stream",
        "buffer",
        "url",
        "path",
        "fs",
        "crypto",
        "util",
        "events",
        "os",
        "http",
        "https",
        "zlib",
        "child_process",
        "tmp",
        "tmp-promise",
        "file-type",
        "sharp",
        "pdf-parse",
        "jszip",
        "archiver",
        "js-base64",
        "base-64",
        "url-parse",
        "query-string",
        "json-stringify-safe",
        "retry",
        "axios-retry",
        "form-data-encoder",
        "formdata-node",
        "abort-controller",
        "stream-to-promise",
        "get-stream",
        "request",
        "request-promise",
        "superagent",
        "needle",
        "dotenv",
        "ws",
        "socket.io-client",
        "@octokit/core",
        "bluebird",
        "async",
        "lodash.get",
        "lodash.set",
        "lodash.chunk",
        "lodash.pick",
        "lodash.isempty",
        "lodash.sortby",
        "lodash.isequal",
        "mustache",
        "handlebars",
        "striptags",
        "sanitize-html",
        "iconv-lite",
        "lru-cache",
        "node-cache",
        "camelcase-keys",
        "snakecase-keys",
        "timezones-list",
        "countries-list",
        "country-codes-list",
        "i18n-iso-countries",
        "libphonenumber-js",
        "validator",
        "google-auth-library",
        "googleapis",
        "isomorphic-fetch",
        # shared by every Microsoft 365 app (Outlook, Teams, OneDrive, …): names none of them
        "@microsoft/microsoft-graph-client",
        "email-validator",
    ]
)
NODE_PREFIX = "node:"
# Trailing slug words that say how Pipedream connects, not which app it is.
SUFFIX_WORDS = frozenset({"OAUTH", "APP", "API", "APIS", "BOT", "TOKEN", "AUTH", "KEY", "KEYS"})
VENDOR_WORDS = frozenset({"GOOGLE", "MICROSOFT", "AZURE", "AMAZON", "AWS", "ZOHO", "IBM", "ADOBE"})
GENERIC_STEMS = frozenset(
    [
        "DRIVE",
        "DOCS",
        "SHEETS",
        "CALENDAR",
        "MAIL",
        "CLOUD",
        "DATA",
        "STORAGE",
        "TASKS",
        "FORMS",
        "CONTACTS",
        "ADS",
        "ANALYTICS",
        "TEAMS",
        "SEARCH",
        "CHAT",
        "MEET",
        "VISION",
        "TRANSLATE",
        "PHOTOS",
        "BOOKS",
        "MAPS",
        "SLIDES",
        "KEEP",
        "SITES",
        "DIRECTORY",
        "PEOPLE",
        "WORKSPACE",
        "ONEDRIVE",
        "BUSINESS",
        "CRM",
        "DESK",
        "BOOKS",
        "PROJECTS",
        "SIGN",
    ]
)
CREDENTIAL_WORDS = ("api_key", "apikey", "token", "key", "secret", "password", "access")


@dataclass
class Url:
    host: str  # exact host, or "*.suffix"
    path: str  # path prefix without placeholders, query or fragment ("" or "/…")


@dataclass
class Parsed:
    slug: str
    name: str
    urls: list[Url] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)  # $auth fields in order of first use
    host_fields: set[str] = field(default_factory=set)  # $auth fields used inside URLs
    sdk_packages: list[str] = field(default_factory=list)


# -- parsing one app ------------------------------------------------------------------------


def _package_name(spec: str) -> str:
    parts = spec.split("/")
    return "/".join(parts[:2]) if spec.startswith("@") else parts[0]


def _is_sdk_package(name: str) -> bool:
    return bool(name) and not (
        name.startswith(("@pipedream/", "@pipedreamhq/", ".", "/", NODE_PREFIX))
        or name in GENERIC_PACKAGES
    )


def _flatten(node, out: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Text of a string, template or `+` concatenation, with PLACEHOLDER for dynamic parts."""
    if node.type == "string":
        out.append(string_value(node) or "")
    elif node.type == "template_string":
        for child in node.children:
            if child.type == "string_fragment":
                out.append(text(child))
            elif child.type == "escape_sequence":
                out.append(text(child)[1:])
            elif child.type == "template_substitution":
                out.append(PLACEHOLDER)
    elif node.type == "binary_expression" and text(node.child_by_field_name("operator")) == "+":
        _flatten(node.child_by_field_name("left"), out)
        _flatten(node.child_by_field_name("right"), out)
    elif node.type == "parenthesized_expression" and node.named_child_count == 1:
        _flatten(node.named_children[0], out)
    else:
        out.append(PLACEHOLDER)


def parse_url(value: str) -> Url | None:
    """`https://host/path?query` (PLACEHOLDER for dynamic parts) → host pattern and path."""
    m = re.match(r"^https?://", value)  # a token format, not source code
    if m is None:
        return None
    rest = value[m.end() :]
    cut = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    host, path = rest[:cut].lower(), rest[cut:]
    host = host.rsplit("@", 1)[-1].split(":", 1)[0] if PLACEHOLDER not in host else host
    fixed = host.split(PLACEHOLDER, 1)[0]
    if PLACEHOLDER in host and HOST.match(fixed):
        # `https://api.fitbit.com${path}`: a whole fixed host, then the dynamic path.
        host, path = fixed, PLACEHOLDER
    if PLACEHOLDER in host:
        # `${sub}.zendesk.com` → *.zendesk.com; a host with no fixed suffix is undeterminable.
        suffix = host.rsplit(PLACEHOLDER, 1)[1]
        if not suffix.startswith(".") or suffix.count(".") < 2:
            return None
        host = "*" + suffix.split(":", 1)[0]
        bare = host[2:]
    else:
        bare = host
    if not HOST.match(bare) or bare in IGNORED_HOSTS or bare.startswith(DOC_HOST_PREFIXES):
        return None
    path = re.split(r"[?#]", path, maxsplit=1)[0].split(PLACEHOLDER, 1)[0]
    path = re.sub(r"[^A-Za-z0-9._~/-].*$", "", path)
    return Url(host, path)


def _doc_value(node) -> bool:  # type: ignore[no-untyped-def]
    """Whether a string is documentation (under a description, label, … key) or only compared
    with (`region.startsWith("https://analytics.eu")`), not an endpoint."""
    args = node.parent
    if args is not None and args.type == "arguments" and args.parent is not None:
        callee = args.parent.child_by_field_name("function")
        prop = callee.child_by_field_name("property") if callee is not None else None
        if prop is not None and text(prop) in COMPARISONS:
            return True
    cur = node.parent
    while cur is not None:
        if cur.type == "pair":
            key = cur.child_by_field_name("key")
            if key is not None and (string_value(key) or text(key)) in DOC_KEYS:
                return True
        cur = cur.parent
    return False


def _auth_fields(root) -> tuple[list[str], set[str]]:  # type: ignore[no-untyped-def]
    fields: list[str] = []
    in_urls: set[str] = set()
    for node in walk(root):
        names: list[str] = []
        if node.type in ("member_expression", "subscript_expression"):
            obj = node.child_by_field_name("object")
            if obj is None or not (member_path(obj) or "").endswith("$auth"):
                continue
            path = member_path(node) or ""
            names = [path.rsplit(".", 1)[-1]] if path else []
        elif node.type == "variable_declarator":
            value, pattern = node.child_by_field_name("value"), node.child_by_field_name("name")
            if value is None or pattern is None or pattern.type != "object_pattern":
                continue
            if not (member_path(value) or "").endswith("$auth"):
                continue
            for child in pattern.named_children:
                if child.type == "shorthand_property_identifier_pattern":
                    names.append(text(child))
                elif child.type == "pair_pattern":
                    names.append(text(child.child_by_field_name("key")))
        for name in names:
            if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
                continue
            if name not in fields:
                fields.append(name)
            if _inside_url(node):
                in_urls.add(name)
    return fields, in_urls


def _inside_url(node) -> bool:  # type: ignore[no-untyped-def]
    cur = node.parent
    while cur is not None and cur.type not in ("template_string", "statement_block", "program"):
        cur = cur.parent
    if cur is None or cur.type != "template_string":
        return False
    return text(cur)[1:].startswith(("http://", "https://"))


def parse_module(path: Path) -> tuple[list[Url], list[str], list[str], set[str], list[Path]]:
    """URLs, imported packages, $auth fields (and those inside URLs), local imports."""
    tree = parse_js(path.read_bytes())
    root = tree.root_node
    urls: list[Url] = []
    packages: list[str] = []
    local: list[Path] = []
    for node in walk(root):
        if node.type == "import_statement":
            source = node.child_by_field_name("source")
            spec = string_value(source) if source is not None else None
            if spec and spec.startswith("."):
                local.append((path.parent / spec).resolve())
            elif spec and _is_sdk_package(_package_name(spec)):
                packages.append(_package_name(spec))
        elif node.type in ("string", "template_string", "binary_expression"):
            parent = node.parent
            if (
                parent is not None
                and parent.type == "binary_expression"
                and text(parent.child_by_field_name("operator")) == "+"
            ):
                continue  # the whole concatenation is read once, from its top
            parts: list[str] = []
            _flatten(node, parts)
            value = "".join(parts)
            if not value.startswith(("http://", "https://")) or _doc_value(node):
                continue
            url = parse_url(value)
            if url is not None:
                urls.append(url)
    fields, in_urls = _auth_fields(root)
    return urls, packages, fields, in_urls, local


def parse_app(folder: Path) -> Parsed | None:
    slug = folder.name
    app_file = folder / f"{slug}.app.mjs"
    if not SLUG.match(slug) or not app_file.is_file():
        return None
    urls, packages, fields, in_urls, local = parse_module(app_file)
    if _declared_slug(app_file) != slug:
        return None
    for module in local:
        if module.is_file() and folder.resolve() in module.parents:
            more_urls, more_packages, *_ = parse_module(module)
            urls.extend(more_urls)
            packages.extend(more_packages)
    name, deps = _package_json(folder / "package.json")
    packages.extend(deps)
    return Parsed(
        slug=slug,
        name=name or title_name(slug),
        urls=urls,
        fields=fields,
        host_fields=in_urls,
        sdk_packages=sorted(set(packages)),
    )


def _declared_slug(app_file: Path) -> str | None:
    """The `app: "<slug>"` of the exported app object."""
    root = parse_js(app_file.read_bytes()).root_node
    for node in walk(root):
        if node.type == "pair":
            key, value = node.child_by_field_name("key"), node.child_by_field_name("value")
            if key is not None and text(key) in ("app", '"app"') and value is not None:
                slug = string_value(value)
                if slug:
                    return slug
    return None


def _package_json(path: Path) -> tuple[str, list[str]]:
    if not path.is_file():
        return "", []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return "", []
    desc = str(data.get("description", ""))
    m = re.match(r"^Pipedream (.+?) Components?\b", desc)
    deps = [d for d in data.get("dependencies", {}) if _is_sdk_package(d)]
    return (m.group(1).strip() if m else ""), deps


def title_name(slug: str) -> str:
    words = slug.split("_")
    while len(words) > 1 and (words[-1].upper() in SUFFIX_WORDS or re.match(r"^v\d+$", words[-1])):
        words.pop()
    return " ".join(w.upper() if len(w) <= 2 else w.capitalize() for w in words)


def env_stems(slug: str, name: str) -> list[str]:
    """Env-var name stems: `google_gemini`/"Google Gemini" → GOOGLE_GEMINI, GEMINI."""
    stems: list[str] = []
    for source in (slug, name):
        words = [w for w in re.split(r"[^A-Za-z0-9]+", source.upper()) if w]
        while len(words) > 1 and (words[-1] in SUFFIX_WORDS or re.match(r"^V\d+$", words[-1])):
            words.pop()
        if not words:
            continue
        stems.append("_".join(words))
        if len(words) > 1 and words[0] in VENDOR_WORDS:
            tail = "_".join(words[1:])
            if len(tail) >= 4 and tail not in GENERIC_STEMS:
                stems.append(tail)
    return list(dict.fromkeys(s for s in stems if len(s) >= 3))


def credential_field(parsed: Parsed) -> tuple[str, str] | None:
    if "oauth_access_token" in parsed.fields:
        return "oauth", "oauth_access_token"
    candidates = [f for f in parsed.fields if f not in parsed.host_fields]
    for word in CREDENTIAL_WORDS:
        for f in candidates:
            if word in f.lower():
                return "keys", f
    return ("keys", candidates[0]) if candidates else None


# -- the whole registry ---------------------------------------------------------------------


def _prefix(path: str, depth: int) -> str:
    segments = [s for s in path.split("/") if s][:depth]
    return "/" + "/".join(segments) + "/" if segments else ""


def assign_hosts(parsed: list[Parsed], hand: list[dict]) -> tuple[dict[str, list[str]], list[str]]:
    """Host patterns per slug; shared hosts keep a telling path prefix, collisions are noted."""
    hand_hosts = {h.split("/", 1)[0]: a["slug"] for a in hand for h in a["hosts"]}
    by_host: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for app in parsed:
        for url in app.urls:
            by_host[url.host][app.slug].append(url.path)
    out: dict[str, list[str]] = defaultdict(list)
    notes: list[str] = []
    for host in sorted(by_host):
        users = by_host[host]
        owner = hand_hosts.get(host)
        if owner is not None and any(slug != owner for slug in users):
            others = sorted(s for s in users if s != owner)
            notes.append(f"{host}: hand-kept entry {owner} wins over {', '.join(others)}")
            if owner in users:
                out[owner].append(host)
            continue
        if len(users) == 1:
            out[next(iter(users))].append(host)
            continue
        resolved = False
        for depth in (1, 2, 3):
            prefixes = {slug: {_prefix(p, depth) for p in paths} for slug, paths in users.items()}
            if any("" in p for p in prefixes.values()):
                break
            seen: dict[str, str] = {}
            clash = False
            for slug in sorted(prefixes):
                for p in prefixes[slug]:
                    if seen.setdefault(p, slug) != slug:
                        clash = True
            if not clash:
                for slug in sorted(prefixes):
                    out[slug].extend(host + p for p in sorted(prefixes[slug]))
                resolved = True
                break
        if resolved:
            continue
        canonical = [s for s in users if _canonical(s, host)]
        if len(canonical) == 1:
            out[canonical[0]].append(host)
            others = sorted(s for s in users if s != canonical[0])
            notes.append(f"{host}: shared; kept for {canonical[0]} only, not {', '.join(others)}")
        else:
            notes.append(f"{host}: shared by {', '.join(sorted(users))}; given to none")
    return {slug: sorted(set(hosts)) for slug, hosts in out.items()}, notes


def _canonical(slug: str, host: str) -> bool:
    """The app a shared host is named after (`api.openai.com` → openai)."""
    labels = host.lstrip("*.").split(".")
    core = labels[-2] if len(labels) >= 2 else labels[0]
    return slug.replace("_", "") == core or slug.split("_", 1)[0] == core


def registry_entries(components: Path, hand: list[dict]) -> tuple[list[dict], list[str], list[str]]:
    parsed: list[Parsed] = []
    skipped: list[str] = []
    for folder in sorted(p for p in components.iterdir() if p.is_dir()):
        app = parse_app(folder)
        if app is None:
            continue
        if credential_field(app) is None:
            skipped.append(f"{app.slug}: no $auth credential field")
            continue
        parsed.append(app)
    hosts, notes = assign_hosts(parsed, hand)
    entries: list[dict] = []
    for app in parsed:
        if not hosts.get(app.slug) and not app.sdk_packages:
            skipped.append(f"{app.slug}: no determinable API host (and no SDK package)")
            continue
        auth = credential_field(app)
        assert auth is not None
        entries.append(
            {
                "slug": app.slug,
                "name": app.name,
                "hosts": hosts.get(app.slug, []),
                "auth": auth[0],
                "field": auth[1],
                "sdk_packages": app.sdk_packages,
                "env_stems": env_stems(app.slug, app.name),
                "origin": "registry",
            }
        )
    return entries, skipped, notes


def merge(hand: list[dict], registry: list[dict]) -> list[dict]:
    """Hand-kept entries win field by field; registry data fills the fields they leave out."""
    by_slug = {e["slug"]: dict(e) for e in registry}
    for entry in hand:
        base = by_slug.get(entry["slug"])
        merged = {**(base or {}), **entry}
        merged["origin"] = "hand+registry" if base else "hand"
        if base and "sdk_packages" in entry:
            merged["sdk_packages"] = sorted({*entry["sdk_packages"], *base["sdk_packages"]})
        merged.setdefault("sdk_packages", [])
        merged.setdefault("env_stems", env_stems(entry["slug"], entry["name"]))
        by_slug[entry["slug"]] = merged
    keys = ("slug", "name", "hosts", "auth", "field", "prefer_when", "sdk_packages", "env_stems")
    out = []
    for slug in sorted(by_slug):
        e = by_slug[slug]
        out.append({k: e[k] for k in (*keys, "origin") if k in e})
    return out


def render(header: dict, apps: list[dict]) -> str:
    lines = ["{"]
    for key, value in header.items():
        lines.append(f" {json.dumps(key)}: {json.dumps(value, sort_keys=True, indent=1)},")
    lines.append(' "apps": [')
    rows = [" " + json.dumps(a, ensure_ascii=False) for a in apps]
    lines.append(",\n".join(rows))
    lines.append(" ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _git_head(path: Path) -> str:
    proc = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout.strip() if proc.returncode == 0 else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("components", nargs="?", type=Path, help="Pipedream's components/")
    parser.add_argument("--merge-only", action="store_true", help="re-merge apps.json only")
    parser.add_argument("--hand", type=Path, default=HAND, help="hand-kept entries")
    parser.add_argument("--out", type=Path, default=OUT, help="catalog to write")
    parser.add_argument("--commits", type=Path, help='JSON {"<slug>": "<commit>"}')
    parser.add_argument("--date", default="", help="date to record (default: today, UTC)")
    args = parser.parse_args(argv)
    try:
        hand = json.loads(args.hand.read_text(encoding="utf-8"))["apps"]
    except (OSError, json.JSONDecodeError, KeyError) as exc:
        print(f"error: {args.hand}: {exc}", file=sys.stderr)
        return 2
    if args.merge_only:
        try:
            old = json.loads(args.out.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            print(f"error: {args.out}: {exc}", file=sys.stderr)
            return 2
        registry = old.get("registry_apps", [])
        header = {k: v for k, v in old.items() if k not in ("apps",)}
    else:
        if args.components is None or not args.components.is_dir():
            print("error: give the path of Pipedream's components/ folder", file=sys.stderr)
            return 2
        registry, skipped, notes = registry_entries(args.components, hand)
        for line in skipped:
            print(f"skipped {line}", file=sys.stderr)
        commits: dict[str, str] = {}
        if args.commits is not None:
            commits = json.loads(args.commits.read_text(encoding="utf-8"))
        head = _git_head(args.components)
        used = {e["slug"] for e in registry}
        header = {
            "comment": (
                "Generated by scripts/update_app_catalog.py from Pipedream's public component "
                "registry, merged with the hand-kept entries of apps.json (which win). Do not "
                "edit by hand: edit apps.json and run the script with --merge-only. See "
                "docs/rules-transport-accounts.md."
            ),
            "version": 2,
            "source": {
                "repository": REPOSITORY,
                "commit": head,
                "files": {s: c for s, c in sorted(commits.items()) if s in used},
                "date": args.date or dt.datetime.now(dt.UTC).date().isoformat(),
            },
            "skipped": skipped,
            "shared_hosts": notes,
            "registry_apps": registry,
        }
    header["registry_apps"] = registry
    apps = merge(hand, registry)
    args.out.write_text(render({k: header[k] for k in sorted(header)}, apps), encoding="utf-8")
    print(f"wrote {args.out}: {len(apps)} apps ({len(registry)} from the registry)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
