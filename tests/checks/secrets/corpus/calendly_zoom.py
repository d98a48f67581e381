# ruff: noqa
import requests

CALENDLY_TOKEN = "eyJhbGciOiAiSFMyNTYiLCAidHlwIjogIkpXVCJ9.eyJraWQiOiAiMWNlMWUxMzYiLCAidHlwIjogIlBBVCIsICJhbGciOiAiRVM1MTIiLCAiaXNzIjogImh0dHBzOi8vYXV0aC5jYWxlbmRseS5jb20iLCAic3ViIjogIjEyMjM4NDY4NSIsICJpYXQiOiAxNzE2MDAwMDAwLCAianRpIjogIjUwZDZjZjUyLWRmOTktNDg2Yi1hN2QyLWYzYjJhNjNjYmE4MCJ9.joGZe6Nn6vD97yB0YlIvR8PwVobQWfdR64urdZwAoez"
ZOOM_CLIENT_SECRET = "UL9FGqslG1GcFgYkH6TpdET6nfzd6LBJ"


def handler(pd: "pipedream"):
    me = requests.get(
        "https://api.calendly.com/users/me",
        headers={"Authorization": f"Bearer {CALENDLY_TOKEN}"},
        timeout=10,
    ).json()
    return {"user": me["resource"]["uri"], "zoom_configured": bool(ZOOM_CLIENT_SECRET)}
