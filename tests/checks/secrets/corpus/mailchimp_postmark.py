# ruff: noqa
import requests

MAILCHIMP_KEY = "9a4fcbfd493ceccfa3cbfa1464ba2c77-us8"


def handler(pd: "pipedream"):
    email = pd.steps["trigger"]["event"]["body"]["email"]
    requests.post(
        "https://us21.api.mailchimp.com/3.0/lists/a1b2c3d4e5/members",
        auth=("anystring", MAILCHIMP_KEY),
        json={"email_address": email, "status": "subscribed"},
        timeout=10,
    )
    requests.post(
        "https://api.postmarkapp.com/email",
        headers={"X-Postmark-Server-Token": "b389f528-5dfe-4f1a-8c2f-0cae6b150d07", "Accept": "application/json"},
        json={"From": "hi@acme.io", "To": email, "Subject": "Welcome", "TextBody": "Hello"},
        timeout=10,
    )
