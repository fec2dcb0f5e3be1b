"""What a module's ``__getattr__`` can serve, and the name tables it serves them from.

A module-level ``__getattr__`` makes every missing name possibly present, unless its body
says otherwise. Two shapes say it plainly:

    def __getattr__(name):                     def __getattr__(name):
        if name in _deprecated:                    if name not in __all__:
            warn(...); return _deprecated[name]        raise AttributeError(...)
        raise AttributeError(name)                 warn("... is deprecated", DeprecationWarning)
                                                   return getattr(_private, name)

The first serves the keys of ``_deprecated``; the second serves ``__all__``, each with a
deprecation. Any other statement on the way (a loop, a ``try``, a return outside such a test,
falling off the end, which returns None for every name) leaves the set open.

Name tables may also be built by comprehensions over a literal list, as numpy builds the
messages for its removed builtin aliases (``{n: _msg.format(n=n) for n, _ in _type_info}``).
"""

from __future__ import annotations

import ast
import string
from dataclasses import dataclass

from ..knowledge.model import Deprecation
from . import deprecations as dep


@dataclass
class Served:
    """The names a ``__getattr__`` can return, and the deprecation it warns for them all."""

    names: list[str]
    deprecation: Deprecation | None = None
    parameter: str = "name"  # the name parameter, as the warning's f-string spells it

    def message_for(self, name: str) -> str:
        message = self.deprecation.message if self.deprecation else ""
        return message.replace("{" + self.parameter + "}", name)


class ModuleLiterals:
    """Module-level literals a ``__getattr__`` or a table comprehension refers to by name."""

    def __init__(self) -> None:
        self.strings: dict[str, str] = {}
        self.name_lists: dict[str, list[str]] = {}  # lists, tuples, sets and dict keys of str
        self.sequences: dict[str, ast.expr] = {}  # literal lists/tuples, for comprehensions

    def learn(self, name: str, value: ast.expr | None) -> None:
        text = dep.literal_text(value, self.strings) if isinstance(
            value, (ast.Constant, ast.JoinedStr, ast.BinOp)) else None
        if text is not None:
            self.strings[name] = text
        names = self.names_in(value)
        if names is not None:
            self.name_lists[name] = names
        if isinstance(value, (ast.List, ast.Tuple)):
            self.sequences[name] = value

    def names_in(self, node: ast.expr | None) -> list[str] | None:
        """The strings a literal container (or a name bound to one) holds; None if not literal."""
        if isinstance(node, ast.Name):
            return self.name_lists.get(node.id)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [k for k in node.keys if k is not None]
            if len(items) != len(node.keys):
                return None
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id in ("set", "frozenset", "list", "tuple") and len(node.args) == 1:
            return self.names_in(node.args[0])
        else:
            return None
        texts = [item.value for item in items
                 if isinstance(item, ast.Constant) and isinstance(item.value, str)]
        return texts if len(texts) == len(items) else None


def table_entries(value: ast.expr, literals: ModuleLiterals) -> dict[str, str] | None:
    """Name -> message of a table written as a dict literal or a dict comprehension over a
    literal list; None when its keys are not all known."""
    if isinstance(value, ast.Dict):
        entries: dict[str, str] = {}
        for key, item in zip(value.keys, value.values):
            name = dep.literal_text(key) if key is not None else None
            if name:
                entries[name] = _message(item, literals.strings)
        return entries
    if isinstance(value, ast.DictComp) and len(value.generators) == 1:
        return _comprehension_entries(value, literals)
    return None


def _message(item: ast.expr, strings: dict[str, str]) -> str:
    message = dep.literal_text(item, strings)
    if message is None and isinstance(item, ast.Tuple):
        texts = [dep.literal_text(e, strings) for e in item.elts]
        message = next((t for t in texts if t), "")
    return message or ""


def _comprehension_entries(value: ast.DictComp, literals: ModuleLiterals) -> dict[str, str] | None:
    generator = value.generators[0]
    source = generator.iter
    if isinstance(source, ast.Name):
        source = literals.sequences.get(source.id)
    if not isinstance(source, (ast.List, ast.Tuple)) or generator.ifs:
        return None
    names = _target_names(generator.target)
    if names is None:
        return None
    entries: dict[str, str] = {}
    for element in source.elts:
        bound = _bind_element(names, element, literals.strings)
        if bound is None:
            return None
        key = _formatted(value.key, bound, literals.strings)
        if not key:
            return None
        parts = value.value.elts if isinstance(value.value, ast.Tuple) else [value.value]
        texts = [_formatted(part, bound, literals.strings) for part in parts]
        entries[key] = next((t for t in texts if t), None) or _message(
            value.value, {**literals.strings, **bound})
    return entries


def _target_names(target: ast.expr) -> list[str] | None:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple) and all(isinstance(e, ast.Name) for e in target.elts):
        return [e.id for e in target.elts]  # type: ignore[union-attr]
    return None


def _bind_element(names: list[str], element: ast.expr, strings: dict[str, str]
                  ) -> dict[str, str] | None:
    if len(names) == 1:
        items = [element]
    elif isinstance(element, (ast.Tuple, ast.List)) and len(element.elts) == len(names):
        items = element.elts
    else:
        return None
    bound: dict[str, str] = {}
    for name, item in zip(names, items):
        text = _formatted(item, {}, strings)
        if text is not None:  # a non-text item (the alias's object) is simply not bound
            bound[name] = text
    return bound


def _formatted(node: ast.expr, bound: dict[str, str], strings: dict[str, str]) -> str | None:
    """A string expression with the comprehension's variables filled in: a variable, a
    literal, or ``template.format(...)`` whose arguments are either."""
    if isinstance(node, ast.Name) and node.id in bound:
        return bound[node.id]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return strings.get(node.id)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr == "format":
        template = _formatted(node.func.value, bound, strings)
        if template is None:
            return None
        args = [_formatted(a, bound, strings) or "" for a in node.args]
        kwargs = {k.arg: _formatted(k.value, bound, strings) or "" for k in node.keywords if k.arg}
        return _safe_format(template, args, kwargs)
    return None


def _safe_format(template: str, args: list[str], kwargs: dict[str, str]) -> str:
    parts = []
    auto = 0
    try:
        for literal, field_name, _, _ in string.Formatter().parse(template):
            parts.append(literal)
            if field_name is None:
                continue
            if field_name == "":
                parts.append(args[auto] if auto < len(args) else "")
                auto += 1
            elif field_name.isdigit():
                index = int(field_name)
                parts.append(args[index] if index < len(args) else "")
            else:
                parts.append(kwargs.get(field_name, ""))
    except ValueError:
        return template
    return "".join(parts)


def served_names(node: ast.FunctionDef | ast.AsyncFunctionDef, literals: ModuleLiterals,
                 all_names: list[str] | None) -> Served | None:
    """The names ``__getattr__`` can return when its body says (see the module docstring)."""
    args = node.args.posonlyargs + node.args.args
    if len(args) != 1:
        return None
    param = args[0].arg
    served: list[str] = []
    for index, stmt in enumerate(node.body):
        if _is_docstring(stmt) or isinstance(stmt, (ast.Import, ast.ImportFrom, ast.Global)):
            continue
        if isinstance(stmt, ast.Raise):
            return Served(sorted(set(served)), parameter=param)
        if not isinstance(stmt, ast.If) or stmt.orelse and not _raises(stmt.orelse):
            return None
        test = _membership(stmt.test, param, literals, all_names)
        if test is None:
            return None
        names, negated = test
        if negated:  # "if name not in X: raise": every name that gets further is in X
            if not _raises(stmt.body):
                return None
            return Served(sorted(set(served) | set(names)),
                          _warned(node.body[index + 1:], literals), param)
        served.extend(names)
        if stmt.orelse:  # if name in X: ... else: raise
            return Served(sorted(set(served)), parameter=param)
    return None  # falling off the end returns None for every other name


def _warned(body: list[ast.stmt], literals: ModuleLiterals) -> Deprecation | None:
    """The deprecation warned unconditionally by the statements that serve every name."""
    for stmt in body:
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and \
                dep.is_deprecation_warn(stmt.value):
            return dep.warn_deprecation(stmt.value, literals.strings)
    return None


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and \
        isinstance(stmt.value.value, str)


def _raises(body: list[ast.stmt]) -> bool:
    return bool(body) and isinstance(body[-1], ast.Raise)


def _membership(test: ast.expr, param: str, literals: ModuleLiterals,
                all_names: list[str] | None) -> tuple[list[str], bool] | None:
    """(names, negated) for ``param in X`` / ``param not in X`` / ``param == "a"`` / ``!=``,
    and ``or`` of positive tests."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        parts = [_membership(v, param, literals, all_names) for v in test.values]
        if any(p is None or p[1] for p in parts):
            return None
        return [n for p in parts for n in p[0]], False  # type: ignore[index]
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1
            and isinstance(test.left, ast.Name) and test.left.id == param):
        return None
    op, right = test.ops[0], test.comparators[0]
    if isinstance(op, (ast.Eq, ast.NotEq)):
        if isinstance(right, ast.Constant) and isinstance(right.value, str):
            return [right.value], isinstance(op, ast.NotEq)
        return None
    if not isinstance(op, (ast.In, ast.NotIn)):
        return None
    if isinstance(right, ast.Name) and right.id == "__all__":
        names = all_names
    else:
        names = literals.names_in(right)
    if names is None:
        return None
    return list(names), isinstance(op, ast.NotIn)
