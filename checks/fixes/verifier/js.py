"""Is a Node.js step nothing but a signature check? (JavaScript half of `checks.fixes.verifier`)

The step must be a component (`export default defineComponent({ async run({ steps, $ }) {…} })`
or a plain `export default {…}`) whose module holds only `crypto` imports, whose component has
no props or methods, and whose `run` does only this, in order: declarations that read the
request and compute (hash, encode, compare — `JS_PURE_FUNCTIONS`, `JS_PURE_METHODS` on values the
step computed or read from the request), one or more `if (…)` gates whose branch ends the
workflow or throws, and at most a final `return` of the request body. Anything else raises
`FixError` naming the line, because replacing the step would drop it.
"""

from __future__ import annotations

from tree_sitter import Node

from checks.fixes.journal import FixError
from checks.parsing import Code
from checks.parsing.js import call_arguments, member_path, property_key, string_value, text, walk
from checks.parsing.jspaths import js_paths
from checks.parsing.jsscope import js_scope, pattern_names, unwrap
from checks.parsing.outcomes import js_outcome
from checks.parsing.shapes import StepShape, step_shape
from checks.parsing.values import OriginKind
from checks.parsing.vocabulary import JS_HMAC, JS_PURE_FUNCTIONS, JS_PURE_METHODS

_CRYPTO = frozenset({"crypto", "node:crypto"})
_COMPONENT_KEYS = frozenset({"run", "name", "key", "version", "description", "type"})
_DECLARATIONS = ("lexical_declaration", "variable_declaration")
# a bare `$.flow.exit()` ends the workflow after the step: the verifier ends it at once
_ENDS = ("exit", "throw", "bare-exit")


def _line(node: Node) -> int:
    return node.start_point[0] + 1


def _refuse(node: Node, what: str) -> FixError:
    return FixError(f"line {_line(node)} {what}; replacing the step would drop it")


class _Step:
    def __init__(self, code: Code, run: Node) -> None:
        self.code = code
        self.scope = js_scope(code)
        self.paths = js_paths(code, None)
        self.run = run
        self.locals: set[str] = set()
        self.secret_env: str | None = None

    # -- expressions ----------------------------------------------------------------------------

    def pure(self, node: Node) -> None:
        """Raise unless evaluating `node` only reads the request and computes."""
        for n in walk(node):
            t = n.type
            if t in ("await_expression", "new_expression", "assignment_expression"):
                raise _refuse(n, f"does more than compute ({t.split('_')[0]})")
            if t in ("arrow_function", "function_expression", "function", "update_expression"):
                raise _refuse(n, "does more than compute (a function or an update)")
            if t == "call_expression":
                self._pure_call(n)

    def _pure_call(self, call: Node) -> None:
        fn = unwrap(call.child_by_field_name("function"))
        if fn is None:
            raise _refuse(call, "calls something stepguard cannot name")
        path = member_path(fn) if fn.type != "identifier" else text(fn)
        qualified = self.scope.qualified(path) if path else None
        if qualified in JS_PURE_FUNCTIONS:
            if qualified is not None and qualified.endswith(JS_HMAC):
                self._note_key(call)
            return
        if fn.type == "member_expression":
            method = text(fn.child_by_field_name("property"))
            receiver = unwrap(fn.child_by_field_name("object"))
            if method in JS_PURE_METHODS and receiver is not None and self._computed(receiver):
                return
        raise _refuse(call, f"calls {path or text(fn)[:40]}")

    def _computed(self, node: Node) -> bool:
        """A value the step computed itself (a local, a pure call's result) or read from the
        request or the environment."""
        if node.type in ("call_expression", "string", "template_string", "binary_expression"):
            return True  # a call is checked on its own by `pure`; strings and `a + b` compute
        root = node
        while root.type in ("member_expression", "subscript_expression"):
            obj = root.child_by_field_name("object")
            if obj is None:
                return False
            root = unwrap(obj) or obj
        if root.type == "identifier" and text(root) in self.locals:
            return True
        if (member_path(node) or "").startswith("process.env."):
            return True
        base, _certain = self.paths.resolve(node)
        return base is not None and base.startswith("EVENT")

    def _note_key(self, hmac_call: Node) -> None:
        args = call_arguments(hmac_call)
        if len(args) < 2:
            return
        key: Node | None = args[1]
        while key is not None and key.type == "call_expression":  # `Buffer.from(…)`, `.trim()`
            fn = unwrap(key.child_by_field_name("function"))
            if fn is not None and member_path(fn) == "Buffer.from" and call_arguments(key):
                key = call_arguments(key)[0]
            elif fn is not None and fn.type == "member_expression":
                key = unwrap(fn.child_by_field_name("object"))
            else:
                break
        names = {o.name for o in self.scope.origins(key) if o.kind is OriginKind.ENV}
        if len(names) == 1:
            self.secret_env = names.pop()

    # -- statements -----------------------------------------------------------------------------

    def statements(self) -> None:
        body = self.run.child_by_field_name("body")
        if body is None or body.type != "statement_block":
            raise FixError("run() has no body to replace")
        stmts = [c for c in body.named_children if c.type != "comment"]
        gates = 0
        for i, st in enumerate(stmts):
            if st.type in _DECLARATIONS:
                self._declaration(st)
            elif st.type == "if_statement":
                self._gate(st)
                gates += 1
            elif st.type == "return_statement" and i == len(stmts) - 1:
                self._return(st)
            else:
                raise _refuse(st, "does more than check the signature")
        if not gates:
            raise FixError("the step has no check that ends the workflow on a bad signature")

    def _declaration(self, st: Node) -> None:
        for d in st.named_children:
            if d.type != "variable_declarator":
                continue
            name, value = d.child_by_field_name("name"), d.child_by_field_name("value")
            if name is None or value is None:
                raise _refuse(d, "declares a variable without a value")
            self.pure(value)
            self.locals |= pattern_names(name)

    def _gate(self, st: Node) -> None:
        if st.child_by_field_name("alternative") is not None:
            raise _refuse(st, "has an else branch")
        condition = st.child_by_field_name("condition")
        consequence = st.child_by_field_name("consequence")
        if condition is None or consequence is None:
            raise _refuse(st, "is an incomplete if")
        self.pure(condition)
        if js_outcome(self.code, consequence).kind not in _ENDS:
            raise _refuse(st, "has a branch that does not end the workflow")
        inner = (
            [c for c in consequence.named_children if c.type != "comment"]
            if consequence.type == "statement_block"
            else [consequence]
        )
        for s in inner:
            if s.type in ("return_statement", "throw_statement"):
                continue
            expr = unwrap(s.named_children[0]) if s.type == "expression_statement" else None
            if expr is not None and expr.type == "await_expression" and expr.named_child_count:
                expr = unwrap(expr.named_children[-1])
            name = member_path(expr.child_by_field_name("function") or expr) if expr else None
            if expr is not None and expr.type == "call_expression" and name is not None:
                if name.endswith(("flow.exit", "respond")):
                    continue
                if name.startswith("console.") and all(
                    a.type == "string" for a in call_arguments(expr)
                ):
                    continue
            raise _refuse(s, "does more than end the workflow in the failure branch")

    def _return(self, st: Node) -> None:
        if not st.named_child_count:
            return
        value = st.named_children[0]
        base, certain = self.paths.resolve(value)
        if base != "EVENT.body" or not certain:
            raise _refuse(st, "returns something other than the request body")


def _component(run: Node) -> Node | None:
    node = run.parent
    if node is not None and node.type == "pair":
        node = node.parent
    return node if node is not None and node.type == "object" else None


def _module(root: Node) -> None:
    for st in root.named_children:
        if st.type == "comment":
            continue
        if st.type == "export_statement" and "default" in (c.type for c in st.children):
            continue  # the component itself (`recognise` checks what it holds)
        if st.type == "import_statement":
            source = st.child_by_field_name("source")
            if source is not None and string_value(source) in _CRYPTO:
                continue
        raise _refuse(st, "is module code outside run()")


def recognise(code: Code) -> str | None:
    """Raise `FixError` unless the step is nothing but a signature check; return the
    environment variable its HMAC key comes from, when the code says."""
    shape = step_shape(code)
    tree = code.js_tree
    if not isinstance(shape, StepShape) or shape.kind not in ("defineComponent", "export default"):
        raise FixError("the step is not a component with run(); replace the check by hand")
    if "event" in shape.roles:  # `run(event)`: an event source, not a workflow step
        raise FixError("an event source: the tested verifier is a workflow step; change it by hand")
    if tree is None or tree.root_node.has_error:
        raise FixError("the step does not parse")
    _module(tree.root_node)
    run = tree.root_node.descendant_for_byte_range(shape.start, shape.end)
    while run is not None and (run.start_byte, run.end_byte) != (shape.start, shape.end):
        run = run.parent
    obj = _component(run) if run is not None else None
    if run is None or obj is None:
        raise FixError("could not find the component's run()")
    for member in obj.named_children:
        key = member.child_by_field_name("key") or member.child_by_field_name("name")
        if member.type != "comment" and (key is None or property_key(key) not in _COMPONENT_KEYS):
            raise _refuse(member, "is a component key beside run (props, methods, …)")
    step = _Step(code, run)
    step.statements()
    return step.secret_env
