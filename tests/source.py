"""Reading the project's source as syntax trees, for the tests that check its structure (doors,
import graph)."""

from __future__ import annotations

import ast


def parse(source: str, filename: str = "<unknown>") -> ast.Module:
    """`ast.parse`, tried again on CPython 3.11's "AST constructor recursion depth mismatch":
    before 3.11.8 the AST constructor's recursion counter is shared between threads
    (https://github.com/python/cpython/issues/106905), so a parse can fail while a live server
    thread left by a browser test runs. The source is never at fault: a second parse succeeds."""
    for _ in range(3):
        try:
            return ast.parse(source, filename)
        except SystemError as error:
            if "recursion depth mismatch" not in str(error):
                raise
            last = error
    raise last
