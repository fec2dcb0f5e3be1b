"""Names a module binds at import time without spelling them as assignments.

    module = sys.modules[__name__]
    for enum in (Transpose, Resampling):          # enum members re-exported as module names
        for item in enum:
            setattr(module, item.name, item.value)
    globals().update(Color.__members__)
    for name in ["a", "b"]:
        globals()[name] = make(name)

Loops are unrolled over what the module states literally: tuples and lists of names or
strings, and classes whose bodies list their members (enums). A site whose names cannot be
read this way leaves the module open (its names are not all known).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field

MAX_STEPS = 20_000
MUTATORS = ("update", "setdefault", "__setitem__")  # dict methods that bind names

Value = object  # a str, ("class", name), ("member", class name, member name) or ("pair", k, v)


def is_globals_call(node: ast.AST) -> bool:
    """``globals()``, or ``locals()``, which is the same mapping at module level (the only
    place the callers look)."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
        node.func.id in ("globals", "locals") and not node.args


def is_module_ref(node: ast.AST, refs: set[str]) -> bool:
    """``sys.modules[__name__]`` or a name bound to it."""
    if isinstance(node, ast.Name):
        return node.id in refs
    return isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and \
        node.value.attr == "modules" and isinstance(node.slice, ast.Name) and \
        node.slice.id == "__name__"


def is_namespace(node: ast.AST, names: set[str]) -> bool:
    """``globals()`` or a module-level name bound to it (``_attrs = globals()``)."""
    return is_globals_call(node) or (isinstance(node, ast.Name) and node.id in names)


def injection_sites(body: list[ast.stmt], refs: set[str],
                    namespaces: set[str] = frozenset()) -> set[int]:  # type: ignore[assignment]
    """Ids of the nodes that bind names by their text at module level (not in functions):
    ``globals()[...]``, ``globals().update``, ``setattr(<this module>, ...)``."""
    sites: set[int] = set()
    for stmt in body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        for node in ast.walk(stmt):
            if isinstance(node, ast.Subscript) and is_namespace(node.value, namespaces):
                if isinstance(node.ctx, ast.Store):  # ``globals()[name]`` only reads
                    sites.add(id(node))
            elif isinstance(node, ast.Attribute) and is_namespace(node.value, namespaces):
                if node.attr in MUTATORS:
                    sites.add(id(node))
            elif _is_setattr(node, refs):
                sites.add(id(node))
    return sites


def target_names(target: ast.expr) -> list[str] | None:
    """The names a ``for`` target binds: one name or a tuple of names (else None)."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple) and all(isinstance(e, ast.Name) for e in target.elts):
        return [e.id for e in target.elts]  # type: ignore[attr-defined]
    return None


def _appends_to_all(call: ast.Call) -> bool:
    func = call.func
    return isinstance(func, ast.Attribute) and func.attr == "append" and \
        isinstance(func.value, ast.Name) and func.value.id == "__all__" and \
        len(call.args) == 1 and not call.keywords


def _is_setattr(node: ast.AST, refs: set[str]) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
        node.func.id == "setattr" and len(node.args) == 3 and is_module_ref(node.args[0], refs)


@dataclass
class Injector:
    """Reads injections, given the module's classes with their members, the names bound to
    the module object, and its literal lists of strings."""

    classes: dict[str, list[str]]
    refs: set[str]
    lists: dict[str, list[str]]
    dicts: dict[str, dict[str, str]] = field(default_factory=dict)  # literal str -> str tables
    namespaces: set[str] = field(default_factory=set)  # names bound to ``globals()``
    read: set[int] = field(default_factory=set)  # ids of the sites understood
    # ``__all__.append(name)`` calls read in unrolled loops: id -> the names appended
    appended: dict[int, list[str]] = field(default_factory=dict)
    _steps: int = 0

    def names(self, stmt: ast.stmt, env: dict[str, Value] | None = None) -> list[str]:
        """The names one module-level statement injects (loops unrolled)."""
        env = env or {}
        if isinstance(stmt, ast.For):
            return self._loop(stmt, env)
        if isinstance(stmt, ast.If):
            return [n for s in stmt.body + stmt.orelse for n in self.names(s, env)]
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target = stmt.targets[0]
            if isinstance(target, ast.Subscript) and is_namespace(target.value, self.namespaces):
                return self._site(target, [self._key(target.slice, env)])
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            call = stmt.value
            if _is_setattr(call, self.refs):
                return self._site(call, [self._key(call.args[1], env)])
            func = call.func
            if isinstance(func, ast.Attribute) and func.attr == "update" and \
                    is_namespace(func.value, self.namespaces) and len(call.args) == 1 and \
                    not call.keywords:
                return self._site(func, self._mapping_keys(call.args[0], env))
            if env and _appends_to_all(call):
                key = self._key(call.args[0], env)
                if key is not None:
                    self.appended.setdefault(id(call), []).append(key)
        return []

    def _site(self, node: ast.AST, names: list[str | None] | None) -> list[str]:
        if names is None or None in names:
            return []
        self.read.add(id(node))
        return [n for n in names if n]  # type: ignore[misc]

    def _loop(self, stmt: ast.For, env: dict[str, Value]) -> list[str]:
        values = self._values(stmt.iter, env)
        targets = target_names(stmt.target)
        if values is None or targets is None:
            return []
        found: list[str] = []
        for value in values:
            self._steps += 1
            if self._steps > MAX_STEPS:
                return found
            if len(targets) == 1:
                inner = {**env, targets[0]: value}
            elif isinstance(value, tuple) and value[0] == "pair" and len(targets) == 2:
                inner = {**env, targets[0]: value[1], targets[1]: value[2]}
            else:
                return found
            for child in stmt.body:
                found.extend(self.names(child, inner))
        return found

    def _values(self, node: ast.expr, env: dict[str, Value]) -> list[Value] | None:
        """What iterating ``node`` gives, when the module says literally."""
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            values = [self._value(e, env) for e in node.elts]
            return None if None in values else values
        if isinstance(node, ast.Attribute) and node.attr == "__members__":
            cls = self._value(node.value, env)
            return list(self._members(cls)) if isinstance(cls, tuple) else None
        if isinstance(node, ast.Name):
            value = self._value(node, env)
            if isinstance(value, tuple) and value[0] == "class":
                return [("member", value[1], m) for m in self.classes[value[1]]]
            if node.id not in env and node.id in self.lists:
                return list(self.lists[node.id])
        return self._table_view(node, env)

    def _table_view(self, node: ast.expr, env: dict[str, Value]) -> list[Value] | None:
        """``TABLE.items()`` / ``.keys()`` / ``.values()`` of a literal table of strings."""
        if not (isinstance(node, ast.Call) and not node.args and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id not in env):
            return None
        table = self.dicts.get(node.func.value.id)
        view = node.func.attr
        if table is None or view not in ("items", "keys", "values"):
            return None
        if view == "items":
            return [("pair", k, v) for k, v in table.items()]
        return list(table) if view == "keys" else list(table.values())

    def _value(self, node: ast.expr, env: dict[str, Value]) -> Value | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in env:
                return env[node.id]
            if node.id in self.classes:
                return ("class", node.id)
        return None

    def _members(self, cls: tuple) -> Iterator[str]:
        if cls[0] == "class":
            yield from self.classes[cls[1]]

    def _key(self, node: ast.expr, env: dict[str, Value]) -> str | None:
        """A name the statement binds: a literal, a string variable, ``member.name``,
        ``cls.__name__``."""
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            value = env.get(node.value.id)
            if isinstance(value, tuple):
                if node.attr == "name" and value[0] == "member":
                    return value[2]
                if node.attr == "__name__" and value[0] == "class":
                    return value[1]
            return None
        value = self._value(node, env)
        return value if isinstance(value, str) else None

    def _mapping_keys(self, node: ast.expr, env: dict[str, Value]) -> list[str | None] | None:
        """The keys of what ``globals().update(...)`` is given."""
        if isinstance(node, ast.Attribute) and node.attr == "__members__":
            cls = self._value(node.value, env)
            return list(self._members(cls)) if isinstance(cls, tuple) else None
        if isinstance(node, ast.Dict):
            keys = [self._key(k, env) if k is not None else None for k in node.keys]
            return keys
        if isinstance(node, ast.DictComp) and len(node.generators) == 1 and \
                not node.generators[0].ifs and isinstance(node.generators[0].target, ast.Name):
            generator = node.generators[0]
            values = self._values(generator.iter, env)
            if values is None:
                return None
            return [self._key(node.key, {**env, generator.target.id: v})  # type: ignore[union-attr]
                    for v in values]
        return None
