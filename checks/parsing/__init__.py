"""Parsing and the semantic model of step code.

One `Code` object per step (tree-sitter for JavaScript/TypeScript, `ast` for Python), and the
structures every analysis derives from it, each built once and kept with `Code.memo`: the
vocabulary, the step's form (`shapes`), scopes, qualified callees and origins (`jsscope`,
`pyscope`, `values`), lexical bindings (`jsbindings`, `pybindings`), request input paths
(`jspaths`, `pypaths`) and a component's functions and apps (`component`).
"""

from checks.parsing.code import Code, parse_code

__all__ = ["Code", "parse_code"]
