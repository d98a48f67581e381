"""`stepguard login | logout | whoami | fetch`: Pipedream API credentials and deployed workflows."""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from checks.errors import InputError, StepguardError
from checks.escape import json_safe
from tui.args import path_arg
from tui.terminal import write_trusted


def register(sub: argparse._SubParsersAction) -> None:
    login = sub.add_parser(
        "login",
        help="store Pipedream API credentials in the OS keyring",
        description="Store a Pipedream user API key (or, with --oauth, an OAuth client id and "
        "secret) in the OS keyring. Read from a hidden prompt, or from standard input when it is "
        "not a terminal (one value per line) — never from arguments or files.",
    )
    login.add_argument("--oauth", action="store_true", help="store an OAuth client id + secret")
    login.add_argument(
        "--no-verify", action="store_true", help="do not check them with GET /users/me"
    )
    login.set_defaults(func=run_login)

    logout = sub.add_parser("logout", help="remove the stored Pipedream credentials")
    logout.set_defaults(func=run_logout)

    whoami = sub.add_parser("whoami", help="show the Pipedream account the stored credentials use")
    whoami.set_defaults(func=run_whoami)

    fetch = sub.add_parser(
        "fetch",
        help="download a deployed workflow's JSON from Pipedream",
        description="GET /workflows/{id} and write the JSON (to FILE with --out, else stdout); "
        "prints a summary of its trigger and steps.",
    )
    fetch.add_argument("workflow_id", metavar="WORKFLOW_ID", help="p_… workflow id")
    fetch.add_argument("--org", metavar="ORG_ID", help="workspace id (o_…) the workflow belongs to")
    fetch.add_argument(
        "--out", type=path_arg, metavar="FILE", help="write the workflow JSON to FILE"
    )
    fetch.set_defaults(func=run_fetch)


def _read_secrets(labels: list[str]) -> list[str]:
    """Values from a hidden prompt (TTY) or one per line from stdin; never echoed."""
    if sys.stdin is not None and sys.stdin.isatty():
        values = [getpass.getpass(f"{label}: ") for label in labels]
    else:
        lines = [line.strip() for line in (sys.stdin.read() if sys.stdin else "").splitlines()]
        values = [line for line in lines if line][: len(labels)]
    values = [v.strip() for v in values]
    for label, value in zip(labels, [*values, *[""] * len(labels)], strict=False):
        if not value:
            raise InputError("stdin", f"no {label} given")
    for label, value in zip(labels, values, strict=True):
        if any(ch.isspace() for ch in value):
            raise InputError("stdin", f"the {label} contains whitespace")
    return values


def run_login(args: argparse.Namespace) -> int:
    from checks.pipedream import Credentials, save_credentials

    if args.oauth:
        client_id, secret = _read_secrets(["OAuth client id", "OAuth client secret"])
        creds = Credentials(kind="oauth", client_id=client_id, client_secret=secret)
    else:
        (key,) = _read_secrets(["Pipedream API key"])
        creds = Credentials(kind="api_key", api_key=key)
    save_credentials(creds)
    print(f"stored {creds.describe()} in the OS keyring (service stepguard-pipedream)")
    if args.no_verify:
        return 0
    try:
        user = _whoami(creds)
    except StepguardError as exc:
        print(f"stepguard: warning: could not verify the credentials: {exc}", file=sys.stderr)
        return 1
    print(f"logged in as {_who(user)}")
    return 0


def run_logout(args: argparse.Namespace) -> int:
    from checks.pipedream import delete_credentials, forget_tokens

    forget_tokens()
    if delete_credentials():
        print("removed the Pipedream credentials from the OS keyring")
    else:
        print("no Pipedream credentials were stored")
    return 0


def run_whoami(args: argparse.Namespace) -> int:
    user = _whoami(None)
    print(_who(user))
    orgs = [o for o in user.get("orgs") or [] if isinstance(o, dict)]
    for org in orgs:
        slug = f" ({org['orgname']})" if org.get("orgname") else ""
        print(f"  workspace {org.get('id', '?')}: {org.get('name', '?')}{slug}")
    return 0


def _whoami(creds):
    from checks.pipedream import PipedreamClient
    from checks.pipedream.client import run_sync

    async def go() -> dict:
        async with PipedreamClient(creds) as pd:
            return await pd.whoami()

    return run_sync(go)


def _who(user: dict) -> str:
    # only identity fields: the /users/me answer may also carry the account's API key
    name = user.get("username") or user.get("email") or "?"
    email = f" <{user['email']}>" if user.get("email") and user.get("email") != name else ""
    return f"{name}{email} ({user.get('id', '?')})"


def run_fetch(args: argparse.Namespace) -> int:
    from checks.fsutil import atomic_write_text
    from checks.pipedream import fetch_workflow_json
    from checks.pipedream.workflows import summary, workflow_from_document
    from tui.sources import parse_workflow_id

    wid = parse_workflow_id(args.workflow_id)
    if wid is None:
        raise InputError(
            args.workflow_id.strip(),
            "not a Pipedream workflow id (expected p_ followed by letters and digits)",
        )
    doc = fetch_workflow_json(wid, args.org)
    workflow = workflow_from_document(doc, wid)
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if args.out:
        try:
            atomic_write_text(args.out, text, mode=0o600)  # configured props may hold secrets
        except OSError as exc:
            raise InputError(args.out, exc.strerror or "cannot be written") from None
        print(summary(doc, workflow))
        print(f"wrote {args.out}")
    else:
        # The document as fetched (for `> workflow.json`), every control character a \u escape.
        write_trusted(sys.stdout, json_safe(text))
        print(summary(doc, workflow), file=sys.stderr)
    return 0
