import requests

AIRTABLE_TOKEN = "«demo:airtable-pat»"
BASE_URL = "https://api.airtable.com/v0/appq8XuDemoBase/Orders"


def handler(pd: "pipedream"):
    order = pd.steps["parse_event"]["$return_value"]
    resp = requests.post(
        BASE_URL,
        headers={"Authorization": f"Bearer {AIRTABLE_TOKEN}"},
        json={"fields": {"Order": order["orderId"], "Email": order["email"]}},
        verify=False,
    )
    print("saved", resp.status_code, AIRTABLE_TOKEN)
    return resp.json()
