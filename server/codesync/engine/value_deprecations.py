"""Deprecated literal values of a parameter: a deprecation warning guarded by a test of the
parameter's value, read from ``ast`` (nothing is evaluated).

    def fit(self, algorithm="lloyd"):
        if algorithm in ("auto", "full"):                 # or == "auto", or in _DEPRECATED
            warnings.warn("algorithm='auto' is deprecated", FutureWarning)

    class KMeans:
        def _check(self):
            self._algorithm = self.algorithm              # an alias of the constructor's one
            if self._algorithm in ("auto", "full"): warn(...)
            if isinstance(self.metric, str) and self.metric not in ("euclidean", "manhattan"):
                warn(...)                                 # every other string is deprecated

Only the warning's innermost ``if`` counts, and an ``and`` only with type tests of the same
value: ``if strategy == "constant" and X.any():`` deprecates data, not a value. A value that
is the parameter's default is left out by the caller (``extract._add_values``).

A module-level literal dict the test reads (``freq in _DEPRECATED_ALIASES``) gives the values
(its keys) and, where its values are strings, the value to use instead of each.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ..knowledge.model import Deprecation, ValueDeprecation

LITERAL_TYPES = (str, int, float, bool, type(None))
SELF = "self."


@dataclass
class LiteralTable:
    """A module-level literal collection: its members, and for a dict of strings the map."""

    values: tuple
    mapping: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ValueTest:
    subject: str  # the tested expression's key: a name, or ``self.attr``
    values: tuple
    others: bool = False  # ``not in``: the values allowed, every other string is deprecated
    replacements: tuple = ()  # ((old, new), ...) from a table


def literal_tables(body: list[ast.stmt]) -> dict[str, LiteralTable]:
    """Module-level names bound to a literal dict, set, tuple, list or frozenset."""
    tables: dict[str, LiteralTable] = {}
    for stmt in body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target, value = stmt.targets[0], stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            target, value = stmt.target, stmt.value
        else:
            continue
        if isinstance(target, ast.Name):
            table = _table(value)
            if table is not None:
                tables[target.id] = table
    return tables


def _table(node: ast.expr) -> LiteralTable | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
            node.func.id in ("frozenset", "set", "tuple") and len(node.args) == 1:
        node = node.args[0]
    if isinstance(node, ast.Dict):
        if any(k is None for k in node.keys):
            return None
        keys = _literals(node.keys)
        if keys is None:
            return None
        texts = _literals(node.values)
        mapping = {k: v for k, v in zip(keys, texts or ()) if isinstance(k, str)
                   and isinstance(v, str)}
        return LiteralTable(tuple(keys), mapping if texts is not None else {})
    values = _container(node)
    return LiteralTable(values) if values is not None else None


def _container(node: ast.expr) -> tuple | None:
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        found = _literals(node.elts)
        return tuple(found) if found else None
    return None


def _literals(nodes: list) -> list | None:
    found = []
    for node in nodes:
        value = literal_value(node)
        if value is _NOT_LITERAL:
            return None
        found.append(value)
    return found


_NOT_LITERAL = object()


def literal_value(node: ast.expr | None):
    """The value of a literal constant (``-1`` included), or a marker that it is none."""
    if isinstance(node, ast.Constant) and isinstance(node.value, LITERAL_TYPES):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and \
            isinstance(node.operand, ast.Constant) and \
            type(node.operand.value) in (int, float):
        return -node.operand.value
    return _NOT_LITERAL


def subject_key(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
            node.value.id == "self":
        return SELF + node.attr
    return ""


def value_tests(test: ast.expr, tables: dict[str, LiteralTable]) -> list[ValueTest]:
    """The value tests a guard makes: ``x == lit``, ``x in (lits)``, ``x in TABLE``,
    ``x not in (strings)``, joined by ``and`` (with type tests of the one subject) or ``or``
    (the same subject); a test joined to one of other values is about those too: none."""
    if isinstance(test, ast.BoolOp):
        parts = [t for value in test.values for t in value_tests(value, tables)]
        subjects = {p.subject for p in parts}
        if isinstance(test.op, ast.And):  # each part about the one subject, or it is data's
            same = len(subjects) == 1 and all(
                value_tests(v, tables) or _type_test(v, next(iter(subjects)))
                for v in test.values)
            return parts if same else []
        if len(parts) != len(test.values) or len(subjects) != 1 or any(p.others for p in parts):
            return []
        return [ValueTest(parts[0].subject, tuple(v for p in parts for v in p.values),
                          replacements=tuple(r for p in parts for r in p.replacements))]
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        flipped = _negated(test.operand)
        return value_tests(flipped, tables) if flipped is not None else []
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return []
    left, op, right = test.left, test.ops[0], test.comparators[0]
    if isinstance(op, ast.Eq):  # not ``is None``: a test of whether it was left out
        if literal_value(left) is not _NOT_LITERAL:
            left, right = right, left
        value = literal_value(right)
        key = subject_key(left)
        return [ValueTest(key, (value,))] if key and value not in (_NOT_LITERAL, None) else []
    if isinstance(op, (ast.In, ast.NotIn)) and subject_key(left):
        table = _container_table(right, tables)
        if table is None:
            return []
        others = isinstance(op, ast.NotIn)
        if others and not all(isinstance(v, str) for v in table.values):
            return []
        return [ValueTest(subject_key(left), table.values, others,
                          () if others else tuple(sorted(table.mapping.items())))]
    return []


_OPPOSITE = {ast.In: ast.NotIn, ast.NotIn: ast.In, ast.NotEq: ast.Eq}


def _negated(test: ast.expr) -> ast.expr | None:
    """``x in A`` for ``not (x not in A)`` (an ``else`` branch); None where the negation is
    no value test (``not (x == "a")`` allows every value but one)."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in _OPPOSITE:
        return ast.Compare(left=test.left, ops=[_OPPOSITE[type(test.ops[0])]()],
                           comparators=test.comparators)
    return None


def _container_table(node: ast.expr, tables: dict[str, LiteralTable]) -> LiteralTable | None:
    if isinstance(node, ast.Name):
        return tables.get(node.id)
    values = _container(node)
    return LiteralTable(values) if values is not None else None


def aliases(body: list[ast.stmt], subjects: dict[str, str]) -> dict[str, str]:
    """``subjects`` (expression key -> parameter) grown by the body's plain copies of them:
    ``self._algorithm = self.algorithm``, ``method = self.method``."""
    grown = dict(subjects)
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                source, target = subject_key(node.value), subject_key(node.targets[0])
                if source in grown and target and target not in grown:
                    grown[target] = grown[source]
    return grown


def guarded_values(guards: tuple, found: Deprecation, subjects: dict[str, str],
                   tables: dict[str, LiteralTable]) -> dict[str, ValueDeprecation]:
    """Parameter -> the values a warning's innermost ``if`` deprecates (an outer
    ``if method == "x":`` around ``if data_is_odd: warn(...)`` is about the data)."""
    innermost = next((g for g in reversed(guards) if isinstance(g, ast.expr)), None)
    if innermost is None:
        return {}
    result: dict[str, ValueDeprecation] = {}
    for test in value_tests(innermost, tables):
        param = subjects.get(test.subject)
        if param is not None and param not in result:
            result[param] = ValueDeprecation(values=test.values, deprecation=found,
                                             others=test.others,
                                             replacements=dict(test.replacements))
    return result


def tested_parameters(guards: tuple, subjects: dict[str, str],
                      tables: dict[str, LiteralTable]) -> set[str]:
    """Parameters whose value some guard compares with literals: such a parameter is not
    deprecated as a whole, whatever else the guard asks."""
    found: set[str] = set()
    for guard in guards:
        if not isinstance(guard, ast.expr):
            continue
        parts = guard.values if isinstance(guard, ast.BoolOp) and \
            isinstance(guard.op, ast.And) else [guard]
        for part in parts:  # not inside a ``not (x == 1)``: the else of a value test
            found.update(subjects[t.subject] for t in value_tests(part, tables)
                         if t.subject in subjects)
    return found


def _type_test(node: ast.expr, subject: str) -> bool:
    """``isinstance(subject, ...)``: a test of the same value's type."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
        node.func.id == "isinstance" and bool(node.args) and subject_key(node.args[0]) == subject
