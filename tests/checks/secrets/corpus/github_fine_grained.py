# ruff: noqa
import requests

GITHUB_TOKEN = "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"


def handler(pd: "pipedream"):
    repo = pd.steps["trigger"]["event"]["body"]["repository"]["full_name"]
    resp = requests.get(
        f"https://api.github.com/repos/{repo}/pulls",
        headers={"Authorization": f"token {GITHUB_TOKEN}", "Accept": "application/vnd.github+json"},
        timeout=10,
    )
    resp.raise_for_status()
    return [pr["number"] for pr in resp.json()]
