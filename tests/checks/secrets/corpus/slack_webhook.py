# ruff: noqa
import requests

SLACK_WEBHOOK = "https://hooks.slack.com/services/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"


def handler(pd: "pipedream"):
    event = pd.steps["trigger"]["event"]
    text = f"Deploy finished: {event['body'].get('status', 'unknown')}"
    requests.post(SLACK_WEBHOOK, json={"text": text}, timeout=5)
    return {"sent": True}
