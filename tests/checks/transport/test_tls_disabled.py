"""SG202: TLS certificate verification turned off."""

from pathlib import Path

from checks.model import Severity
from tests.checks.transport.util import scan_source


def sg202(tmp_path: Path, source: str, lang: str):
    return scan_source(tmp_path, source, lang, "SG202")


def test_node(tmp_path: Path) -> None:
    source = """
    import https from "https";
    import axios from "axios";

    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";

    export default defineComponent({
      async run({ steps, $ }) {
        const agent = new https.Agent({ rejectUnauthorized: false });
        await axios.get("https://self-signed.acme.io", { httpsAgent: agent });
        await got("https://x.acme.io", { https: { rejectUnauthorized: false } });
        const noCheck = new https.Agent({ checkServerIdentity: () => undefined });
        https.globalAgent.options.rejectUnauthorized = false;
      },
    });
    """
    findings = sg202(tmp_path, source, "node")
    assert [(f.line, f.extra["setting"]) for f in findings] == [
        (4, "NODE_TLS_REJECT_UNAUTHORIZED=0"),
        (8, "rejectUnauthorized: false"),
        (10, "rejectUnauthorized: false"),
        (11, "checkServerIdentity that accepts any host"),
        (12, "rejectUnauthorized = false"),
    ]
    assert all(f.severity is Severity.HIGH for f in findings)


def test_python(tmp_path: Path) -> None:
    source = """
    import ssl
    import httpx
    import requests
    import urllib3


    def handler(pd: "pipedream"):
        requests.get("https://self-signed.acme.io", verify=False)
        session = requests.Session()
        session.verify = False
        client = httpx.Client(verify=False)
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        ssl._create_default_https_context = ssl._create_unverified_context
        pool = urllib3.PoolManager(cert_reqs="CERT_NONE")
        return client, pool
    """
    findings = sg202(tmp_path, source, "python")
    assert [(f.line, f.extra["setting"]) for f in findings] == [
        (8, "verify=False"),
        (10, "session.verify = False"),
        (11, "verify=False"),
        (13, "ctx.check_hostname = False"),
        (14, "ssl.CERT_NONE"),
        (15, "ssl._create_unverified_context"),
        (16, "cert_reqs=CERT_NONE"),
    ]


def test_bash(tmp_path: Path) -> None:
    source = """
    curl -k https://self-signed.acme.io/a
    curl -sSkL https://self-signed.acme.io/b
    curl --insecure https://self-signed.acme.io/c
    wget --no-check-certificate https://self-signed.acme.io/d
    export NODE_TLS_REJECT_UNAUTHORIZED=0
    """
    findings = sg202(tmp_path, source, "bash")
    assert [(f.line, f.extra["setting"]) for f in findings] == [
        (1, "curl -k"),
        (2, "curl -sSkL"),
        (3, "curl --insecure"),
        (4, "wget --no-check-certificate"),
        (5, "NODE_TLS_REJECT_UNAUTHORIZED=0"),
    ]


def test_not_flagged(tmp_path: Path) -> None:
    node = """
    import https from "https";
    export default defineComponent({
      async run({ steps, $ }) {
        const agent = new https.Agent({ rejectUnauthorized: true, ca: process.env.ACME_CA });
        const opts = { rejectUnauthorized: this.rejectUnauthorized };
        // rejectUnauthorized: false  (never do this)
        return [agent, opts, "rejectUnauthorized: false"];
      },
    });
    """
    python = """
    import jwt
    import requests


    def handler(pd: "pipedream"):
        claims = jwt.decode(pd.steps["trigger"]["event"]["body"]["token"], verify=False)
        requests.get("https://api.acme.io", verify=True)
        requests.get("https://api.acme.io", verify="/etc/ssl/acme-ca.pem")
        return claims
    """
    bash = """
    curl -K ./curl.config https://api.acme.io/
    curl -H 'X-Flag: -k' https://api.acme.io/
    echo "use curl -k only for testing"
    """
    assert sg202(tmp_path, node, "node") == []
    assert sg202(tmp_path, python, "python") == []
    assert sg202(tmp_path, bash, "bash") == []
