# ruff: noqa
from twilio.rest import Client

account_sid = "AC4e20a6367eb011001bc8c314ad9e21be"
twilio_auth_token = "4d6621c557a483ac9102655d92770ac4"


def handler(pd: "pipedream"):
    client = Client(account_sid, twilio_auth_token)
    to = pd.steps["trigger"]["event"]["body"]["phone"]
    msg = client.messages.create(to=to, from_="+15005550006", body="Your code is ready")
    return msg.sid
