# ruff: noqa
import requests


def handler(pd: "pipedream"):
    resp = requests.post(
        "https://api.mailgun.net/v3/mg.acme.io/messages",
        auth=("api", "key-b5ec01c637773c594afeb24f1da40814"),
        data={"from": "ops@acme.io", "to": ["team@acme.io"], "subject": "Alert", "text": "Check the dashboard"},
        timeout=10,
    )
    return resp.status_code
