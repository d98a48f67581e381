# ruff: noqa
import os
import boto3


def handler(pd: "pipedream"):
    s3 = boto3.client(
        "s3",
        aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
    )
    bucket_arn = "arn:aws:s3:::acme-data-lake-prod-us-east-1"
    return s3.list_objects_v2(Bucket="acme-data-lake-prod-us-east-1", MaxKeys=5), bucket_arn
