# ruff: noqa
from square.client import Client

square = Client(access_token="EAAAqgYVhGqJ6UVU2DKymHoKfgEm-WVkbBWy234rHcrH9vEpu7B4y6CVkYAnilrE", environment="production")
APP_SECRET = "sq0csp-OBcLzna8ZzlpkYKhakT87esWjLUupu08nkGf5YXmjZG"


def handler(pd: "pipedream"):
    result = square.payments.list_payments(limit=10)
    return [p["id"] for p in result.body.get("payments", [])]
