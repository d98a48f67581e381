"""Flaws in hand-written signature checks (checks.auth.sigflaws): fails-open checks (SG401),
HMACs over the parsed body (SG402), digests that leave out the body (SG405), digests compared
in non-constant time through helpers or Buffer.compare (SG302), Math.random secrets (SG309)."""

from __future__ import annotations

import pytest

from tests.checks.auth.helpers import run_rules

SOURCE = """import crypto from "crypto";
export default {{
  type: "source",
  key: "acme-new-event",
  props: {{ db: "$.service.db", http: "$.interface.http", secret: {{ type: "string" }} }},
  methods: {{
{methods}
  }},
  async run(event) {{
{run}
    this.$emit(event.body, {{ id: event.body.id }});
  }},
}};
"""


def scan(write_tree, rules: list[str], run: str, methods: str = "") -> list[tuple[str, int]]:
    text = SOURCE.format(run=run, methods=methods)
    root = write_tree({"components/acme/sources/new-event/new-event.mjs": text})
    return sorted((f.rule, f.line) for f in run_rules(root, rules))


FAILS_OPEN = """    const { body, headers } = event;
    const sig = headers["x-acme-signature"];
    if (sig) {
      const digest = crypto.createHmac("sha256", this.secret).update(event.bodyRaw).digest("hex");
      if (!crypto.timingSafeEqual(Buffer.from(digest), Buffer.from(sig))) throw new Error("bad");
    }"""


def test_verification_only_when_header_present_fails_open(write_tree) -> None:
    found = scan(write_tree, ["SG401"], FAILS_OPEN)
    assert found == [("SG401", 12)]


def test_missing_header_rejected_first_is_not_fail_open(write_tree) -> None:
    run = FAILS_OPEN.replace(
        "    if (sig) {", '    if (!sig) throw new Error("no signature");\n    if (sig) {'
    )
    assert scan(write_tree, ["SG401"], run) == []


def test_if_else_that_rejects_is_not_fail_open(write_tree) -> None:
    run = FAILS_OPEN + ' else {\n      throw new Error("no signature");\n    }'
    assert scan(write_tree, ["SG401"], run) == []


PARSED = """    const {{ body, headers }} = event;
    const digest = crypto.createHmac("sha256", this.secret).update({signed}).digest("hex");
    const sig = headers["x-acme-signature"] || "";
    if (sig.length !== digest.length ||
        !crypto.timingSafeEqual(Buffer.from(digest), Buffer.from(sig))) throw new Error("bad");"""


@pytest.mark.parametrize("signed", ["body", "event.body"])
def test_hmac_over_parsed_body(write_tree, signed: str) -> None:
    assert scan(write_tree, ["SG402"], PARSED.format(signed=signed)) == [("SG402", 11)]


def test_hmac_over_raw_body_is_fine(write_tree) -> None:
    assert scan(write_tree, ["SG402"], PARSED.format(signed="event.bodyRaw")) == []


HELPER = """    getDigest(data) {
      return crypto.createHmac("sha1", this.secret).update(data).digest("base64");
    },
    async isValid({ bodyRaw, headers }) {
      const mine = this.getDigest(bodyRaw);
      return {compare};
    },"""


@pytest.mark.parametrize(
    "compare",
    [
        'mine === headers["x-acme-signature"]',
        'Buffer.compare(Buffer.from(headers["x-acme-signature"]), Buffer.from(mine)) === 0',
    ],
    ids=["strict-equal-in-async-helper", "buffer-compare"],
)
def test_digest_compared_in_non_constant_time(write_tree, compare: str) -> None:
    methods = HELPER.replace("{compare}", compare)
    run = '    if (!(await this.isValid(event))) throw new Error("bad");'
    assert scan(write_tree, ["SG302"], run, methods) == [("SG302", 12)]


def test_digest_compared_with_timing_safe_equal_is_fine(write_tree) -> None:
    compare = (
        'mine.length === headers["x-acme-signature"].length && '
        'crypto.timingSafeEqual(Buffer.from(mine), Buffer.from(headers["x-acme-signature"]))'
    )
    methods = HELPER.replace("{compare}", compare)
    run = '    if (!(await this.isValid(event))) throw new Error("bad");'
    assert scan(write_tree, ["SG302"], run, methods) == []


BODILESS = """    check(timestamp, signature) {{
      const digest = crypto.createHash("sha256").update({signed}).digest("base64");
      if (signature !== digest) throw new Error("bad");
    }},"""


def test_digest_over_secret_and_timestamp_only(write_tree) -> None:
    methods = BODILESS.format(signed="`${this.secret}${timestamp}`")
    run = '    this.check(event.headers["x-acme-timestamp"], event.headers["x-acme-signature"]);'
    assert scan(write_tree, ["SG405"], run, methods) == [("SG405", 8)]


def test_digest_over_timestamp_and_body_is_fine(write_tree) -> None:
    methods = BODILESS.format(signed="`${this.secret}${timestamp}${this.raw}`").replace(
        "check(timestamp, signature)", "check(timestamp, signature, raw)"
    )
    methods = methods.replace("this.raw", "raw")
    run = '    this.check(event.headers["x-acme-timestamp"], event.headers["x-acme-signature"], 1);'
    assert scan(write_tree, ["SG405"], run, methods) == []


@pytest.mark.parametrize(
    ("methods", "line"),
    [
        ('    generateSecret() {\n      return "" + Math.random();\n    },', 8),
        (
            "    randomString() {\n      return Math.random().toString(36).substring(2);\n    },\n"
            "    async activate() {\n      const clientState = this.randomString();\n"
            "      this.db.set('state', clientState);\n    },",
            8,
        ),
    ],
    ids=["secret-method", "client-state"],
)
def test_secret_from_math_random(write_tree, methods: str, line: int) -> None:
    assert scan(write_tree, ["SG309"], "", methods) == [("SG309", line)]


@pytest.mark.parametrize(
    "methods",
    [
        '    generateSecret() {\n      return crypto.randomBytes(32).toString("hex");\n    },',
        "    jitter() {\n      return Math.floor(Math.random() * 1000);\n    },",
    ],
    ids=["csprng", "non-secret-random"],
)
def test_no_weak_random_secret(write_tree, methods: str) -> None:
    assert scan(write_tree, ["SG309"], "", methods) == []


ECHO = """    const hmac = crypto.createHmac("sha256", this.secret);
    const digest = hmac.update(event.bodyRaw).digest("hex");
    const sig = event.headers["x-acme-signature"] || "";
    if (sig.length !== digest.length ||
        !crypto.timingSafeEqual(Buffer.from(digest), Buffer.from(sig))) {
      return this.http.respond({ status: 401, body: {reply} });
    }"""


@pytest.mark.parametrize("reply", ["{ error: 'bad signature', expected: digest }", "digest"])
def test_computed_signature_echoed_to_caller(write_tree, reply: str) -> None:
    run = ECHO.replace("{reply}", reply)
    assert scan(write_tree, ["SG406"], run) == [("SG406", 15)]


def test_fixed_error_reply_is_fine(write_tree) -> None:
    run = ECHO.replace("{reply}", "{ error: 'bad signature', received: sig.length }")
    assert scan(write_tree, ["SG406"], run) == []


@pytest.mark.parametrize(
    "methods",
    [
        "    isValidSource() {\n      return true;\n    },",
        "    verifySignature: () => true,",
        "    isValidSource() {\n      return (true);\n    },",
        '    "verifySignature": async function () {\n      return await (true);\n    },',
    ],
    ids=["method", "arrow", "parenthesised", "awaited-property"],
)
def test_verify_hook_that_always_returns_true(write_tree, methods: str) -> None:
    run = "    if (!this.isValidSource(event) || !this.verifySignature(event)) return;"
    found = scan(write_tree, ["SG401"], run, methods)
    assert found == [("SG401", 7)]


@pytest.mark.parametrize(
    "methods",
    [
        "    isRelevant() {\n      return true;\n    },",
        "    isValidSource(headers) {\n"
        "      return headers['x-acme-token'] === this.secret;\n    },",
    ],
    ids=["not-a-verifier", "real-check"],
)
def test_no_always_true_verifier(write_tree, methods: str) -> None:
    run = "    if (!this.isRelevant || !this.isValidSource) return;"
    assert scan(write_tree, ["SG401"], run, methods) == []


@pytest.mark.parametrize(
    "run",
    [
        '    this.db.set("secret", event.headers["x-hook-secret"]);',
        '    const hookSecret = event.headers["x-hook-secret"];\n    this._setSecret(hookSecret);',
    ],
    ids=["db-set", "setter"],
)
def test_secret_stored_from_request(write_tree, run: str) -> None:
    methods = '    _setSecret(s) {\n      this.db.set("secret", s);\n    },'
    found = scan(write_tree, ["SG310"], run, methods)
    assert [r for r, _ in found] == ["SG310"]


@pytest.mark.parametrize(
    "run",
    [
        '    this.db.set("lastId", event.body.id);',
        '    this.db.set("secret", this.secret);',
    ],
    ids=["not-a-secret", "secret-from-props"],
)
def test_nothing_stored_from_request(write_tree, run: str) -> None:
    assert scan(write_tree, ["SG310"], run) == []


def test_secret_received_while_creating_the_webhook_is_fine(write_tree) -> None:
    methods = (
        "    async activate() {\n      const res = await this.app.createHook();\n"
        '      this.db.set("secret", res.headers["x-hook-secret"]);\n    },'
    )
    assert scan(write_tree, ["SG310"], "", methods) == []
