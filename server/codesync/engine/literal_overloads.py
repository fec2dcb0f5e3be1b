"""Overloads told apart by literal arguments.

    @overload
    def load(path, *, lazy: Literal[True]) -> Reader: ...
    @overload
    def load(path, *, lazy: Literal[False] = ...) -> Frame: ...

in a ``.pyi`` stub or inline in a ``.py`` module: the result depends on the literal passed.
The record keeps each overload's parameters, the literal values each of its parameters
accepts (``None`` counts as one) and its result (``""`` when it names no class), in the
order the overloads are written; ``analysis/literal_results.py`` picks the first one a call
fits.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from typing import Any

from ..knowledge.model import (
    KEYWORD_ONLY,
    POSITIONAL_ONLY,
    POSITIONAL_OR_KEYWORD,
    VAR_KEYWORD,
    VAR_POSITIONAL,
    Definition,
    Param,
)
from .deprecations import attribute_path

LITERAL_HEADS = {"Literal", "typing.Literal", "typing_extensions.Literal", "t.Literal"}
OVERLOAD_NAMES = {"overload", "typing.overload", "typing_extensions.overload", "t.overload"}

# (module name, function path, raw annotation text) -> class path or None
Resolve = Callable[[str, str, str], "str | None"]


def literal_cases(tree: ast.Module, module: str) -> dict[str, list[tuple[list[Param], dict, str]]]:
    """Function path -> its overloads as (parameters, literals, raw result), for the
    functions (and methods of top-level classes) with an overload that takes a literal."""
    groups: dict[str, list[tuple[list[Param], dict, str]]] = {}
    for path, node, is_method in _functions(tree.body, module):
        if not any(attribute_path(d) in OVERLOAD_NAMES for d in node.decorator_list):
            continue
        params = _params(node.args, drop_first=is_method and not _static(node))
        literals = {a.arg: values for a in _all_args(node.args)
                    if (values := literal_values(a.annotation)) is not None}
        groups.setdefault(path, []).append((params, literals, _raw_result(node.returns)))
    return {path: cases for path, cases in groups.items()
            if any(literals for _, literals, _ in cases) and len(cases) > 1}


def apply_literal_cases(definitions: dict[str, Definition], module: str,
                        found: dict[str, list[tuple[list[Param], dict, str]]],
                        resolve: Resolve) -> None:
    """Record the cases on the functions the snapshot holds, their results resolved."""
    for path, cases in found.items():
        definition = definitions.get(path)
        if definition is None or definition.kind not in ("function", "method"):
            continue
        records = [_record(params, literals, resolve(module, path, raw) if raw else None)
                   for params, literals, raw in cases]
        if len({r["returns"] for r in records}) > 1:  # the literal changes the result
            definition.literal_returns = records


def literal_values(annotation: ast.expr | None) -> list[str] | None:
    """``Literal[True]`` -> ["True"]; ``Literal["a", "b"] | None`` -> ["'a'", "'b'", "None"];
    None when the annotation admits values that are not literals (or there is none)."""
    if annotation is None:
        return None
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        try:
            annotation = ast.parse(annotation.value, mode="eval").body
        except SyntaxError:
            return None
    if isinstance(annotation, ast.Constant) and annotation.value is None:
        return ["None"]
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        left, right = literal_values(annotation.left), literal_values(annotation.right)
        return left + right if left is not None and right is not None else None
    if isinstance(annotation, ast.Subscript) and attribute_path(annotation.value) in LITERAL_HEADS:
        items = annotation.slice.elts if isinstance(annotation.slice, ast.Tuple) \
            else [annotation.slice]
        values = [literal_text(item) for item in items]
        return values if all(v is not None for v in values) else None  # type: ignore[misc]
    return None


def literal_text(node: ast.expr) -> str | None:
    """The canonical text of a literal expression (``repr`` of its value), else None."""
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    return repr(value) if isinstance(value, (bool, int, str, bytes, type(None))) else None


def _record(params: list[Param], literals: dict, returns: str | None) -> dict[str, Any]:
    return {"params": [p.to_json() for p in params], "literals": literals,
            "returns": returns or ""}


def _functions(body: list[ast.stmt], module: str) -> Iterator[tuple[str, ast.FunctionDef, bool]]:
    for stmt in body:
        if isinstance(stmt, ast.FunctionDef):
            yield f"{module}.{stmt.name}", stmt, False
        elif isinstance(stmt, ast.ClassDef):
            for item in stmt.body:
                if isinstance(item, ast.FunctionDef):
                    yield f"{module}.{stmt.name}.{item.name}", item, True


def _static(node: ast.FunctionDef) -> bool:
    return any(attribute_path(d) == "staticmethod" for d in node.decorator_list)


def _all_args(args: ast.arguments) -> list[ast.arg]:
    return [*args.posonlyargs, *args.args, *args.kwonlyargs]


def _params(args: ast.arguments, drop_first: bool) -> list[Param]:
    defaults: list[ast.expr | None] = [None] * (
        len(args.posonlyargs) + len(args.args) - len(args.defaults)) + list(args.defaults)
    positional = [(a, POSITIONAL_ONLY) for a in args.posonlyargs] + \
        [(a, POSITIONAL_OR_KEYWORD) for a in args.args]
    params = [Param(a.arg, kind, None if d is None else _default(d))
              for (a, kind), d in zip(positional, defaults)]
    if drop_first and params:
        params = params[1:]
    if args.vararg:
        params.append(Param(args.vararg.arg, VAR_POSITIONAL))
    params += [Param(a.arg, KEYWORD_ONLY, None if d is None else _default(d))
               for a, d in zip(args.kwonlyargs, args.kw_defaults)]
    if args.kwarg:
        params.append(Param(args.kwarg.arg, VAR_KEYWORD))
    return params


def _default(node: ast.expr) -> str:
    return ast.unparse(node)


def _raw_result(node: ast.expr | None) -> str:
    """The class a result names: ``Reader``, ``"Reader"``, a generic's class
    (``GroupBy[Scalar, Literal[True]]``); "" for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            node = ast.parse(node.value.strip(), mode="eval").body
        except SyntaxError:
            return ""
    if isinstance(node, ast.Subscript):
        node = node.value
    return attribute_path(node) if node is not None else ""
