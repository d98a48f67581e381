# ruff: noqa
import requests

GOOGLE_MAPS_KEY = "AIzayChrWoqASdde8pq9rzVTzxABy1bIoCVYPZE"


def handler(pd: "pipedream"):
    address = pd.steps["trigger"]["event"]["query"]["address"]
    r = requests.get(
        "https://maps.googleapis.com/maps/api/geocode/json",
        params={"address": address, "key": GOOGLE_MAPS_KEY},
        timeout=10,
    )
    return r.json()["results"][0]["geometry"]["location"]
