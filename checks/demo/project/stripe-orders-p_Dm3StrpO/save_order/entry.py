import requests

AIRTABLE_TOKEN = "patSDuJZKMvlsbxFH.ca56ad9548c5dfc3418c9ea89998e9ad40144eae588d4bdddec505790e70ffd4"
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
