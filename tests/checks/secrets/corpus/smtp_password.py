# ruff: noqa
import smtplib
from email.message import EmailMessage

SMTP_USER = "reports@acme.io"
smtp_password = "0Oz4-ZLscYR15"


def handler(pd: "pipedream"):
    msg = EmailMessage()
    msg["Subject"] = "Daily report"
    msg["From"] = SMTP_USER
    msg["To"] = "team@acme.io"
    msg.set_content(str(pd.steps["trigger"]["event"]))
    with smtplib.SMTP_SSL("smtp.acme.io", 465) as s:
        s.login(SMTP_USER, smtp_password)
        s.send_message(msg)
