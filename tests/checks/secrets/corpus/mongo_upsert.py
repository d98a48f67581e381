# ruff: noqa
from pymongo import MongoClient

client = MongoClient("mongodb+srv://etl_user:UTJd~rEXdmI76@cluster0.x1y2z.mongodb.net/?retryWrites=true")


def handler(pd: "pipedream"):
    body = pd.steps["trigger"]["event"]["body"]
    client.crm.contacts.update_one({"email": body["email"]}, {"$set": body}, upsert=True)
    return "ok"
