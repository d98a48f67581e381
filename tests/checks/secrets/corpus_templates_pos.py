"""Corpus templates with secrets. `«fmt»` is replaced by a fake value of that format (labelled)."""

# ruff: noqa: E501

POSITIVE: dict[str, str] = {}

POSITIVE["stripe_charge.mjs"] = """import Stripe from "stripe";

const stripe = new Stripe("«stripe-live-key»", { apiVersion: "2024-06-20" });

export default defineComponent({
  props: {
    amount: { type: "integer", label: "Amount (cents)" },
  },
  async run({ steps, $ }) {
    const customer = steps.trigger.event.body.customer_id;
    const charge = await stripe.paymentIntents.create({
      amount: this.amount,
      currency: "usd",
      customer,
      idempotency_key: steps.trigger.context.id,
    });
    $.export("charge_id", charge.id);
    return charge;
  },
});
"""

POSITIVE["stripe_test_refund.js"] = """const stripe = require("stripe")("«stripe-test-key»");

module.exports = defineComponent({
  async run({ steps, $ }) {
    const refund = await stripe.refunds.create({
      payment_intent: steps.trigger.event.body.payment_intent,
    });
    return refund.status;
  },
});
"""

POSITIVE["stripe_webhook_verify.mjs"] = """import Stripe from "stripe";

const endpointSecret = "«stripe-webhook-secret»";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);

export default defineComponent({
  async run({ steps, $ }) {
    const sig = steps.trigger.event.headers["stripe-signature"];
    const event = stripe.webhooks.constructEvent(steps.trigger.event.bodyRaw, sig, endpointSecret);
    if (event.type === "checkout.session.completed") {
      $.export("session", event.data.object.id);
    }
    await $.respond({ status: 200, body: "ok" });
  },
});
"""

POSITIVE["stripe_restricted.py"] = """import stripe

stripe.api_key = "«stripe-restricted-key»"


def handler(pd: "pipedream"):
    email = pd.steps["trigger"]["event"]["body"]["email"]
    customers = stripe.Customer.list(email=email, limit=1)
    if not customers.data:
        return pd.flow.exit("no customer")
    return customers.data[0].id
"""

POSITIVE["github_issue.mjs"] = """import { Octokit } from "@octokit/rest";

export default defineComponent({
  async run({ steps, $ }) {
    const octokit = new Octokit({ auth: "«github-pat»" });
    const { title, body } = steps.trigger.event.body;
    const issue = await octokit.issues.create({
      owner: "acme-corp",
      repo: "support",
      title,
      body,
      labels: ["from-pipedream"],
    });
    return issue.data.html_url;
  },
});
"""

POSITIVE["github_fine_grained.py"] = """import requests

GITHUB_TOKEN = "«github-fine-grained-pat»"


def handler(pd: "pipedream"):
    repo = pd.steps["trigger"]["event"]["body"]["repository"]["full_name"]
    resp = requests.get(
        f"https://api.github.com/repos/{repo}/pulls",
        headers={"Authorization": f"token {GITHUB_TOKEN}", "Accept": "application/vnd.github+json"},
        timeout=10,
    )
    resp.raise_for_status()
    return [pr["number"] for pr in resp.json()]
"""

POSITIVE["github_app_dispatch.ts"] = """import axios from "axios";

const installationToken: string = "«github-app-token»";
const oauthToken = "«github-oauth-token»";

export default defineComponent({
  async run({ steps, $ }) {
    await axios.post(
      "https://api.github.com/repos/acme-corp/deploy/dispatches",
      { event_type: "pipedream", client_payload: steps.trigger.event.body },
      { headers: { Authorization: `Bearer ${installationToken}` } },
    );
    return { ok: true, user: oauthToken.length };
  },
});
"""

POSITIVE["gitlab_pipeline.sh"] = """#!/usr/bin/env bash
set -euo pipefail

GITLAB_TOKEN="«gitlab-pat»"
PROJECT_ID=4821

REF=$(cat "$PIPEDREAM_STEPS" | jq -r .trigger.event.body.ref)
curl --fail -s -X POST \\
  -H "PRIVATE-TOKEN: ${GITLAB_TOKEN}" \\
  "https://gitlab.com/api/v4/projects/${PROJECT_ID}/pipeline?ref=${REF}"
echo "pipeline:json=true" >> "$PIPEDREAM_EXPORTS"
"""

POSITIVE["slack_notify.mjs"] = """import { WebClient } from "@slack/web-api";

const slackToken = "«slack-bot-token»";

export default defineComponent({
  async run({ steps, $ }) {
    const web = new WebClient(slackToken);
    const order = steps.trigger.event.body;
    await web.chat.postMessage({
      channel: "#orders",
      text: `New order ${order.id} for ${order.total}`,
    });
  },
});
"""

POSITIVE["slack_webhook.py"] = """import requests

SLACK_WEBHOOK = "«slack-webhook-url»"


def handler(pd: "pipedream"):
    event = pd.steps["trigger"]["event"]
    text = f"Deploy finished: {event['body'].get('status', 'unknown')}"
    requests.post(SLACK_WEBHOOK, json={"text": text}, timeout=5)
    return {"sent": True}
"""

POSITIVE["slack_user_and_app.js"] = """const axios = require("axios");

const config = {
  userToken: "«slack-user-token»",
  appToken: "«slack-app-token»",
};

module.exports = defineComponent({
  async run({ steps, $ }) {
    const res = await axios.get("https://slack.com/api/users.list", {
      headers: { Authorization: `Bearer ${config.userToken}` },
    });
    return res.data.members.length;
  },
});
"""

POSITIVE["aws_s3_upload.mjs"] = """import { S3Client, PutObjectCommand } from "@aws-sdk/client-s3";

const s3 = new S3Client({
  region: "us-east-1",
  credentials: {
    accessKeyId: "«aws-access-key-id»",
    secretAccessKey: "«aws-secret-access-key»",
  },
});

export default defineComponent({
  async run({ steps, $ }) {
    const body = JSON.stringify(steps.trigger.event.body);
    await s3.send(new PutObjectCommand({ Bucket: "acme-events", Key: `${Date.now()}.json`, Body: body }));
    return "stored";
  },
});
"""

POSITIVE["aws_boto.py"] = """import boto3

aws_access_key_id = "«aws-access-key-id»"
aws_secret_access_key = "«aws-secret-access-key»"


def handler(pd: "pipedream"):
    session = boto3.Session(
        aws_access_key_id=aws_access_key_id,
        aws_secret_access_key=aws_secret_access_key,
        region_name="eu-west-1",
    )
    sqs = session.client("sqs")
    sqs.send_message(QueueUrl="https://sqs.eu-west-1.amazonaws.com/123456789012/events", MessageBody="hi")
    return "queued"
"""

POSITIVE["twilio_sms.py"] = """from twilio.rest import Client

account_sid = "‹twilio-account-sid›"
twilio_auth_token = "«twilio-auth-token»"


def handler(pd: "pipedream"):
    client = Client(account_sid, twilio_auth_token)
    to = pd.steps["trigger"]["event"]["body"]["phone"]
    msg = client.messages.create(to=to, from_="+15005550006", body="Your code is ready")
    return msg.sid
"""

POSITIVE["twilio_api_key.mjs"] = """import twilio from "twilio";

const client = twilio("«twilio-api-key»", process.env.TWILIO_API_SECRET, {
  accountSid: process.env.TWILIO_ACCOUNT_SID,
});

export default defineComponent({
  async run({ steps }) {
    return client.messages.create({ to: steps.trigger.event.body.to, from: "+15005550006", body: "hi" });
  },
});
"""

POSITIVE["sendgrid_mail.mjs"] = """import sgMail from "@sendgrid/mail";

sgMail.setApiKey("«sendgrid-api-key»");

export default defineComponent({
  async run({ steps, $ }) {
    const { email, name } = steps.trigger.event.body;
    await sgMail.send({
      to: email,
      from: "hello@acme.io",
      subject: `Welcome, ${name}`,
      text: "Thanks for signing up!",
    });
    return { delivered: true };
  },
});
"""

POSITIVE["mailgun_send.py"] = """import requests


def handler(pd: "pipedream"):
    resp = requests.post(
        "https://api.mailgun.net/v3/mg.acme.io/messages",
        auth=("api", "«mailgun-api-key»"),
        data={"from": "ops@acme.io", "to": ["team@acme.io"], "subject": "Alert", "text": "Check the dashboard"},
        timeout=10,
    )
    return resp.status_code
"""

POSITIVE["openai_summarize.mjs"] = """import OpenAI from "openai";

const openai = new OpenAI({ apiKey: "«openai-api-key»" });

export default defineComponent({
  async run({ steps, $ }) {
    const completion = await openai.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "Summarize the ticket in one sentence." },
        { role: "user", content: steps.trigger.event.body.ticket },
      ],
    });
    return completion.choices[0].message.content;
  },
});
"""

POSITIVE["anthropic_classify.py"] = """import anthropic

client = anthropic.Anthropic(api_key="«anthropic-api-key»")


def handler(pd: "pipedream"):
    text = pd.steps["trigger"]["event"]["body"]["text"]
    message = client.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=64,
        messages=[{"role": "user", "content": f"Classify: {text}"}],
    )
    return message.content[0].text
"""

POSITIVE["shopify_orders.mjs"] = """import { axios } from "@pipedream/platform";

export default defineComponent({
  async run({ steps, $ }) {
    return await axios($, {
      url: "https://acme-store.myshopify.com/admin/api/2024-07/orders.json",
      headers: {
        "X-Shopify-Access-Token": "«shopify-token»",
      },
      params: { status: "any", limit: 50 },
    });
  },
});
"""

POSITIVE["npm_publish.sh"] = """#!/bin/bash
# Publish the package built by the previous step
export NPM_TOKEN=«npm-token»
echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > ~/.npmrc
cd /tmp/build && npm publish --access public
"""

POSITIVE["pypi_upload.py"] = """import subprocess


def handler(pd: "pipedream"):
    token = "«pypi-token»"
    subprocess.run(
        ["twine", "upload", "-u", "__token__", "-p", token, "/tmp/dist/*"],
        check=True,
    )
    return "uploaded"
"""

POSITIVE["discord_bot.mjs"] = """import { Client, GatewayIntentBits } from "discord.js";

const DISCORD_TOKEN = "«discord-bot-token»";

export default defineComponent({
  async run({ steps, $ }) {
    const client = new Client({ intents: [GatewayIntentBits.Guilds] });
    await client.login(DISCORD_TOKEN);
    const channel = await client.channels.fetch("1100223344556677889");
    await channel.send(steps.trigger.event.body.message);
    await client.destroy();
  },
});
"""

POSITIVE["discord_webhook.py"] = """import requests

def handler(pd: "pipedream"):
    payload = {"content": pd.steps["trigger"]["event"]["body"]["summary"]}
    requests.post("«discord-webhook-url»", json=payload, timeout=5)
"""

POSITIVE["telegram_alert.mjs"] = """import axios from "axios";

const BOT_TOKEN = "«telegram-bot-token»";
const CHAT_ID = "-1001234567890";

export default defineComponent({
  async run({ steps, $ }) {
    const text = `Alert: ${steps.trigger.event.body.message}`;
    await axios.post(`https://api.telegram.org/bot${BOT_TOKEN}/sendMessage`, { chat_id: CHAT_ID, text });
    return "sent";
  },
});
"""

POSITIVE["google_geocode.py"] = """import requests

GOOGLE_MAPS_KEY = "«google-api-key»"


def handler(pd: "pipedream"):
    address = pd.steps["trigger"]["event"]["query"]["address"]
    r = requests.get(
        "https://maps.googleapis.com/maps/api/geocode/json",
        params={"address": address, "key": GOOGLE_MAPS_KEY},
        timeout=10,
    )
    return r.json()["results"][0]["geometry"]["location"]
"""

POSITIVE["google_service_account.mjs"] = """import { google } from "googleapis";

const serviceAccount = {
  "type": "service_account",
  "project_id": "acme-analytics",
  "private_key_id": "‹git-sha›",
  "private_key": "«private-key-escaped»",
  "client_email": "pipedream@acme-analytics.iam.gserviceaccount.com",
  "client_id": "104857392019283746501",
  "token_uri": "https://oauth2.googleapis.com/token",
};

export default defineComponent({
  async run({ steps, $ }) {
    const auth = new google.auth.GoogleAuth({ credentials: serviceAccount, scopes: ["https://www.googleapis.com/auth/spreadsheets"] });
    const sheets = google.sheets({ version: "v4", auth });
    await sheets.spreadsheets.values.append({
      spreadsheetId: "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
      range: "A1",
      valueInputOption: "RAW",
      requestBody: { values: [[steps.trigger.event.body.email]] },
    });
  },
});
"""

POSITIVE["google_oauth_refresh.py"] = """import requests

CLIENT_ID = "740192837465-abc123def456ghi789jkl012mno345pq.apps.googleusercontent.com"
CLIENT_SECRET = "«google-oauth-client-secret»"


def handler(pd: "pipedream"):
    data = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "refresh_token": pd.steps["trigger"]["event"]["body"]["refresh_token"],
        "grant_type": "refresh_token",
    }
    return requests.post("https://oauth2.googleapis.com/token", data=data, timeout=10).json()
"""

POSITIVE["hubspot_contact.mjs"] = """import axios from "axios";

export default defineComponent({
  async run({ steps, $ }) {
    const { email, firstname } = steps.trigger.event.body;
    const res = await axios.post(
      "https://api.hubapi.com/crm/v3/objects/contacts",
      { properties: { email, firstname } },
      { headers: { Authorization: "Bearer «hubspot-private-app-token»" } },
    );
    return res.data.id;
  },
});
"""

POSITIVE["notion_page.py"] = """from notion_client import Client

notion = Client(auth="«notion-token»")
LEGACY = {"token": "«notion-legacy-token»"}


def handler(pd: "pipedream"):
    body = pd.steps["trigger"]["event"]["body"]
    page = notion.pages.create(
        parent={"database_id": "8f6b2c1e4d9a4b7c9e0f1a2b3c4d5e6f"},
        properties={"Name": {"title": [{"text": {"content": body["title"]}}]}},
    )
    return page["id"]
"""

POSITIVE["airtable_record.mjs"] = """import Airtable from "airtable";

const base = new Airtable({ apiKey: "«airtable-pat»" }).base("appA1b2C3d4E5f6G7");

export default defineComponent({
  async run({ steps, $ }) {
    const created = await base("Leads").create([{ fields: steps.trigger.event.body }]);
    return created.map((r) => r.getId());
  },
});
"""

POSITIVE["linear_issue.ts"] = """import { LinearClient } from "@linear/sdk";

const linear = new LinearClient({ apiKey: "«linear-api-key»" });

export default defineComponent({
  async run({ steps, $ }) {
    const teams = await linear.teams();
    const issue = await linear.createIssue({
      teamId: teams.nodes[0].id,
      title: String(steps.trigger.event.body.title),
    });
    return issue.success;
  },
});
"""

POSITIVE["square_payment.py"] = """from square.client import Client

square = Client(access_token="«square-access-token»", environment="production")
APP_SECRET = "«square-application-secret»"


def handler(pd: "pipedream"):
    result = square.payments.list_payments(limit=10)
    return [p["id"] for p in result.body.get("payments", [])]
"""

POSITIVE["datadog_metric.mjs"] = """import axios from "axios";

const DD_API_KEY = "«datadog-api-key»";

export default defineComponent({
  async run({ steps, $ }) {
    await axios.post(
      "https://api.datadoghq.com/api/v2/series",
      { series: [{ metric: "pipedream.orders", type: 1, points: [{ timestamp: Math.floor(Date.now() / 1000), value: 1 }] }] },
      { headers: { "DD-API-KEY": DD_API_KEY } },
    );
  },
});
"""

POSITIVE["infra_tokens.sh"] = """#!/usr/bin/env bash
DIGITALOCEAN_TOKEN=«digitalocean-token»
HEROKU_API_KEY=«heroku-api-key»
curl -s -H "Authorization: Bearer $DIGITALOCEAN_TOKEN" https://api.digitalocean.com/v2/droplets | jq '.droplets | length'
curl -s -n https://api.heroku.com/apps -H "Accept: application/vnd.heroku+json; version=3" -H "Authorization: Bearer $HEROKU_API_KEY"
"""

POSITIVE["mailchimp_postmark.py"] = """import requests

MAILCHIMP_KEY = "«mailchimp-api-key»"


def handler(pd: "pipedream"):
    email = pd.steps["trigger"]["event"]["body"]["email"]
    requests.post(
        "https://us21.api.mailchimp.com/3.0/lists/a1b2c3d4e5/members",
        auth=("anystring", MAILCHIMP_KEY),
        json={"email_address": email, "status": "subscribed"},
        timeout=10,
    )
    requests.post(
        "https://api.postmarkapp.com/email",
        headers={"X-Postmark-Server-Token": "«postmark-server-token»", "Accept": "application/json"},
        json={"From": "hi@acme.io", "To": email, "Subject": "Welcome", "TextBody": "Hello"},
        timeout=10,
    )
"""

POSITIVE["sftp_private_key.mjs"] = """import SftpClient from "ssh2-sftp-client";

const privateKey = `«openssh-private-key»`;

export default defineComponent({
  async run({ steps, $ }) {
    const sftp = new SftpClient();
    await sftp.connect({ host: "files.acme.io", port: 22, username: "pipedream", privateKey });
    await sftp.put(Buffer.from(JSON.stringify(steps.trigger.event.body)), "/inbox/event.json");
    await sftp.end();
  },
});
"""

POSITIVE["jwt_sign_rsa.py"] = '''import jwt
import time

PRIVATE_KEY = """«private-key»"""


def handler(pd: "pipedream"):
    claims = {"iss": "pipedream", "iat": int(time.time()), "exp": int(time.time()) + 300}
    return jwt.encode(claims, PRIVATE_KEY, algorithm="RS256")
'''

POSITIVE["supabase_insert.mjs"] = """import { createClient } from "@supabase/supabase-js";

const supabase = createClient(
  "https://abcdefghijklmnopqrst.supabase.co",
  "«jwt-service»",
);

export default defineComponent({
  async run({ steps, $ }) {
    const { error } = await supabase.from("events").insert(steps.trigger.event.body);
    if (error) throw error;
    return "inserted";
  },
});
"""

POSITIVE["session_jwt.js"] = """module.exports = defineComponent({
  async run({ steps, $ }) {
    // token copied from the browser while debugging
    const sessionToken = "«jwt-session»";
    const res = await fetch("https://portal.acme.io/api/me", { headers: { Cookie: `session=${sessionToken}` } });
    return res.json();
  },
});
"""

POSITIVE["postgres_insert.mjs"] = """import pg from "pg";

const client = new pg.Client({ connectionString: "postgres://pipedream:«url-password»@db.acme.io:5432/analytics" });

export default defineComponent({
  async run({ steps, $ }) {
    await client.connect();
    const { email } = steps.trigger.event.body;
    await client.query("INSERT INTO signups(email) VALUES ($1)", [email]);
    await client.end();
  },
});
"""

POSITIVE["mongo_upsert.py"] = """from pymongo import MongoClient

client = MongoClient("mongodb+srv://etl_user:«url-password»@cluster0.x1y2z.mongodb.net/?retryWrites=true")


def handler(pd: "pipedream"):
    body = pd.steps["trigger"]["event"]["body"]
    client.crm.contacts.update_one({"email": body["email"]}, {"$set": body}, upsert=True)
    return "ok"
"""

POSITIVE["bearer_internal_api.mjs"] = """import axios from "axios";

export default defineComponent({
  async run({ steps, $ }) {
    const res = await axios.get("https://internal.acme-tools.com/v2/reports", {
      headers: { Authorization: "Bearer «bearer-token»" },
    });
    return res.data;
  },
});
"""

POSITIVE["basic_auth_py.py"] = """import requests


def handler(pd: "pipedream"):
    headers = {}
    headers["Authorization"] = "Basic «basic-credentials»"
    r = requests.get("https://erp.acme-corp.com/api/orders?status=open", headers=headers, timeout=15)
    return r.json()
"""

POSITIVE["atlassian_jira.mjs"] = """import axios from "axios";

const JIRA_EMAIL = "ops@acme.io";
const JIRA_API_TOKEN = "«atlassian-api-token»";

export default defineComponent({
  async run({ steps, $ }) {
    const auth = Buffer.from(`${JIRA_EMAIL}:${JIRA_API_TOKEN}`).toString("base64");
    const res = await axios.post(
      "https://acme.atlassian.net/rest/api/3/issue",
      { fields: { project: { key: "OPS" }, summary: steps.trigger.event.body.title, issuetype: { name: "Task" } } },
      { headers: { Authorization: `Basic ${auth}` } },
    );
    return res.data.key;
  },
});
"""

POSITIVE["asana_zendesk.py"] = """import requests

ASANA_TOKEN = "«asana-pat»"
zendesk_api_token = "«zendesk-api-token»"


def handler(pd: "pipedream"):
    task = requests.post(
        "https://app.asana.com/api/1.0/tasks",
        headers={"Authorization": f"Bearer {ASANA_TOKEN}"},
        json={"data": {"name": "Follow up", "workspace": "1201234567890123"}},
        timeout=10,
    ).json()
    requests.get(
        "https://acme.zendesk.com/api/v2/tickets.json",
        auth=("agent@acme.io/token", zendesk_api_token),
        timeout=10,
    )
    return task["data"]["gid"]
"""

POSITIVE["intercom_typeform.mjs"] = """import axios from "axios";

const INTERCOM_TOKEN = "«intercom-access-token»";
const typeformToken = "«typeform-token»";

export default defineComponent({
  async run({ steps, $ }) {
    const form = await axios.get("https://api.typeform.com/forms/abc123/responses", {
      headers: { Authorization: `Bearer ${typeformToken}` },
    });
    await axios.post("https://api.intercom.io/contacts", { email: form.data.items[0].hidden.email }, {
      headers: { Authorization: `Bearer ${INTERCOM_TOKEN}` },
    });
  },
});
"""

POSITIVE["calendly_zoom.py"] = """import requests

CALENDLY_TOKEN = "«calendly-token»"
ZOOM_CLIENT_SECRET = "«zoom-client-secret»"


def handler(pd: "pipedream"):
    me = requests.get(
        "https://api.calendly.com/users/me",
        headers={"Authorization": f"Bearer {CALENDLY_TOKEN}"},
        timeout=10,
    ).json()
    return {"user": me["resource"]["uri"], "zoom_configured": bool(ZOOM_CLIENT_SECRET)}
"""

POSITIVE["dropbox_figma.mjs"] = """import axios from "axios";

const dropboxToken = "«dropbox-access-token»";

export default defineComponent({
  async run({ steps, $ }) {
    const file = await axios.get("https://api.figma.com/v1/files/AbCdEf123", {
      headers: { "X-Figma-Token": "«figma-token»" },
    });
    await axios.post("https://content.dropboxapi.com/2/files/upload", JSON.stringify(file.data), {
      headers: { Authorization: `Bearer ${dropboxToken}`, "Dropbox-API-Arg": JSON.stringify({ path: "/figma.json" }) },
    });
  },
});
"""

POSITIVE["deploy_hosts.ts"] = """import axios from "axios";

const VERCEL_TOKEN = "«vercel-token»";
const NETLIFY_TOKEN = "«netlify-token»";
const CLOUDFLARE_API_TOKEN = "«cloudflare-api-token»";

export default defineComponent({
  async run({ steps, $ }) {
    await axios.post("https://api.vercel.com/v13/deployments", { name: "site" }, { headers: { Authorization: `Bearer ${VERCEL_TOKEN}` } });
    await axios.post("https://api.netlify.com/api/v1/sites/acme/builds", {}, { headers: { Authorization: `Bearer ${NETLIFY_TOKEN}` } });
    await axios.post("https://api.cloudflare.com/client/v4/zones/abc/purge_cache", { purge_everything: true }, { headers: { Authorization: `Bearer ${CLOUDFLARE_API_TOKEN}` } });
  },
});
"""

POSITIVE["observability.py"] = """import requests

SENTRY_TOKEN = "«sentry-auth-token»"
NEW_RELIC_KEY = "«new-relic-user-key»"


def handler(pd: "pipedream"):
    issues = requests.get(
        "https://sentry.io/api/0/projects/acme/web/issues/",
        headers={"Authorization": f"Bearer {SENTRY_TOKEN}"},
        timeout=10,
    ).json()
    requests.post(
        "https://api.newrelic.com/graphql",
        headers={"API-Key": NEW_RELIC_KEY},
        json={"query": "{ actor { user { name } } }"},
        timeout=10,
    )
    return len(issues)
"""

POSITIVE["doppler_fetch.sh"] = """#!/bin/sh
DOPPLER_TOKEN='«doppler-token»'
curl -s --request GET \\
  --url "https://api.doppler.com/v3/configs/config/secrets/download?format=json" \\
  --header "authorization: Bearer $DOPPLER_TOKEN" > /tmp/config.json
"""

POSITIVE["ai_providers.mjs"] = """import Replicate from "replicate";
import { HfInference } from "@huggingface/inference";
import Groq from "groq-sdk";

const replicate = new Replicate({ auth: "«replicate-api-token»" });
const hf = new HfInference("«huggingface-token»");
const groq = new Groq({ apiKey: "«groq-api-key»" });
const PERPLEXITY_API_KEY = "«perplexity-api-key»";

export default defineComponent({
  async run({ steps, $ }) {
    const prompt = steps.trigger.event.body.prompt;
    const out = await groq.chat.completions.create({ model: "llama-3.1-8b-instant", messages: [{ role: "user", content: prompt }] });
    return { groq: out.choices[0].message.content, hf: Boolean(hf), replicate: Boolean(replicate), pplx: PERPLEXITY_API_KEY.length };
  },
});
"""

POSITIVE["ai_by_name.py"] = """import requests

MISTRAL_API_KEY = "«mistral-api-key»"
cohere_api_key = "«cohere-api-key»"


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
"""

POSITIVE["pipedream_api.mjs"] = """import axios from "axios";

const PIPEDREAM_API_KEY = "«pipedream-api-key»";

export default defineComponent({
  async run({ steps, $ }) {
    const res = await axios.get("https://api.pipedream.com/v1/users/me", {
      headers: { Authorization: `Bearer ${PIPEDREAM_API_KEY}` },
    });
    return res.data.data.username;
  },
});
"""

POSITIVE["generic_vendor.mjs"] = """import axios from "axios";

export default defineComponent({
  async run({ steps, $ }) {
    const apiKey = "«generic-secret»";
    const res = await axios.get("https://api.weatherly.dev/v1/forecast", {
      params: { city: steps.trigger.event.query.city },
      headers: { "X-API-Key": apiKey },
    });
    return res.data;
  },
});
"""

POSITIVE["generic_webhook_check.py"] = """def handler(pd: "pipedream"):
    headers = pd.steps["trigger"]["event"]["headers"]
    if headers.get("x-webhook-secret") != "«generic-secret»":
        pd.respond({"status": 401, "body": "unauthorized"})
        return pd.flow.exit("bad secret")
    return {"ok": True}
"""

POSITIVE["generic_defaults.py"] = """import os
import requests


def fetch_inventory(sku, api_token="«generic-hex-secret»"):
    return requests.get(
        f"https://inventory.acme-corp.com/items/{sku}",
        headers={"X-Auth-Token": api_token},
        timeout=10,
    ).json()


def handler(pd: "pipedream"):
    client_secret = os.environ.get("PARTNER_CLIENT_SECRET", "«generic-secret»")
    sku = pd.steps["trigger"]["event"]["body"]["sku"]
    return fetch_inventory(sku), len(client_secret)
"""

POSITIVE["generic_config_object.js"] = """const settings = {
  endpoint: "https://hooks.partner.example.net/ingest",
  signingSecret: "«generic-secret»",
  retries: 3,
};

module.exports = defineComponent({
  async run({ steps, $ }) {
    const crypto = require("crypto");
    const body = JSON.stringify(steps.trigger.event.body);
    const signature = crypto.createHmac("sha256", settings.signingSecret).update(body).digest("hex");
    return { signature };
  },
});
"""

POSITIVE["smtp_password.py"] = """import smtplib
from email.message import EmailMessage

SMTP_USER = "reports@acme.io"
smtp_password = "«generic-password»"


def handler(pd: "pipedream"):
    msg = EmailMessage()
    msg["Subject"] = "Daily report"
    msg["From"] = SMTP_USER
    msg["To"] = "team@acme.io"
    msg.set_content(str(pd.steps["trigger"]["event"]))
    with smtplib.SMTP_SSL("smtp.acme.io", 465) as s:
        s.login(SMTP_USER, smtp_password)
        s.send_message(msg)
"""

POSITIVE["broken_syntax_with_token.mjs"] = """export default defineComponent({
  async run({ steps, $ }) {
    const token = "«github-pat»"
    if (steps.trigger.event.body {{
      return
  },
"""

POSITIVE["mixed_keys.ts"] = """import axios from "axios";

interface Config { stripeKey: string; slackWebhook: string }

const cfg: Config = {
  stripeKey: "«stripe-live-key»",
  slackWebhook: "«slack-webhook-url»",
};

export default defineComponent({
  async run({ steps, $ }) {
    await axios.post(cfg.slackWebhook, { text: "payment received" });
    return cfg.stripeKey.slice(0, 7);
  },
});
"""
