"""`check_https` against local servers: a plain-HTTP-only server and a TLS server."""

import datetime
import ipaddress
import ssl
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from checks.fixes.https import check_https


def test_http_only_server_fails(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/health").respond_with_data("ok")
    url = httpserver.url_for("/health")
    assert url.startswith("http://")
    result = check_https(url, timeout=3)
    assert result.url == "https://" + url.removeprefix("http://")
    assert not result.ok
    assert result.status is None
    assert result.error is not None and "TLS" in result.error


def test_refused_port_fails() -> None:
    result = check_https("http://127.0.0.1:9/", timeout=2)
    assert not result.ok and result.error


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path = tmp_path / "cert.pem"
    key_path = tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def tls_server(tmp_path: Path):
    cert, key = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.start()
    try:
        yield server, cert
    finally:
        server.clear()
        if server.is_running():
            server.stop()


def test_tls_server_answers(tls_server) -> None:
    server, cert = tls_server
    server.expect_request("/v1/ping", method="HEAD").respond_with_data("", status=204)
    plain_url = server.url_for("/v1/ping").replace("https://", "http://")
    trust = ssl.create_default_context(cafile=str(cert))
    result = check_https(plain_url, timeout=3, verify=trust)
    assert result.ok, result.error
    assert result.status == 204
    assert result.url == server.url_for("/v1/ping")


def test_tls_server_with_untrusted_certificate(tls_server) -> None:
    server, _ = tls_server
    server.expect_request("/").respond_with_data("hi")
    result = check_https(server.url_for("/").replace("https://", "http://"), timeout=3)
    assert not result.ok
    assert result.error == "the certificate did not verify"


def test_any_status_counts_and_head_falls_back_to_get(tls_server) -> None:
    server, cert = tls_server
    server.expect_request("/x", method="HEAD").respond_with_data("", status=405)
    server.expect_request("/x", method="GET").respond_with_data("nope", status=404)
    trust = ssl.create_default_context(cafile=str(cert))
    result = check_https(server.url_for("/x"), timeout=3, verify=trust)
    assert result.ok and result.status == 404
