# ruff: noqa
import requests

ASANA_TOKEN = "2/3125666215511450/7607593077395428:eba79efe73df1929766ebdce433a8996"
zendesk_api_token = "RssilhrtBtai7WN8e3kYAszNfRWEvksMq8NIFquG"


def handler(pd: "pipedream"):
    task = requests.post(
        "https://app.asana.com/api/1.0/tasks",
        headers={"Authorization": f"Bearer {ASANA_TOKEN}"},
        json={"data": {"name": "Follow up", "workspace": "1201234567890123"}},
        timeout=10,
    ).json()
    requests.get(
        "https://acme.zendesk.com/api/v2/tickets.json",
        auth=("agent@acme.io/token", zendesk_api_token),
        timeout=10,
    )
    return task["data"]["gid"]
