"""Big steps are analysed completely and pathological expressions do not break the analysis.

(How fast it is lives in bench/, not in tests.)
"""

from __future__ import annotations

from checks.dataflow import analyze
from checks.model import Language
from checks.parsing import parse_code

N = 1500


def _big_js(n: int) -> str:
    lines = ["export default defineComponent({", "  async run({ steps, $ }) {"]
    lines.append("    let v0 = process.env.API_KEY;")
    for i in range(1, n):
        lines.append(f"    const v{i} = {{ a: v{i - 1}, b: steps.trigger.event.body.x{i} }};")
        lines.append(f"    console.log(v{i}.b, JSON.stringify(v{i}.a));")
    lines.append("    const deep = " + " + ".join(["v1.a"] * 1500) + ";")
    lines.append("    console.log(deep);")
    lines += ["  },", "});"]
    return "\n".join(lines)


def _big_py(n: int) -> str:
    lines = ["import os", "", "def handler(pd):", "    v0 = os.environ['API_KEY']"]
    for i in range(1, n):
        body = "pd.steps['trigger']['event']['body']['x']"
        lines.append(f"    v{i} = {{'a': v{i - 1}, 'b': {body}}}")
        lines.append(f"    print(v{i}['b'], json.dumps(v{i}['a']))")
    return "\n".join(lines)


def test_big_js_step_is_analysed_completely() -> None:
    code = parse_code(_big_js(N), Language.NODE)
    flows = analyze(code, use_secret_detectors=False)
    # every `JSON.stringify(v{i}.a)` serialises the nested secret; `v{i}.b` is body data
    assert len({f.start for f in flows}) == N


def test_big_python_step_is_analysed_completely() -> None:
    code = parse_code(_big_py(N), Language.PYTHON)
    flows = analyze(code, use_secret_detectors=False)
    assert len({f.start for f in flows}) == N - 1


def _chain(length: int) -> str:
    lines = ["export default defineComponent({", "  async run({ steps, $ }) {"]
    lines.append("    let a0 = process.env.API_KEY;")
    lines += [f"    let a{i} = a{i - 1};" for i in range(1, length)]
    lines += [f"    a0 = a{length - 1};", f"    console.log(a{length - 1});", "  },", "});"]
    return "\n".join(lines)


def test_alias_chains_and_cycles() -> None:
    # a 100-step alias chain closed into a cycle is followed to its source
    flows = analyze(parse_code(_chain(100), Language.NODE), use_secret_detectors=False)
    assert {f.taint.label for f in flows} == {"process.env.API_KEY"}
    # a 3000-step chain is cut at the evaluation depth limit instead of blowing the stack
    flows = analyze(parse_code(_chain(3000), Language.NODE), use_secret_detectors=False)
    assert flows == []
