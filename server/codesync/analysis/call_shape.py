"""The shape of a call as written: how many positional arguments, which keywords, and
whether ``*args``/``**kwargs`` appear; and dotted names of callee chains."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from .binding import CallShape


def call_shape(node: ast.Call) -> CallShape:
    positional = 0
    star_args = False
    for arg in node.args:
        if isinstance(arg, ast.Starred):
            star_args = True
            break
        positional += 1
    keywords = tuple(k.arg for k in node.keywords if k.arg is not None)
    star_kwargs = any(k.arg is None for k in node.keywords)
    return CallShape(positional, keywords, star_args, star_kwargs)


def iter_call_arguments(node: ast.Call) -> Iterator[tuple[str | int, ast.AST]]:
    """(position or keyword, value node) for each plain argument of a call."""
    for index, arg in enumerate(node.args):
        if isinstance(arg, ast.Starred):
            return
        yield index, arg
    for keyword in node.keywords:
        if keyword.arg is not None:
            yield keyword.arg, keyword.value


def dotted(node: ast.AST) -> str:
    """``a.b.c`` for a chain of names, '' for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return ""
    return ".".join([node.id, *reversed(parts)])
