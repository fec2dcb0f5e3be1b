"""Partial results: a function whose returns name one class and are otherwise untypable.

    def Draw(im, mode=None):
        try:
            return im.getdraw(mode)     # what this gives cannot be told statically
        except AttributeError:
            return ImageDraw(im, mode)  # a class of the library

is *likely* to return an ``ImageDraw``: the record keeps it as ``likely_returns`` (never as
``returns``), and findings through it are CS203. The evidence is a class called by its
(CapWords) name, ``cls(...)``, ``self.__class__(...)`` or ``type(self)(...)``; ``return
self`` agrees with the last three. A return of a literal, ``None``, a container, a
comparison or a builtin's result says the function also returns something else, so no
guess is made; nor for generators, coroutines and decorated functions.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Callable, Iterator

from ..knowledge.model import Definition
from .deprecations import attribute_path

# (module name, function path, raw annotation text) -> class path or None
Resolve = Callable[[str, str, str], "str | None"]

_OTHER_TYPED = (ast.Constant, ast.JoinedStr, ast.List, ast.Tuple, ast.Dict, ast.Set,
                ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Compare,
                ast.Lambda)
_BUILTINS = frozenset(dir(builtins))
_PLAIN_DECORATORS = {"staticmethod", "classmethod"}
_SELF = {"Self": "Self", "self": "Self"}  # raw names of the receiver's class


# a module can only give a likely result if some return calls a class: the cheap test first
# (reading a module's tree again costs as much as a third of its extraction)
CLASS_CALL_RETURNED = re.compile(
    r"\breturn\s+\(?\s*(?:cls|self\.__class__|type\(self\)|(?:[A-Za-z_]\w*\.)*[A-Z]\w*)\s*\(")


def likely_candidates(tree: ast.Module, module: str) -> dict[str, list[str | None]]:
    """Function path -> per return statement, the raw name of what it calls (``Self`` for
    ``cls(...)``, ``self`` for ``self`` itself; resolved later), ``None`` where untypable;
    only functions with several returns, none typed as something else, one a call."""
    found: dict[str, list[str | None]] = {}
    for path, node in _functions(tree.body, module):
        raws = _returns(node)
        if raws is not None and len(raws) > 1 and any(r not in (None, "self") for r in raws):
            found[path] = raws
    return found


def apply_likely_returns(definitions: dict[str, Definition], module: str,
                         found: dict[str, list[str | None]], resolve: Resolve) -> None:
    """Record the one class the typable returns resolve to, where the record has no result."""
    for path, raws in found.items():
        definition = definitions.get(path)
        if definition is None or definition.kind not in ("function", "method") or \
                definition.returns:
            continue
        resolved = [_class_called(raw, resolve(module, path, _SELF.get(raw, raw))) if raw
                    else None for raw in raws]
        classes = set(resolved) - {None}
        if len(classes) != 1 or None not in resolved:
            continue  # no class, several, or every path typed (then it is no guess)
        [cls] = classes
        if cls in definitions and definitions[cls].kind == "class":
            definition.likely_returns = cls


def _class_called(raw: str, resolved: str | None) -> str | None:
    """The class a return calls by its own name (or ``Self``); a function's result, even one
    the record types, is no such evidence (``return helper(self)``), so untypable here."""
    if resolved is None or raw in _SELF:
        return resolved
    return resolved if resolved.rsplit(".", 1)[-1] == raw.rsplit(".", 1)[-1] else None


def _functions(body: list[ast.stmt], module: str) -> Iterator[tuple[str, ast.FunctionDef]]:
    for stmt in body:
        if isinstance(stmt, ast.FunctionDef):
            yield f"{module}.{stmt.name}", stmt
        elif isinstance(stmt, ast.ClassDef):
            for item in stmt.body:
                if isinstance(item, ast.FunctionDef):
                    yield f"{module}.{stmt.name}.{item.name}", item


def _returns(node: ast.FunctionDef) -> list[str | None] | None:
    """Each return's class name (None: untypable); None when the guess is off."""
    if node.returns is not None or any(
            attribute_path(d) not in _PLAIN_DECORATORS for d in node.decorator_list):
        return None  # annotated (the extractor's business), or wrapped by a decorator
    raws: list[str | None] = []
    for inner in _own_nodes(node.body):
        if isinstance(inner, (ast.Yield, ast.YieldFrom, ast.Await)):
            return None
        if isinstance(inner, ast.Return):
            raw = _classified(inner.value)
            if raw is False:
                return None
            raws.append(raw or None)
    return raws


def _classified(value: ast.expr | None) -> str | bool:
    """The class name a return calls, "" when untypable, False when typed otherwise."""
    if value is None or isinstance(value, _OTHER_TYPED) or (
            isinstance(value, ast.UnaryOp) and isinstance(value.op, ast.Not)):
        return False
    if isinstance(value, ast.Name) and value.id == "self":
        return "self"
    if isinstance(value, ast.Call):
        func = value.func
        if isinstance(func, ast.Name) and func.id == "cls" or attribute_path(func) == "self.__class__" \
                or isinstance(func, ast.Call) and attribute_path(func.func) == "type":
            return "Self"
        if isinstance(func, ast.Name) and func.id in _BUILTINS:
            return False
        name = attribute_path(func)  # resolved later: a class, or untypable
        return name if name.rsplit(".", 1)[-1][:1].isupper() else ""  # a CapWords class
    return ""


def _own_nodes(body: list[ast.stmt]) -> Iterator[ast.AST]:
    """The nodes of a function body, nested functions and classes left out."""
    stack: list[ast.AST] = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue
        stack.extend(reversed(list(ast.iter_child_nodes(node))))
