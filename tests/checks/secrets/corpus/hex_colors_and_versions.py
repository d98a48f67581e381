# ruff: noqa
PALETTE = {"primary": "#1d4ed8", "secondary": "#64748b", "danger": "#dc2626"}
VERSION = "2024.07.15-build.1432"
USER_AGENT = "acme-pipedream-step/1.4.2 (+https://acme.io/bot)"
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"


def handler(pd: "pipedream"):
    return {"palette": PALETTE, "version": VERSION, "ua": USER_AGENT, "fmt": DATE_FORMAT}
