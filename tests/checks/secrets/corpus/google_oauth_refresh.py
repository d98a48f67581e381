# ruff: noqa
import requests

CLIENT_ID = "740192837465-abc123def456ghi789jkl012mno345pq.apps.googleusercontent.com"
CLIENT_SECRET = "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"


def handler(pd: "pipedream"):
    data = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "refresh_token": pd.steps["trigger"]["event"]["body"]["refresh_token"],
        "grant_type": "refresh_token",
    }
    return requests.post("https://oauth2.googleapis.com/token", data=data, timeout=10).json()
