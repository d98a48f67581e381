# ruff: noqa
import uuid
import requests

WORKSPACE_ID = "d8cb18d6-700d-4ec4-b4fe-f45c5cdfdc9d"
idempotency_key = "a7486907-2517-486a-b93f-262b3577fd07"
cache_key = "19b2f9465424706cc0744768e0a3b15a"


def handler(pd: "pipedream"):
    request_id = str(uuid.uuid4())
    return requests.post(
        f"https://api.acme.io/workspaces/{WORKSPACE_ID}/jobs",
        headers={"Idempotency-Key": idempotency_key, "X-Request-Id": request_id},
        timeout=10,
    ).status_code
