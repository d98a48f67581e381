# ruff: noqa
import stripe

stripe.api_key = "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"


def handler(pd: "pipedream"):
    email = pd.steps["trigger"]["event"]["body"]["email"]
    customers = stripe.Customer.list(email=email, limit=1)
    if not customers.data:
        return pd.flow.exit("no customer")
    return customers.data[0].id
