"""Literal tables of names that one module reads from another.

pygments lists its lexers as ``__all__ = [...] + list(LEXERS)``, where ``LEXERS`` is a literal
dict in ``pygments.lexers._mapping`` whose values start with the module defining each class
(``'ABAPLexer': ('pygments.lexers.business', 'ABAP', ...)``); a module ``__getattr__`` imports
them on first use. The keys are names the module has, each the class of that name in the
module the entry names. The scan keeps each module's literal tables; ``__all__`` refers to an
imported one as ``TABLE_PREFIX + path``; the surface reads it once every module is scanned.
"""

from __future__ import annotations

import ast

TABLE_PREFIX = "table:"
_MODULE_LIKE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.")


def table_of(value: ast.expr | None) -> dict[str, str] | None:
    """A literal dict keyed by strings: key -> the dotted name its value starts with ("" when
    it starts with none); a literal list or tuple of strings: each -> "". None otherwise."""
    if isinstance(value, (ast.List, ast.Tuple)) and value.elts and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts):
        return dict.fromkeys((e.value for e in value.elts), "")
    if not isinstance(value, ast.Dict) or not value.keys:
        return None
    table: dict[str, str] = {}
    for key, item in zip(value.keys, value.values):
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return None
        table[key.value] = _leading_module(item)
    return table


def table_ref(path: str) -> str:
    return TABLE_PREFIX + path


def table_path(ref: str) -> str | None:
    """The table's dotted path, when ``ref`` names a table (else None)."""
    return ref[len(TABLE_PREFIX):] if ref.startswith(TABLE_PREFIX) else None


def _leading_module(node: ast.expr) -> str:
    first = node.elts[0] if isinstance(node, (ast.Tuple, ast.List)) and node.elts else None
    if isinstance(first, ast.Constant) and isinstance(first.value, str) and "." in first.value \
            and set(first.value) <= _MODULE_LIKE:
        return first.value
    return ""
