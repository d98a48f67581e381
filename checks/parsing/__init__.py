"""Parsing: tree-sitter for JavaScript/TypeScript, `ast` for Python, one `Code` object per step."""

from checks.parsing.code import Code, parse_code

__all__ = ["Code", "parse_code"]
