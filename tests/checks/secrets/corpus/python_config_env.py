# ruff: noqa
import os
from dataclasses import dataclass


@dataclass
class Settings:
    api_key: str = os.environ.get("ACME_API_KEY", "")
    api_secret: str = os.getenv("ACME_API_SECRET", "")
    password_min_length: int = 12
    token_ttl_seconds: int = 3600


def handler(pd: "pipedream"):
    s = Settings()
    return {"has_key": bool(s.api_key), "ttl": s.token_ttl_seconds}
