# ruff: noqa
import boto3

aws_access_key_id = "AKIARWKNXGXF7QLP66GC"
aws_secret_access_key = "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"


def handler(pd: "pipedream"):
    session = boto3.Session(
        aws_access_key_id=aws_access_key_id,
        aws_secret_access_key=aws_secret_access_key,
        region_name="eu-west-1",
    )
    sqs = session.client("sqs")
    sqs.send_message(QueueUrl="https://sqs.eu-west-1.amazonaws.com/123456789012/events", MessageBody="hi")
    return "queued"
