# ruff: noqa
from notion_client import Client

notion = Client(auth="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")
LEGACY = {"token": "secret_X0N4ymuLm18bfnCYFkd1TPMKWmEc6ydtPXcG9ibgGuP"}


def handler(pd: "pipedream"):
    body = pd.steps["trigger"]["event"]["body"]
    page = notion.pages.create(
        parent={"database_id": "8f6b2c1e4d9a4b7c9e0f1a2b3c4d5e6f"},
        properties={"Name": {"title": [{"text": {"content": body["title"]}}]}},
    )
    return page["id"]
