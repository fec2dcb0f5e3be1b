"""Result types a release's annotations state in terms of the receiver, and the results
added after the surface is built (``apply_typed_results``: overloads told apart by literal
arguments, ``literal_overloads.py``; partial results, ``likely_returns.py``).

``def copy(self) -> Self`` and ``def pick(self: T, key) -> T`` (``T = TypeVar("T",
bound=...)``), in a ``.py`` file or its ``.pyi`` stub, say the method returns the class of
the object it is called on. The record keeps the defining class as the result
(``returns``), which the checker reads as "the receiver's class" for a method of a base
class called on a subclass (``analysis/receiver_types.py``). The source still decides what
exists: only methods the snapshot already holds, and without a result type of their own,
get one here.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from ..knowledge.model import Definition
from .archive import SourceFile
from .likely_returns import (
    CLASS_CALL_RETURNED,
    Resolve,
    apply_likely_returns,
    likely_candidates,
)
from .literal_overloads import apply_literal_cases, literal_cases

SELF_NAMES = {"Self", "typing.Self", "typing_extensions.Self"}
TYPEVAR_CALLS = {"TypeVar", "typing.TypeVar", "typing_extensions.TypeVar"}


def receiver_results(modules: dict[str, SourceFile]) -> dict[str, str]:
    """Method path (``module.Class.method``) -> its class path, for the methods whose result
    is the receiver's type. ``modules`` maps module names (``#stub`` for a ``.pyi``) to files."""
    found: dict[str, str] = {}
    for key, source in modules.items():
        name = key.partition("#")[0]
        if "Self" not in source.text and "TypeVar" not in source.text:
            continue  # the cheap test first: most modules state neither
        try:
            tree = ast.parse(source.text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        typevars = _typevars(tree.body)
        for cls, method in _methods(tree.body, name):
            if _returns_receiver(method, typevars):
                found[f"{cls}.{method.name}"] = cls
    return found


def apply_receiver_results(definitions: dict[str, Definition], found: dict[str, str]) -> None:
    """Give the methods found a result where the snapshot knows none."""
    for path, cls in found.items():
        definition = definitions.get(path)
        if definition is not None and definition.kind == "method" and not definition.returns \
                and cls in definitions:
            definition.returns = cls


def apply_typed_results(definitions: dict[str, Definition], modules: dict[str, SourceFile],
                        resolve: Resolve) -> None:
    """Literal-selected overload results and likely results for the functions the snapshot
    holds; ``resolve`` turns a raw result in a module into a class path."""
    for key, source in sorted(modules.items(), key=lambda item: item[0].endswith("#stub")):
        name, _, kind = key.partition("#")
        literal = "overload" in source.text and "Literal" in source.text
        likely = not kind and CLASS_CALL_RETURNED.search(source.text) is not None
        if kind not in ("", "stub") or not (literal or likely):
            continue
        try:
            tree = ast.parse(source.text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        if literal:
            apply_literal_cases(definitions, name, literal_cases(tree, name), resolve)
        if likely:
            apply_likely_returns(definitions, name, likely_candidates(tree, name), resolve)


def _typevars(body: list[ast.stmt]) -> set[str]:
    names = set()
    for stmt in body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and \
                isinstance(stmt.targets[0], ast.Name) and isinstance(stmt.value, ast.Call) and \
                _dotted(stmt.value.func) in TYPEVAR_CALLS:
            names.add(stmt.targets[0].id)
    return names


def _methods(body: Iterable[ast.stmt], module: str):
    for stmt in body:
        if isinstance(stmt, ast.ClassDef):
            cls = f"{module}.{stmt.name}"
            for item in stmt.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    yield cls, item


def _returns_receiver(method: ast.FunctionDef | ast.AsyncFunctionDef, typevars: set[str]) -> bool:
    decorators = {_dotted(d) for d in method.decorator_list}
    if "staticmethod" in decorators or method.returns is None:
        return False
    returns = _annotation(method.returns)
    if returns in SELF_NAMES:
        return True
    if returns not in typevars:
        return False
    params = method.args.posonlyargs + method.args.args
    if not params or params[0].annotation is None:
        return False
    first = _annotation(params[0].annotation)
    return first == returns or first in (f"type[{returns}]", f"Type[{returns}]")


def _annotation(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            node = ast.parse(node.value, mode="eval").body
        except SyntaxError:
            return None
    if isinstance(node, ast.Subscript):
        head = _dotted(node.value)
        inner = _dotted(node.slice)
        return f"{head}[{inner}]" if head and inner else None
    return _dotted(node)


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr}" if head else None
    return None
