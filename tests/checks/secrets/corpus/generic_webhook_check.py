# ruff: noqa
def handler(pd: "pipedream"):
    headers = pd.steps["trigger"]["event"]["headers"]
    if headers.get("x-webhook-secret") != "57nH41Xr98COFNhfx4sGedsvnzyXfWmN":
        pd.respond({"status": 401, "body": "unauthorized"})
        return pd.flow.exit("bad secret")
    return {"ok": True}
