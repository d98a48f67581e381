"""Package names: npm specifiers (with Pipedream pins), Node built-ins, Python import → PyPI."""

from __future__ import annotations

import sys
from dataclasses import dataclass

NPM = "npm"
PYPI = "pypi"

# Node.js core modules (https://nodejs.org/api/modules.html#built-in-modules); their subpaths
# (`fs/promises`, `stream/web`, `path/posix`, …) are built-ins too. `node:` specifiers are skipped.
NODE_BUILTINS = frozenset(
    [
        "assert",
        "async_hooks",
        "buffer",
        "child_process",
        "cluster",
        "console",
        "constants",
        "crypto",
        "dgram",
        "diagnostics_channel",
        "dns",
        "domain",
        "events",
        "fs",
        "http",
        "http2",
        "https",
        "inspector",
        "module",
        "net",
        "os",
        "path",
        "perf_hooks",
        "process",
        "punycode",
        "querystring",
        "readline",
        "repl",
        "stream",
        "string_decoder",
        "sys",
        "timers",
        "tls",
        "trace_events",
        "tty",
        "url",
        "util",
        "v8",
        "vm",
        "wasi",
        "worker_threads",
        "zlib",
        "test",
        "sea",
        "sqlite",
        "_http_agent",
        "_http_client",
        "_http_common",
        "_http_incoming",
        "_http_outgoing",
        "_http_server",
        "_stream_duplex",
        "_stream_passthrough",
        "_stream_readable",
        "_stream_transform",
        "_stream_wrap",
        "_stream_writable",
        "_tls_common",
        "_tls_wrap",
    ]
)

# Import name → PyPI distribution, where they differ (after pipreqs' mapping, which Pipedream
# uses). Keys may be dotted: the longest matching prefix of the imported module wins.
PYTHON_DISTRIBUTIONS: dict[str, str] = {
    "yaml": "PyYAML",
    "bs4": "beautifulsoup4",
    "PIL": "pillow",
    "cv2": "opencv-python",
    "sklearn": "scikit-learn",
    "skimage": "scikit-image",
    "dateutil": "python-dateutil",
    "dotenv": "python-dotenv",
    "jwt": "PyJWT",
    "google.cloud.storage": "google-cloud-storage",
    "google.cloud.bigquery": "google-cloud-bigquery",
    "google.cloud.firestore": "google-cloud-firestore",
    "google.cloud.pubsub": "google-cloud-pubsub",
    "google.cloud.pubsub_v1": "google-cloud-pubsub",
    "google.cloud.secretmanager": "google-cloud-secret-manager",
    "google.oauth2": "google-auth",
    "google.auth": "google-auth",
    "googleapiclient": "google-api-python-client",
    "google_auth_oauthlib": "google-auth-oauthlib",
    "google.generativeai": "google-generativeai",
    "telegram": "python-telegram-bot",
    "discord": "discord.py",
    "slack_sdk": "slack-sdk",
    "slack_bolt": "slack-bolt",
    "Crypto": "pycryptodome",
    "OpenSSL": "pyOpenSSL",
    "nacl": "PyNaCl",
    "magic": "python-magic",
    "docx": "python-docx",
    "pptx": "python-pptx",
    "fitz": "PyMuPDF",
    "psycopg2": "psycopg2-binary",
    "MySQLdb": "mysqlclient",
    "pymysql": "PyMySQL",
    "serial": "pyserial",
    "usb": "pyusb",
    "git": "GitPython",
    "github": "PyGithub",
    "gitlab": "python-gitlab",
    "jose": "python-jose",
    "multipart": "python-multipart",
    "socketio": "python-socketio",
    "engineio": "python-engineio",
    "attr": "attrs",
    "Levenshtein": "python-Levenshtein",
    "pkg_resources": "setuptools",
    "dns": "dnspython",
    "ldap": "python-ldap",
    "sentry_sdk": "sentry-sdk",
    "airtable": "airtable-python-wrapper",
    "notion_client": "notion-client",
    "markdown": "Markdown",
    "websocket": "websocket-client",
    "zmq": "pyzmq",
    "kafka": "kafka-python",
    "pydantic_settings": "pydantic-settings",
}

_NPM_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-._~")


@dataclass(frozen=True)
class NpmSpecifier:
    name: str  # the package (`lodash`, `@scope/pkg`)
    spec: str | None  # Pipedream pin after `@` (`1.7.2`, `^11.0.0`), None when unpinned
    subpath: str | None  # `fp` for `lodash/fp`


def is_node_builtin(specifier: str) -> bool:
    if specifier.startswith("node:"):
        return True
    return specifier.split("/", 1)[0] in NODE_BUILTINS


def parse_npm_specifier(specifier: str) -> NpmSpecifier | None:
    """`"axios@1.7.2"` → (axios, 1.7.2); `"@s/p@1/sub"` → (@s/p, 1, sub); None if not a package."""
    s = specifier.strip()
    if not s or s.startswith((".", "/", "#", "~")) or ":" in s.split("/", 1)[0]:
        return None  # relative, absolute, subpath imports, URLs, node:, data:, file:
    if is_node_builtin(s):
        return None
    if s.startswith("@"):
        scope, _, rest = s.partition("/")
        if not rest or len(scope) < 2:
            return None
        head, _, subpath = rest.partition("/")
        base, _, spec = head.partition("@")
        name = f"{scope}/{base}"
        parts = [scope[1:], base]
    else:
        head, _, subpath = s.partition("/")
        base, _, spec = head.partition("@")
        name = base
        parts = [base]
    if not all(_valid_npm_part(p) for p in parts) or len(name) > 214:
        return None
    return NpmSpecifier(name=name, spec=spec.strip() or None, subpath=subpath or None)


def _valid_npm_part(part: str) -> bool:
    return bool(part) and not part.startswith((".", "_")) and set(part.lower()) <= _NPM_NAME_CHARS


def is_stdlib(module: str) -> bool:
    top = module.split(".", 1)[0]
    return top in sys.stdlib_module_names or top == "__future__"


def python_distribution(module: str) -> str:
    """The PyPI distribution that provides `module` (longest mapped dotted prefix, else the top)."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        key = ".".join(parts[:end])
        if key in PYTHON_DISTRIBUTIONS:
            return PYTHON_DISTRIBUTIONS[key]
    return parts[0]


def normalize_pypi(name: str) -> str:
    """PEP 503 normalised name (`Py_YAML` → `py-yaml`)."""
    out: list[str] = []
    for ch in name.lower():
        if ch in "-_.":
            if not out or out[-1] != "-":
                out.append("-")
        else:
            out.append(ch)
    return "".join(out)
