# ruff: noqa
import requests

SENTRY_TOKEN = "sntrys_89QhCZ4sejv6XXxi7wQNGoQki0vPYjSdDzjv4jI7KRZA88bJHPCTaLDDzBWNtMHNko84PDrHw1MES4F1"
NEW_RELIC_KEY = "NRAK-NHOX5D53FQ2JXMEWJ5JB1C0C2VT"


def handler(pd: "pipedream"):
    issues = requests.get(
        "https://sentry.io/api/0/projects/acme/web/issues/",
        headers={"Authorization": f"Bearer {SENTRY_TOKEN}"},
        timeout=10,
    ).json()
    requests.post(
        "https://api.newrelic.com/graphql",
        headers={"API-Key": NEW_RELIC_KEY},
        json={"query": "{ actor { user { name } } }"},
        timeout=10,
    )
    return len(issues)
