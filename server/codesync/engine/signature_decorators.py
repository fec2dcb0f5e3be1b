"""Decorators that add parameters to the signature Python shows.

A decorator of the distribution may give what it wraps a ``__signature__`` with parameters of
its own appended, built with ``inspect.Parameter("name", Parameter.KIND, default=...)``:
networkx's dispatch decorator adds ``*, backend=None, **backend_kwargs``, matplotlib's
``_preprocess_data`` adds ``*, data=None``. Such a decorator is recognised by its body (it sets
or defines ``__signature__`` and builds parameters with literal names); the functions it
decorates then get those parameters, read across modules once every module is scanned.
"""

from __future__ import annotations

import ast

from ..knowledge.model import KEYWORD_ONLY, VAR_KEYWORD, Param

_KINDS = {
    "POSITIONAL_ONLY": "p", "POSITIONAL_OR_KEYWORD": "a", "VAR_POSITIONAL": "v",
    "KEYWORD_ONLY": KEYWORD_ONLY, "VAR_KEYWORD": VAR_KEYWORD,
}


def added_parameters(node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) -> list[Param]:
    """The parameters a decorator defined by ``node`` appends to a signature (empty: none)."""
    if not _sets_signature(node):
        return []
    added: dict[str, Param] = {}
    for child in ast.walk(node):
        if isinstance(child, ast.Call):
            param = _parameter_call(child)
            if param is not None and param.kind in (KEYWORD_ONLY, VAR_KEYWORD):
                added.setdefault(param.name, param)
    return list(added.values())


def with_added(params: list[Param], added: list[Param]) -> tuple[list[Param], str]:
    """``params`` as the decorator shows them, and the name of the ``**`` parameter it adds
    (kept apart: keywords it takes go to the decorator's machinery, a name the function lacks
    still raises when none of it is in use)."""
    names = {p.name for p in params}
    var_keyword = next((p for p in params if p.kind == VAR_KEYWORD), None)
    own = [p for p in params if p.kind != VAR_KEYWORD]
    keywords = [p for p in added if p.kind == KEYWORD_ONLY and p.name not in names]
    extra = next((p.name for p in added if p.kind == VAR_KEYWORD), "")
    tail = [var_keyword] if var_keyword is not None else []
    return own + keywords + tail, "" if var_keyword is not None else extra


def _sets_signature(node: ast.AST) -> bool:
    for child in ast.walk(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) and \
                child.name == "__signature__":
            return True
        if isinstance(child, (ast.Assign, ast.AnnAssign)):
            targets = child.targets if isinstance(child, ast.Assign) else [child.target]
            if any(isinstance(t, ast.Attribute) and t.attr == "__signature__" for t in targets):
                return True
    return False


def _parameter_call(call: ast.Call) -> Param | None:
    """``inspect.Parameter("backend", inspect.Parameter.KEYWORD_ONLY, default=None)``."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name != "Parameter" or not call.args:
        return None
    first = call.args[0]
    if not isinstance(first, ast.Constant) or not isinstance(first.value, str):
        return None
    kind_node = call.args[1] if len(call.args) > 1 else next(
        (k.value for k in call.keywords if k.arg == "kind"), None)
    kind = _KINDS.get(kind_node.attr) if isinstance(kind_node, ast.Attribute) else None
    if kind is None:
        return None
    default = next((k.value for k in call.keywords if k.arg == "default"), None)
    return Param(first.value, kind, _default(default))


def _default(node: ast.expr | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, ast.Attribute) and node.attr == "empty":
        return None  # ``Parameter.empty``: no default
    return ast.unparse(node)
