"""SG201 on Python steps."""

from pathlib import Path

import pytest

from checks.model import Severity
from tests.checks.transport.util import scan_source


def sg201(tmp_path: Path, source: str):
    return scan_source(tmp_path, source, "python", "SG201")


@pytest.mark.parametrize(
    ("call", "client"),
    [
        ('requests.get("http://api.acme.io/v1/orders")', "requests"),
        ('requests.post("http://api.acme.io/v1/orders", json={"a": 1})', "requests"),
        ('requests.request("GET", "http://api.acme.io/v1/orders")', "requests"),
        ('requests.Session().get("http://api.acme.io/v1/orders")', "requests"),
        ('httpx.get("http://api.acme.io/v1/orders")', "httpx"),
        ('urllib.request.urlopen("http://api.acme.io/v1/orders")', "urllib"),
        ('urlopen(Request("http://api.acme.io/v1/orders"))', "urllib"),
        ('urllib3.PoolManager().request("GET", "http://api.acme.io/v1/orders")', "urllib3"),
    ],
)
def test_clients(tmp_path: Path, call: str, client: str) -> None:
    source = f"""
    import requests
    import httpx
    import urllib.request
    import urllib3
    from urllib.request import Request, urlopen


    def handler(pd: "pipedream"):
        response = {call}
        return response
    """
    [f] = sg201(tmp_path, source)
    assert f.extra["client"] == client
    assert f.extra["url"] == "http://api.acme.io/v1/orders"
    assert f.line == 9
    assert f.fix is not None


def test_constants_fstrings_sessions_and_clients(tmp_path: Path) -> None:
    source = """
    import os
    import aiohttp
    import httpx
    import requests

    BASE_URL = "http://api.acme.io"


    def handler(pd: "pipedream"):
        token = os.environ["ACME_TOKEN"]
        url = f"{BASE_URL}/v1/items"
        session = requests.Session()
        session.get(url, headers={"Authorization": f"Bearer {token}"})
        with httpx.Client(base_url="http://reports.acme.io") as client:
            client.get("/daily")
            client.post("/weekly")
        return session.post(BASE_URL + "/v1/other")


    async def fetch_async():
        async with aiohttp.ClientSession() as session:
            async with session.get("http://feeds.acme.io/rss") as resp:
                return await resp.text()
    """
    findings = sg201(tmp_path, source)
    summary = [(f.line, f.extra["url"], f.severity) for f in findings]
    assert summary == [
        (6, "http://api.acme.io/v1/items", Severity.HIGH),
        (14, "http://reports.acme.io", Severity.MEDIUM),
        (22, "http://feeds.acme.io/rss", Severity.MEDIUM),
    ]
    assert "2 requests use this URL" in findings[0].message
    assert "3 requests use this URL" in findings[1].message


def test_http_client_connection_has_no_literal_fix(tmp_path: Path) -> None:
    source = """
    import http.client


    def handler(pd: "pipedream"):
        conn = http.client.HTTPConnection("legacy.acme.io")
        conn.request("GET", "/")
        return conn.getresponse().status
    """
    [f] = sg201(tmp_path, source)
    assert f.extra["url"] == "http://legacy.acme.io/"
    assert f.fix is None


def test_not_flagged(tmp_path: Path) -> None:
    source = '''
    """Sends the report. See http://docs.acme.io/reports for the format."""
    import requests
    import xml.etree.ElementTree as ET

    NS = {"atom": "http://www.w3.org/2005/Atom"}
    SCHEMA = "http://json-schema.org/draft-07/schema#"
    HELP = "http://docs.acme.io/help"


    def handler(pd: "pipedream"):
        # requests.get("http://api.acme.io/old")  (old endpoint)
        requests.get("https://api.acme.io/v1/items")
        requests.get("http://localhost:8080/health")
        requests.get("http://127.0.0.1:5000/")
        requests.post("https://hooks.acme.io", json={"callback": "http://example.org/cb"})
        root = ET.fromstring(pd.steps["trigger"]["event"]["body"])
        return {"links": root.findall("atom:link", NS), "schema": SCHEMA, "help": HELP}
    '''
    assert sg201(tmp_path, source) == []


def test_unparseable_python_is_skipped(tmp_path: Path) -> None:
    source = """
    import requests
    def handler(pd):
        requests.get("http://api.acme.io/x"
    """
    assert sg201(tmp_path, source) == []
