"""Live check of Pipedream's API (skipped unless STEPGUARD_LIVE=1).

Without credentials only the refusal is checked; with STEPGUARD_LIVE_WORKFLOW=p_… and stored
credentials (`stepguard login`) the workflow document is fetched and mapped too.
"""

from __future__ import annotations

import os

import httpx
import pytest

from checks.pipedream import base_url, load_remote_workflow

pytestmark = pytest.mark.network


def test_unauthenticated_request_is_refused() -> None:
    response = httpx.get(f"{base_url()}/users/me", timeout=30.0)
    assert response.status_code in (401, 403)


@pytest.mark.skipif(
    not os.environ.get("STEPGUARD_LIVE_WORKFLOW"), reason="set STEPGUARD_LIVE_WORKFLOW=p_…"
)
def test_fetch_a_real_workflow() -> None:
    wf = load_remote_workflow(
        os.environ["STEPGUARD_LIVE_WORKFLOW"], os.environ.get("STEPGUARD_LIVE_ORG")
    )
    assert wf.origin == "api" and wf.steps
