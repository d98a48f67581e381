# ruff: noqa
import anthropic

client = anthropic.Anthropic(api_key="sk-ant-api03-fMF2g3bMe24l0hpgl2lfhayTAAzKyw3oCI52_tSJ69iN_2KtVeYPuQhKIDrEaFl8EEhMPxHe6yhTWdOKSCbNV--BZEzcHAA")


def handler(pd: "pipedream"):
    text = pd.steps["trigger"]["event"]["body"]["text"]
    message = client.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=64,
        messages=[{"role": "user", "content": f"Classify: {text}"}],
    )
    return message.content[0].text
