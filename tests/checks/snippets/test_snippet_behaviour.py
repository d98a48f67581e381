"""Every snippet x {node, python} against valid and hostile requests signed independently."""

from __future__ import annotations

import time
import uuid

import pytest
from pytest_httpserver import HTTPServer

from tests.checks.snippets.conftest import KIND, LANGS, Batches, Runner, assert_outcome
from tests.checks.snippets.providers import build_providers
from tests.checks.snippets.signers import Scenario, scenarios

_STATIC = build_providers()
CASES = [
    pytest.param(name, case_id, id=f"{name}-{case_id}")
    for name, provider in _STATIC.items()
    for case_id in scenarios(provider, KIND[name])
]
SIGNATURE_NAMES = [name for name in _STATIC if KIND[name] == "signature"]


def test_every_snippet_has_a_test_provider() -> None:
    assert set(_STATIC) == set(KIND)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("name", "case_id"), CASES)
def test_snippet_case(batches: Batches, name: str, case_id: str, lang: str) -> None:
    scenario, result = batches.get(name, lang)[case_id]
    assert_outcome(scenario, result)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", SIGNATURE_NAMES)
def test_raw_body_downloaded_from_raw_body_url(
    name: str, lang: str, runner: Runner, batches: Batches, https_server: HTTPServer
) -> None:
    """With ?pipedream_upload_body=1 the snippet fetches the exact bytes and verifies them."""
    provider = batches.providers[name]
    signed = provider.signed(time.time())
    good, bad = f"/raw/{uuid.uuid4().hex}", f"/raw/{uuid.uuid4().hex}"
    https_server.expect_request(good).respond_with_data(signed.body)
    https_server.expect_request(bad).respond_with_data(provider.tamper(signed).body)
    cases = []
    for case_id, path in (("good", good), ("bad", bad)):
        request = provider.request(signed, raw=False)
        request["body"] = {"raw_body_url": https_server.url_for(path)}
        scenario = Scenario(request, provider.env(provider.secret()), "reject")
        cases.append(runner.case(name, lang, case_id, scenario))
    good_result, bad_result = runner.run(lang, cases)
    assert_outcome(Scenario({}, {}, "ok", provider.expected(signed)), good_result)
    assert_outcome(Scenario({}, {}, "reject"), bad_result)
    fetched = {entry[0].path for entry in https_server.log}
    assert {good, bad} <= fetched


@pytest.mark.parametrize("lang", LANGS)
def test_plain_http_raw_body_url_is_refused(
    lang: str, runner: Runner, batches: Batches, httpserver: HTTPServer
) -> None:
    """An http:// raw_body_url (e.g. forged in a JSON body) is never fetched: fail closed."""
    provider = batches.providers["github"]
    signed = provider.signed(time.time())
    httpserver.expect_request("/raw").respond_with_data(signed.body)
    request = provider.request(signed, raw=False)
    request["body"] = {"raw_body_url": httpserver.url_for("/raw")}
    scenario = Scenario(request, provider.env(provider.secret()), "reject")
    (result,) = runner.run(lang, [runner.case("github", lang, "http", scenario)])
    assert_outcome(scenario, result)
    assert "https" in result["exited"]["reason"]
    assert httpserver.log == []


@pytest.mark.parametrize("lang", LANGS)
def test_raw_body_url_error_status_fails_closed(
    lang: str, runner: Runner, batches: Batches, https_server: HTTPServer
) -> None:
    provider = batches.providers["stripe"]
    signed = provider.signed(time.time())
    path = f"/gone/{uuid.uuid4().hex}"
    https_server.expect_request(path).respond_with_data("expired", status=403)
    request = provider.request(signed, raw=False)
    request["body"] = {"raw_body_url": https_server.url_for(path)}
    scenario = Scenario(request, provider.env(provider.secret()), "reject")
    (result,) = runner.run(lang, [runner.case("stripe", lang, "gone", scenario)])
    assert_outcome(scenario, result)
