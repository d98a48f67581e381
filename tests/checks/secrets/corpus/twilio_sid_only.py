# ruff: noqa
import os
from twilio.rest import Client

ACCOUNT_SID = "ACbac3cb93ea26e0784521b89b9282fdd8"
MESSAGING_SERVICE = "MG9752274e9e519418a7406176694466fa"


def handler(pd: "pipedream"):
    client = Client(ACCOUNT_SID, os.environ["TWILIO_AUTH_TOKEN"])
    return client.messages.create(messaging_service_sid=MESSAGING_SERVICE, to="+15558675310", body="hi").sid
