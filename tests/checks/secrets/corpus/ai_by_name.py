# ruff: noqa
import requests

MISTRAL_API_KEY = "Y7xPXIEGXkvo1KAkyttDvUj8dJTCaoBN"
cohere_api_key = "DYRmWrhdpgwW4PwVSHzbTO3LnFuqRPEtVxa0C4nr"


def handler(pd: "pipedream"):
    text = pd.steps["trigger"]["event"]["body"]["text"]
    r = requests.post(
        "https://api.mistral.ai/v1/chat/completions",
        headers={"Authorization": f"Bearer {MISTRAL_API_KEY}"},
        json={"model": "mistral-small-latest", "messages": [{"role": "user", "content": text}]},
        timeout=20,
    )
    emb = requests.post(
        "https://api.cohere.com/v1/embed",
        headers={"Authorization": f"Bearer {cohere_api_key}"},
        json={"texts": [text], "model": "embed-english-v3.0", "input_type": "search_document"},
        timeout=20,
    )
    return r.json(), emb.status_code
