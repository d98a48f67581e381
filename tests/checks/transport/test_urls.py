import pytest

from checks.transport.urls import (
    HostClass,
    classify_host,
    https_url,
    is_pipedream_endpoint,
    safe_url,
    split_url,
    strip_userinfo,
)


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("localhost", HostClass.LOCAL),
        ("api.localhost", HostClass.LOCAL),
        ("127.0.0.1", HostClass.LOCAL),
        ("127.8.9.10", HostClass.LOCAL),
        ("[::1]", HostClass.LOCAL),
        ("0.0.0.0", HostClass.LOCAL),
        ("printer.local", HostClass.LOCAL),
        ("10.1.2.3", HostClass.PRIVATE),
        ("172.20.0.5", HostClass.PRIVATE),
        ("192.168.1.10", HostClass.PRIVATE),
        ("169.254.169.254", HostClass.PRIVATE),
        ("db.internal", HostClass.PRIVATE),
        ("redis", HostClass.PRIVATE),
        ("api.example.com", HostClass.PUBLIC),
        ("8.8.8.8", HostClass.PUBLIC),
        ("", HostClass.UNKNOWN),
    ],
)
def test_classify_host(host: str, expected: HostClass) -> None:
    assert classify_host(host) is expected


def test_split_url_complete_and_partial_hosts() -> None:
    parts = split_url("http://user:pw@Api.Example.com:8080/v1?x=1")
    assert parts is not None
    assert (parts.scheme, parts.host, parts.port, parts.path) == (
        "http",
        "api.example.com",
        "8080",
        "/v1?x=1",
    )
    assert parts.has_userinfo
    # The known prefix ends inside the host: the host is not known.
    assert split_url("http://api.").host == ""  # type: ignore[union-attr]
    assert split_url("http://api.example.com").host == "api.example.com"  # type: ignore[union-attr]
    assert split_url("/relative/path") is None


def test_credentials_never_shown() -> None:
    assert strip_userinfo("http://bob:hunter2@example.com/x") == "http://example.com/x"
    shown = safe_url("http://bob:hunter2@example.com/x?api_key=abc123&page=2")
    assert "hunter2" not in shown and "abc123" not in shown
    assert shown == "http://example.com/x?api_key=…&page=2"
    assert https_url("HTTP://example.com") == "https://example.com"
    assert https_url("ftp://example.com") == "ftp://example.com"


def test_pipedream_endpoints() -> None:
    assert is_pipedream_endpoint("eo3xxxx.m.pipedream.net")
    assert not is_pipedream_endpoint("pipedream.net.evil.com")
