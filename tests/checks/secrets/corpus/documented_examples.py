# ruff: noqa
import boto3
import stripe

# Values from the AWS and Stripe documentation, used in unit tests of this step.
EXAMPLE_ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
EXAMPLE_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
stripe.api_key = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"


def handler(pd: "pipedream"):
    session = boto3.Session()
    return session.region_name
