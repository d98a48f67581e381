"""Render the labelled secret corpus (step files + `labels.json`) from its templates.

The tests render it into a temporary folder (`secret_corpus` fixture); it is not committed, so
the repository holds no string that looks like a live token (push protection and other secret
scanners would rightly stop it). To look at it: `uv run python -m
tests.checks.secrets.generate_corpus [FOLDER]` (default `./secret-corpus`). Every secret is a
seeded random value in a real format, the same on every run.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

from tests.checks.secrets.corpus_templates_neg import NEGATIVE
from tests.checks.secrets.corpus_templates_pos import POSITIVE
from tests.checks.secrets.corpus_values import FORMATS

SEED = "stepguard-secret-corpus-v1"
_MARKER = re.compile(r"«([a-z0-9-]+)»|‹([a-z0-9-]+)›")

# Format → (expected detector, expected provider). Formats not listed map to themselves.
LABELS: dict[str, tuple[str, str]] = {
    "stripe-live-key": ("stripe-secret-key", "Stripe"),
    "stripe-test-key": ("stripe-secret-key", "Stripe"),
    "notion-legacy-token": ("notion-token", "Notion"),
    "private-key-escaped": ("gcp-service-account-key", "Google Cloud"),
    "openssh-private-key": ("private-key", "OpenSSH"),
    "private-key": ("private-key", "PEM"),
    "jwt-service": ("jwt", "Supabase"),
    "jwt-session": ("jwt", "JWT"),
    "calendly-token": ("jwt", "Calendly"),
    "url-password": ("url-password", ""),
    "bearer-token": ("bearer-auth-header", "HTTP"),
    "basic-credentials": ("basic-auth-header", "HTTP"),
    "generic-secret": ("generic-secret", "Generic"),
    "generic-hex-secret": ("generic-secret", "Generic"),
    "generic-password": ("generic-password", "Generic"),
}
PROVIDERS = {
    "aws": "AWS",
    "github": "GitHub",
    "gitlab": "GitLab",
    "slack": "Slack",
    "stripe": "Stripe",
    "twilio": "Twilio",
    "sendgrid": "SendGrid",
    "mailgun": "Mailgun",
    "openai": "OpenAI",
    "anthropic": "Anthropic",
    "shopify": "Shopify",
    "npm": "npm",
    "pypi": "PyPI",
    "discord": "Discord",
    "telegram": "Telegram",
    "google": "Google",
    "hubspot": "HubSpot",
    "notion": "Notion",
    "airtable": "Airtable",
    "linear": "Linear",
    "square": "Square",
    "datadog": "Datadog",
    "digitalocean": "DigitalOcean",
    "heroku": "Heroku",
    "mailchimp": "Mailchimp",
    "postmark": "Postmark",
    "atlassian": "Atlassian",
    "asana": "Asana",
    "zendesk": "Zendesk",
    "intercom": "Intercom",
    "typeform": "Typeform",
    "zoom": "Zoom",
    "dropbox": "Dropbox",
    "figma": "Figma",
    "vercel": "Vercel",
    "netlify": "Netlify",
    "cloudflare": "Cloudflare",
    "sentry": "Sentry",
    "new": "New Relic",
    "doppler": "Doppler",
    "replicate": "Replicate",
    "huggingface": "Hugging Face",
    "groq": "Groq",
    "perplexity": "Perplexity",
    "mistral": "Mistral",
    "cohere": "Cohere",
    "pipedream": "Pipedream",
}


def label_for(fmt: str) -> dict[str, str]:
    detector, provider = LABELS.get(fmt, (fmt, PROVIDERS.get(fmt.split("-")[0], "")))
    return {"detector": detector, "provider": provider}


def render(name: str, template: str, labelled: bool) -> tuple[str, list[dict], list[str]]:
    """The file text, its labels ({line, detector, provider}) and the secret values used."""
    rng = random.Random(f"{SEED}:{name}")
    out: list[str] = []
    labels: list[dict] = []
    secrets: list[str] = []
    pos = 0
    for m in _MARKER.finditer(template):
        out.append(template[pos : m.start()])
        fmt = m.group(1) or m.group(2)
        value = FORMATS[fmt](rng)
        if m.group(1):
            if not labelled:
                raise ValueError(f"{name}: labelled marker in a negative template")
            line = "".join(out).count("\n") + 1
            labels.append({"line": line, **label_for(fmt)})
            secrets.append(value)
        out.append(value)
        pos = m.end()
    out.append(template[pos:])
    text = "".join(out)
    if name.endswith(".py"):
        text = "# ruff: noqa\n" + text
        for label in labels:
            label["line"] += 1
    return text, labels, secrets


def build() -> tuple[dict[str, str], dict[str, list[dict]], dict[str, list[str]]]:
    files: dict[str, str] = {}
    labels: dict[str, list[dict]] = {}
    secrets: dict[str, list[str]] = {}
    for name, template in sorted(POSITIVE.items()):
        files[name], labels[name], secrets[name] = render(name, template, True)
    for name, template in sorted(NEGATIVE.items()):
        if name in files:
            raise ValueError(f"duplicate corpus file {name}")
        files[name], labels[name], secrets[name] = render(name, template, False)
    return files, labels, secrets


def labels_json(labels: dict[str, list[dict]]) -> str:
    return json.dumps(labels, indent=1, sort_keys=True) + "\n"


def write(target: Path) -> int:
    files, labels, _ = build()
    target.mkdir(parents=True, exist_ok=True)
    for old in target.iterdir():
        if old.is_file() and old.name not in files and old.name != "labels.json":
            old.unlink()
    for name, text in files.items():
        (target / name).write_text(text, encoding="utf-8")
    (target / "labels.json").write_text(labels_json(labels), encoding="utf-8")
    return len(files)


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "secret-corpus")
    count = write(folder)
    sys.stdout.write(f"wrote {count} corpus files to {folder}\n")
