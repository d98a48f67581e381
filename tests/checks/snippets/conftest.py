"""Fixtures: a local HTTPS server with a throwaway CA, and batch runners for the harnesses."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import shutil
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pytest_httpserver import HTTPServer

from checks.snippets import list_snippets, render
from tests.checks.snippets.providers import build_providers, jwks_document
from tests.checks.snippets.signers import Provider, Scenario, scenarios

HERE = Path(__file__).parent
LANGS = ("node", "python")
NODE = shutil.which("node") or "/usr/bin/node"
EXIT_SENTINEL = "__stepguard_flow_exit__"
KIND = {s.name: s.kind for s in list_snippets()}


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_tls(directory: Path) -> tuple[Path, Path, Path]:
    """A CA and a 127.0.0.1 server certificate signed by it: (ca.pem, server.pem, server.key)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("stepguard test CA"))
        .issuer_name(_name("stepguard test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(_name("127.0.0.1"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_pem, cert_pem = directory / "ca.pem", directory / "server.pem"
    key_pem = directory / "server.key"
    ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_pem.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_pem, cert_pem, key_pem


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    return make_tls(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="session")
def https_server(tls_files: tuple[Path, Path, Path]) -> Iterator[HTTPServer]:
    """A real HTTPS server on 127.0.0.1 whose certificate the snippets' subprocesses trust."""
    _, cert, key = tls_files
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = HTTPServer(host="127.0.0.1", port=0, ssl_context=context)
    server.expect_request("/jwks.json").respond_with_json(jwks_document())
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


@dataclass
class Runner:
    """Renders snippets to files and runs batches of cases through a harness subprocess."""

    workdir: Path
    ca_file: Path
    modules: dict[tuple[str, str], Path] = field(default_factory=dict)

    def module(self, name: str, lang: str) -> Path:
        if (name, lang) not in self.modules:
            suffix = "mjs" if lang == "node" else "py"
            path = self.workdir / f"{name.replace('-', '_')}_{lang}.{suffix}"
            path.write_text(render(name, lang), encoding="utf-8")
            self.modules[(name, lang)] = path
        return self.modules[(name, lang)]

    def run(self, lang: str, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
        env = {
            "PATH": os.environ.get("PATH", ""),
            "NODE_EXTRA_CA_CERTS": str(self.ca_file),
            "SSL_CERT_FILE": str(self.ca_file),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        if lang == "node":
            argv = [NODE, str(HERE / "harness.mjs")]
        else:
            argv = [sys.executable, str(HERE / "harness.py")]
        proc = subprocess.run(
            argv,
            input=json.dumps({"cases": cases}),
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert proc.returncode == 0, f"harness failed ({proc.returncode}):\n{proc.stderr[-4000:]}"
        results = json.loads(proc.stdout)
        assert [r["id"] for r in results] == [c["id"] for c in cases]
        return results

    def case(self, name: str, lang: str, case_id: str, scenario: Scenario) -> dict[str, Any]:
        return {
            "id": case_id,
            "module": str(self.module(name, lang)),
            "request": scenario.request,
            "env": scenario.env,
        }


@pytest.fixture(scope="session")
def runner(tmp_path_factory: pytest.TempPathFactory, tls_files: tuple[Path, Path, Path]) -> Runner:
    return Runner(tmp_path_factory.mktemp("rendered"), tls_files[0])


Outcome = tuple[Scenario, dict[str, Any]]


@dataclass
class Batches:
    """Runs every scenario of one snippet in one subprocess, once, right after building them."""

    runner: Runner
    providers: dict[str, Provider]
    done: dict[tuple[str, str], dict[str, Outcome]] = field(default_factory=dict)

    def get(self, name: str, lang: str) -> dict[str, Outcome]:
        if (name, lang) not in self.done:
            provider = self.providers[name]
            now = time.time()
            builders = scenarios(provider, KIND[name])
            built = {cid: build(provider, now) for cid, (_, build) in builders.items()}
            cases = [self.runner.case(name, lang, cid, sc) for cid, sc in built.items()]
            results = self.runner.run(lang, cases)
            self.done[(name, lang)] = {r["id"]: (built[r["id"]], r) for r in results}
        return self.done[(name, lang)]


@pytest.fixture(scope="session")
def batches(runner: Runner, https_server: HTTPServer) -> Batches:
    return Batches(runner, build_providers(jwks_url=https_server.url_for("/jwks.json")))


def assert_outcome(scenario: Scenario, result: dict[str, Any]) -> None:
    """The snippet behaved as the scenario expects: payload, 401 + exit, or handshake answer."""
    assert result["threw"] is None, f"snippet threw:\n{result['threw']}"
    statuses = [r.get("status") for r in result["responses"]]
    if scenario.expect == "ok":
        assert statuses == [], f"unexpected responses {result['responses']} / {result['exited']}"
        assert result["exited"] is None, result["exited"]
        assert result["returned"] == scenario.payload
    elif scenario.expect == "reject":
        assert statuses == [401], f"expected one 401, got {statuses}; returned {result['returned']}"
        assert result["exited"] is not None, "a rejected request must end the workflow"
        assert result["returned"] == {EXIT_SENTINEL: result["exited"]["reason"]}
    else:
        assert statuses == [200], statuses
        assert result["exited"] is not None
    if scenario.check:
        scenario.check(result)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without Node.js, Node snippet tests are skipped on a developer machine (never in CI)."""
    if shutil.which("node") or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="node is not installed (CI installs it; apt-get install nodejs)")
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "node" in item.name.split("[")[0] or "node" in map(str, params.values()):
            item.add_marker(skip)
