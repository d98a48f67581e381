"""JsScope reads its declarations from the shared pre-order list: the same nodes, in the same
order, as `of_type` over its types (which sorts by position)."""

from __future__ import annotations

import pytest

from checks.model import Language
from checks.parsing import parse_code
from checks.parsing.jsindex import (
    DECLARATION_TYPES,
    declaration_nodes,
    methods_and_pairs,
    of_type,
)
from checks.parsing.jsscope import _INDEXED, js_scope

CODE = """import axios from "axios";
import { createHmac as h } from "crypto";
const a = b = c = require("got"), { x, y: [z] } = obj;
let q = { k: { inner: () => 1, deep: { m() { return v = 2; } } }, s: "t" };
class K { run() { const w = (u = 3); return { p: function () { return w; } }; } }
export default defineComponent({ props: { token: { type: "string" } }, async run({ $ }) {
  const r = await axios.get(url, { headers: { a: 1 } }); t = r.data; return t;
} });
if ( { broken = 1, still: { going: x = 2 }
"""


@pytest.mark.parametrize("language", [Language.NODE, Language.TYPESCRIPT])
def test_declarations_in_of_type_order(language: Language) -> None:
    assert set(_INDEXED) <= set(DECLARATION_TYPES)
    code = parse_code(CODE, language)
    nodes = [node for t, node in declaration_nodes(code) if t in _INDEXED]
    assert len({n.type for n in nodes}) == len(_INDEXED)  # every indexed type occurs
    assert nodes == of_type(code, *_INDEXED)
    scope = js_scope(code)
    assert {"a", "b", "c", "q", "w"} <= scope.bindings.keys() and "axios" in scope.imports


@pytest.mark.parametrize("language", [Language.NODE, Language.TYPESCRIPT])
def test_methods_and_pairs_in_of_type_order(language: Language) -> None:
    code = parse_code(CODE, language)
    nodes = methods_and_pairs(code)
    assert {n.type for n in nodes} == {"method_definition", "pair"}
    assert nodes == of_type(code, "method_definition", "pair")
