"""The values that reach a warning: those a bound allows, less those an early exit takes.

    meth = method.lower()
    methods = {"highs", "highs-ds", "simplex", "interior-point"}
    if meth not in methods:
        raise ValueError(...)          # the bound: every call that works passes one of these
    if meth.startswith("highs"):
        return ...                     # an early exit: these values leave here
    warn(f"method={meth!r} is deprecated", DeprecationWarning)

The warning is made by the bound's values that no early exit takes away ("simplex",
"interior-point"): a deprecation of those values, not of every call. The exits' tests are
decided on each literal string: ``==``, ``!=``, ``in``, ``not in`` (a literal or a literal
table), ``startswith``/``endswith``, ``not``, ``and``, ``or``. A test that cannot be decided,
or a guard about anything else, leaves the values unknown.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ..knowledge.model import Deprecation, ValueDeprecation
from .exits import always_leaves, is_fallen_through, skips_rest
from .value_deprecations import (
    FOLDED,
    PART,
    LiteralTable,
    container_table,
    folded_subject,
    literal_value,
)

_UNDECIDED = None


@dataclass(frozen=True)
class Bound:
    subject: str  # the tested expression's key (``meth``)
    fold: str  # ``method.lower() not in methods``: "lower"
    values: tuple[str, ...]


def bound_of(stmt: ast.stmt, tables: dict[str, LiteralTable]) -> Bound | None:
    """``if x not in STRINGS: raise ...`` (no else, the body only raises): the strings."""
    if not (isinstance(stmt, ast.If) and not stmt.orelse and always_leaves(stmt.body) and
            not skips_rest(stmt.body)):
        return None
    test = stmt.test
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not) and \
            isinstance(test.operand, ast.Compare) and \
            isinstance(test.operand.ops[0], ast.In):
        test = ast.Compare(left=test.operand.left, ops=[ast.NotIn()],
                           comparators=test.operand.comparators)
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and
            isinstance(test.ops[0], ast.NotIn)):
        return None
    subject, fold = folded_subject(test.left)
    values = _strings(test.comparators[0], tables)
    return Bound(subject, fold, values) if subject and values else None


def reaching_values(bound: Bound, guards: tuple, found: Deprecation, subjects: dict[str, str],
                    tables: dict[str, LiteralTable]) -> dict[str, ValueDeprecation]:
    """Parameter -> the values of ``bound`` that get past every early exit above a warning,
    where those exits are all decided on the bound's subject and let some values through,
    not all of them (all would be the parameter itself, or no test of it)."""
    tests = [g for g in guards if isinstance(g, ast.expr)]
    if not tests or len(tests) != len(guards) or not all(map(is_fallen_through, tests)):
        return {}
    param, _, copied = subjects.get(bound.subject, "").partition(FOLDED)
    if not param or PART in param or (copied and bound.fold):
        return {}
    kept = []
    for value in bound.values:
        verdicts = [_holds(test, bound, value, tables) for test in tests]
        if _UNDECIDED in verdicts:
            return {}
        if all(verdicts):
            kept.append(value)
    if not kept or len(kept) == len(bound.values):
        return {}
    return {param: ValueDeprecation(values=tuple(kept), deprecation=found,
                                    fold=bound.fold or copied)}


def _holds(test: ast.expr, bound: Bound, value: str, tables: dict[str, LiteralTable]):
    """Whether ``test`` holds where the subject is ``value``: True, False or undecided."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _holds(test.operand, bound, value, tables)
        return _UNDECIDED if inner is _UNDECIDED else not inner
    if isinstance(test, ast.BoolOp):
        verdicts = [_holds(v, bound, value, tables) for v in test.values]
        if _UNDECIDED in verdicts:
            return _UNDECIDED
        return all(verdicts) if isinstance(test.op, ast.And) else any(verdicts)
    if isinstance(test, ast.Call):
        return _affix_test(test, bound, value)
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and
            folded_subject(test.left) == (bound.subject, bound.fold)):
        return _UNDECIDED
    op, right = test.ops[0], test.comparators[0]
    if isinstance(op, (ast.Eq, ast.NotEq)):
        other = literal_value(right)
        if not isinstance(other, str):
            return _UNDECIDED
        return (value == other) == isinstance(op, ast.Eq)
    if isinstance(op, (ast.In, ast.NotIn)):
        members = _strings(right, tables)
        if not members:
            return _UNDECIDED
        return (value in members) == isinstance(op, ast.In)
    return _UNDECIDED


def _affix_test(call: ast.Call, bound: Bound, value: str):
    """``x.startswith("highs")`` / ``x.endswith(("a", "b"))`` on the subject."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr in ("startswith", "endswith") and
            len(call.args) == 1 and not call.keywords and
            folded_subject(func.value) == (bound.subject, bound.fold)):
        return _UNDECIDED
    arg = call.args[0]
    affixes = [literal_value(e) for e in arg.elts] if isinstance(arg, ast.Tuple) else \
        [literal_value(arg)]
    if not affixes or not all(isinstance(a, str) for a in affixes):
        return _UNDECIDED
    return getattr(value, func.attr)(tuple(affixes))


def _strings(node: ast.expr, tables: dict[str, LiteralTable]) -> tuple[str, ...]:
    """The strings of a literal container (``{...}``, ``frozenset((...))``) or of a literal
    table it names; () unless all are strings."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
            node.func.id in ("set", "frozenset", "tuple") and len(node.args) == 1:
        node = node.args[0]
    table = container_table(node, tables)
    values = table.values if table is not None else ()
    return tuple(values) if values and all(isinstance(v, str) for v in values) else ()
