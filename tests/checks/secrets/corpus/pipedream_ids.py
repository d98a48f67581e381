# ruff: noqa
import requests


def handler(pd: "pipedream"):
    workflow_id = "p_ab12CD3"
    account = "apn_3JhQwLk"
    source_id = "dc_K0uRmYq"
    trigger_id = "hi_ZbHvJ98"
    saved_component = "sc_Mn8Qp2Lx"
    token = pd.inputs["github"]["$auth"]["oauth_access_token"]
    return requests.get(
        f"https://api.pipedream.com/v1/workflows/{workflow_id}",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).json(), account, source_id, trigger_id, saved_component
