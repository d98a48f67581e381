"""Every code-step form Pipedream has run is recognised; any other form is reported as skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.engine import ScanOptions, scan
from checks.model import Language
from checks.parsing import parse_code
from checks.parsing.shapes import StepShape, Unknown, shape_problem, step_shape

JS = Language.NODE
PY = Language.PYTHON

FORMS = [
    (
        "defineComponent",
        JS,
        "export default defineComponent({\n  async run({ steps, $ }) {\n"
        "    return steps.trigger.event\n  },\n})\n",
        "defineComponent",
        {"steps": "steps", "$": "$"},
    ),
    (
        "defineComponent-renamed",
        JS,
        "export default defineComponent({\n  run: async ({ steps: s, $: dollar }) => s,\n})\n",
        "defineComponent",
        {"steps": "s", "$": "dollar"},
    ),
    (
        "export-default-action",
        JS,
        'export default {\n  key: "x-send",\n  props: {},\n'
        "  async run({ $ }) {\n    return 1\n  },\n}\n",
        "export default",
        {"$": "$"},
    ),
    (
        "export-default-source",
        JS,
        "export default {\n  props: { http: { type: '$.interface.http' } },\n"
        "  async run(event) {\n    this.$emit(event.body)\n  },\n}\n",
        "export default",
        {"event": "event"},
    ),
    (
        "module-exports",
        JS,
        "module.exports = {\n  async run({ steps, $ }) {\n    return steps\n  },\n}\n",
        "module.exports",
        {"steps": "steps", "$": "$"},
    ),
    (
        "module-exports-defineComponent",
        JS,
        "module.exports = defineComponent({\n  async run({ steps }) {},\n})\n",
        "defineComponent",
        {"steps": "steps"},
    ),
    (
        "legacy-function",
        JS,
        "async (event, steps, params) => {\n  console.log(event.body, steps, params)\n}\n",
        "legacy function",
        {"event": "event", "steps": "steps", "params": "params"},
    ),
    (
        "legacy-params",
        JS,
        "async params => {\n  steps = params.steps\n  return steps.trigger.event\n}\n",
        "legacy params",
        {"params": "params", "steps": "steps"},
    ),
    (
        "app-module",
        JS,
        'export default {\n  type: "app",\n  app: "github",\n'
        '  methods: { _baseUrl() { return "https://api.github.com" } },\n}\n',
        "module",
        {},
    ),
    (
        "typescript",
        Language.TYPESCRIPT,
        "export default defineComponent({\n  async run({ steps, $ }: any): Promise<void> {},\n})\n",
        "defineComponent",
        {"steps": "steps", "$": "$"},
    ),
    (
        "python-handler",
        PY,
        'def handler(pd: "pipedream"):\n    return pd.steps["trigger"]["event"]\n',
        "handler",
        {"pd": "pd"},
    ),
    (
        "python-handler-old",
        PY,
        "import os\n\ndef handler(pd):\n    print(os.environ['X'])\n",
        "handler",
        {"pd": "pd"},
    ),
]


@pytest.mark.parametrize(
    ("language", "text", "kind", "roles"), [f[1:] for f in FORMS], ids=[f[0] for f in FORMS]
)
def test_every_form_is_understood(
    language: Language, text: str, kind: str, roles: dict[str, str]
) -> None:
    code = parse_code(text, language)
    shape = step_shape(code)
    assert isinstance(shape, StepShape), shape
    assert (shape.kind, shape.roles) == (kind, roles)
    assert shape_problem(code) is None
    if kind != "module":  # the entry function's span covers the function the form runs
        entry = code.data[shape.start : shape.end].decode()
        assert entry.startswith(("async", "run", "def handler")), entry


@pytest.mark.parametrize(
    ("language", "text", "why"),
    [
        (JS, 'console.log("hello")\nconst x = 1\n', "no component export"),
        (JS, "export default defineComponent({\n  props: {},\n})\nfoo()\n", None),
        (PY, "import os\nprint(os.environ)\n", "no top-level `def handler(pd)`"),
        (PY, "class Handler:\n    def handler(self, pd):\n        pass\n", "def handler"),
    ],
    ids=["js-script", "js-component-without-run", "py-script", "py-method-only"],
)
def test_other_forms_are_not_understood(language: Language, text: str, why: str | None) -> None:
    code = parse_code(text, language)
    shape = step_shape(code)
    if why is None:  # an export without `run` is a module (an app or helper file)
        assert isinstance(shape, StepShape) and shape.kind == "module"
        return
    assert isinstance(shape, Unknown)
    assert why in (shape_problem(code) or "")


def test_languages_without_a_form_have_none() -> None:
    assert step_shape(parse_code("echo hi\n", Language.BASH)) is None


def test_shape_is_memoised_on_the_code() -> None:
    code = parse_code("export default defineComponent({ async run() {} })\n", JS)
    assert step_shape(code) is step_shape(code)


def test_a_step_of_unknown_form_is_listed_in_skipped(tmp_path: Path) -> None:
    (tmp_path / "script.mjs").write_text("console.log(process.env.API_TOKEN)\n")
    (tmp_path / "ok.mjs").write_text(
        "export default defineComponent({\n  async run({ steps }) {\n"
        "    console.log(process.env.API_TOKEN)\n  },\n})\n"
    )
    result = scan([tmp_path], ScanOptions(offline=True))
    reasons = {s.path: s.reason for s in result.skipped}
    assert reasons == {
        "script.mjs": "step form not understood: no component export (defineComponent / "
        "export default / module.exports) and no legacy step function; scanned as plain code"
    }
    # still scanned as plain code: the log of a secret env var is found in both files
    assert {f.path for f in result.findings if f.rule == "SG601"} == {"script.mjs", "ok.mjs"}
