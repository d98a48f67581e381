"""Pipedream's REST API: stored credentials, an httpx client, and remote workflow loading.

- `load_remote_workflow(workflow_id, org_id=None) -> Workflow` (sync) and
  `load_remote_workflow_async(...)`: `GET /workflows/{id}` mapped to the engine model
  (origin "api", not writable).
- `fetch_workflow_json(...)`: the raw document; `PipedreamClient` for other endpoints.
- Credentials live in the OS keyring (`save_credentials`, `load_credentials`,
  `delete_credentials`); errors are one-line `PipedreamError`s.
"""

from checks.pipedream.client import PipedreamClient, base_url, forget_tokens
from checks.pipedream.credentials import (
    SERVICE,
    Credentials,
    delete_credentials,
    load_credentials,
    save_credentials,
)
from checks.pipedream.errors import (
    AuthenticationFailed,
    KeyringUnavailable,
    MalformedResponse,
    NotLoggedIn,
    PipedreamError,
    PipedreamUnavailable,
    RateLimited,
    WorkflowNotFound,
)
from checks.pipedream.workflows import (
    fetch_workflow_json,
    fetch_workflow_json_async,
    load_remote_workflow,
    load_remote_workflow_async,
    workflow_from_document,
)

__all__ = [
    "SERVICE",
    "AuthenticationFailed",
    "Credentials",
    "KeyringUnavailable",
    "MalformedResponse",
    "NotLoggedIn",
    "PipedreamClient",
    "PipedreamError",
    "PipedreamUnavailable",
    "RateLimited",
    "WorkflowNotFound",
    "base_url",
    "delete_credentials",
    "fetch_workflow_json",
    "fetch_workflow_json_async",
    "forget_tokens",
    "load_credentials",
    "load_remote_workflow",
    "load_remote_workflow_async",
    "save_credentials",
    "workflow_from_document",
]
