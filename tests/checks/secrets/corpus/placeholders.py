# ruff: noqa
import os
import requests

API_KEY = "YOUR_API_KEY"
SECRET = "<your-secret-here>"
TOKEN = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
PASSWORD = "changeme"
WEBHOOK_SECRET = "************************"


def handler(pd: "pipedream"):
    key = os.environ["WEATHER_API_KEY"]
    token = os.environ.get("SERVICE_TOKEN")
    return requests.get("https://api.weatherly.dev/v1/now", params={"key": key}, timeout=5).json(), token
