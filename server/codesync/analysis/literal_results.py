"""The result of a call to overloads told apart by literal arguments.

``load(path, lazy=True)`` against ``load(path, *, lazy: Literal[True]) -> Reader`` and
``load(path, *, lazy: Literal[False] = ...) -> Frame`` (``engine/literal_overloads.py``
records them in order) is a ``Reader``: the first overload the call binds to, whose literal
parameters get a literal among those it accepts (or are left to their default). A value
that is not a literal where an overload wants one leaves the result unknown: the overload a
type checker would pick depends on it.
"""

from __future__ import annotations

import ast
from typing import Any

from ..knowledge.model import Param
from .binding import bind
from .call_shape import call_shape


def literal_result(cases: list[dict[str, Any]], call: ast.Call) -> str | None:
    """The class path the call's overload returns; "" when that overload names none; None
    when the call's arguments do not say which overload applies."""
    if any(isinstance(a, ast.Starred) for a in call.args) or \
            any(k.arg is None for k in call.keywords):
        return None
    shape = call_shape(call)
    for case in cases:
        params = [Param.from_json(p) for p in case.get("params", [])]
        binding = bind(params, shape)
        if not binding.ok:
            continue
        passed = _passed(binding.positional, binding.keywords, call)
        fits = _fits(case.get("literals", {}), passed)
        if fits is None:
            return None
        if fits:
            return str(case.get("returns", ""))
    return None


def _passed(positional: list[str], keywords: dict[str, str], call: ast.Call) -> dict[str, ast.expr]:
    """Parameter name -> the argument the call gives it."""
    passed = {name: arg for name, arg in zip(positional, call.args)}
    passed.update({keywords[k.arg]: k.value for k in call.keywords
                   if k.arg is not None and k.arg in keywords})
    return passed


def _fits(literals: dict[str, list[str]], passed: dict[str, ast.expr]) -> bool | None:
    """Whether every literal parameter gets one of its values (None: cannot tell)."""
    for name, values in literals.items():
        argument = passed.get(name)
        if argument is None:
            continue  # left to its default: the call binds, so the overload has one
        text = _literal_text(argument)
        if text is None:
            return None
        if text not in values:
            return False
    return True


def _literal_text(node: ast.expr) -> str | None:
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    return repr(value) if isinstance(value, (bool, int, str, bytes, type(None))) else None
