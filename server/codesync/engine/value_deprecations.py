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

Parts of a string (``ValueDeprecation.part``): a name bound to the parameter's string split
(``pattern.split(freq)``, ``freq.split(",")``) and what is unpacked from it, tested part by part
(``for n, name in ...: if name.upper() in TABLE``), deprecates the values as parts.
``not flag and freq in TABLE`` holds unless the call passes ``flag`` (``unless``);
``not isinstance(na, bool)`` deprecates every literal of another type (``types``), also with
``na is not <sentinel>`` and ``not isna(na)`` beside it; ``freq is not None and fill_value is
not <sentinel>`` under a warning that names both deprecates passing them together
(``together``), not either one.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field, replace

from ..knowledge.model import Deprecation, ValueDeprecation
from .exits import is_fallen_through, presence_subject

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
    fold: str = ""  # ``x.upper() in TABLE``: the value upper-cased is compared
    unless: tuple = ()  # ``not flag and ...``: names whose truth turns the test off
    types: tuple = ()  # ``not isinstance(x, bool)``: every value of another type
    together: tuple = ()  # ``x is not None and y is not None``: x passed with y
    when: tuple = ()  # ``flag and ...``: names that must be true for the test to hold
    of_types: tuple = ()  # ``isinstance(x, float)``, ``is_float(x)``: values of these types


PART = "#"  # a subject holding a part of a parameter's string: "freq#letters"
FOLDED = "~"  # a copy of a parameter folded (``key = scale.lower()``): "scale~lower"
BUILTIN_TYPES = {"bool", "int", "float", "str", "bytes", "complex", "list", "tuple", "dict",
                 "set", "frozenset"}


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
        keys = literal_values(node.keys)
        if keys is None:
            return None
        texts = literal_values(node.values)
        mapping = {k: v for k, v in zip(keys, texts or ()) if isinstance(k, str)
                   and isinstance(v, str)}
        return LiteralTable(tuple(keys), mapping if texts is not None else {})
    values = _container(node)
    return LiteralTable(values) if values is not None else None


def _container(node: ast.expr) -> tuple | None:
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        found = literal_values(node.elts)
        return tuple(found) if found else None
    return None


def literal_values(nodes: list) -> list | None:
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
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return _conjunction(test.values, tables)
    if isinstance(test, ast.BoolOp):
        parts = [t for value in test.values for t in value_tests(value, tables)]
        subjects = {p.subject for p in parts}
        if len(parts) != len(test.values) or len(subjects) != 1 or \
                len({p.fold for p in parts}) != 1 or \
                any(p.others or p.types or p.unless or p.when or p.of_types for p in parts):
            return []
        return [ValueTest(parts[0].subject, tuple(v for p in parts for v in p.values),
                          replacements=tuple(r for p in parts for r in p.replacements),
                          fold=parts[0].fold)]
    types = _negated_type_test(test)
    if types is not None:
        return [ValueTest(types[0], (), types=types[1])]
    types = _type_test_of(test)
    if types is not None:
        return [ValueTest(types[0], (), of_types=types[1])]
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
        key, fold = folded_subject(left)
        return [ValueTest(key, (value,), fold=fold)] if key and \
            value not in (_NOT_LITERAL, None) else []
    key, fold = folded_subject(left)
    if isinstance(op, (ast.In, ast.NotIn)) and key:
        table = container_table(right, tables)
        if table is None:
            return []
        others = isinstance(op, ast.NotIn)
        if others and (fold or not all(isinstance(v, str) for v in table.values)):
            return []
        return [ValueTest(key, table.values, others,
                          () if others else tuple(sorted(table.mapping.items())), fold)]
    return []


def folded_subject(node: ast.expr) -> tuple[str, str]:
    """(key, fold) of a tested expression: ``x`` -> ("x", ""), ``x.upper()`` -> ("x", "upper")."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr in ("upper", "lower") and not node.args and not node.keywords:
        return subject_key(node.func.value), node.func.attr
    return subject_key(node), ""


def _conjunction(values: list[ast.expr], tables: dict[str, LiteralTable]) -> list[ValueTest]:
    """``a and b``: one value test; beside it type tests of its subject, ``not flag``
    (the test holds unless ``flag``), and for a type test ``x is not <sentinel>`` and
    ``not isna(x)``; anything else is about data: none."""
    found = [(v, [] if _type_test_of(v) else value_tests(v, tables)) for v in values]
    tests = [t for _, ts in found for t in ts]
    passed = [_passed_subject(v) for v in values]
    if not tests and all(passed) and len(set(passed)) == len(passed):
        return [ValueTest(passed[0], (), together=tuple(passed[1:]))]
    subjects = {t.subject for t in tests}
    if len(subjects) != 1 or any(t.unless or t.when or t.of_types for t in tests):
        return []
    subject = next(iter(subjects))
    unless: list[str] = []
    when: list[str] = []
    typed = any(t.types for t in tests)
    for value, ts in found:
        if ts or _type_test(value, subject):
            continue
        flag = _negated_flag(value)
        if flag and flag != subject:
            unless.append(flag)
        elif isinstance(value, ast.Name) and value.id != subject and not typed:
            when.append(value.id)  # ``is_period and name in TABLE``
        elif not (typed and _about_passed(value, subject)):
            return []
    if len(tests) > 1:  # ``x not in A and x.upper() in A``: no one set of values
        return []
    return [ValueTest(t.subject, t.values, t.others, t.replacements, t.fold, tuple(unless),
                      t.types, when=tuple(when)) for t in tests]


def _passed_subject(node: ast.expr) -> str:
    """``x is not None`` / ``x is not <sentinel>`` (a name or attribute): the key of ``x``."""
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and \
            isinstance(node.ops[0], ast.IsNot) and (
                isinstance(node.comparators[0], (ast.Name, ast.Attribute)) or
                literal_value(node.comparators[0]) is None):
        return subject_key(node.left)
    return ""


def _negated_flag(node: ast.expr) -> str:
    """``not flag`` for a plain name: the name."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not) and \
            isinstance(node.operand, ast.Name):
        return node.operand.id
    return ""


def _about_passed(node: ast.expr, subject: str) -> bool:
    """``x is not <anything>`` (a sentinel, None) or ``not f(x)`` (``not isna(x)``)."""
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and \
            isinstance(node.ops[0], ast.IsNot) and subject_key(node.left) == subject:
        return True
    return isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not) and \
        isinstance(node.operand, ast.Call) and len(node.operand.args) == 1 and \
        not node.operand.keywords and subject_key(node.operand.args[0]) == subject


def _negated_type_test(node: ast.expr) -> tuple[str, tuple] | None:
    """``not isinstance(x, bool)`` / ``(int, float)`` of builtin types: (key, type names);
    ``int`` takes ``bool`` along (a bool is an int)."""
    if not (isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)):
        return None
    call = node.operand
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and
            call.func.id == "isinstance" and len(call.args) == 2 and subject_key(call.args[0])):
        return None
    spec = call.args[1]
    names = [e.id if isinstance(e, ast.Name) else "" for e in (
        spec.elts if isinstance(spec, ast.Tuple) else [spec])]
    if not names or not all(n in BUILTIN_TYPES for n in names):
        return None
    if "int" in names:
        names.append("bool")
    return subject_key(call.args[0]), tuple(sorted(set(names)))


def _type_test_of(node: ast.expr) -> tuple[str, tuple] | None:
    """``isinstance(x, float)`` (builtin types) or ``is_float(x)`` / ``lib.is_float(x)``
    (a predicate named for one builtin type): (key, type names)."""
    if not (isinstance(node, ast.Call) and len(node.args) == 1 + (
            isinstance(node.func, ast.Name) and node.func.id == "isinstance") and
            not node.keywords and subject_key(node.args[0])):
        return None
    if isinstance(node.func, ast.Name) and node.func.id == "isinstance":
        spec = node.args[1]
        names = [e.id if isinstance(e, ast.Name) else "" for e in (
            spec.elts if isinstance(spec, ast.Tuple) else [spec])]
        if not names or not all(n in BUILTIN_TYPES for n in names):
            return None
        names += ["bool"] if "int" in names else []
        return subject_key(node.args[0]), tuple(sorted(set(names)))
    name = node.func.attr if isinstance(node.func, ast.Attribute) else \
        node.func.id if isinstance(node.func, ast.Name) else ""
    kind = name[3:] if name.startswith("is_") else ""
    return (subject_key(node.args[0]), (kind,)) if kind in BUILTIN_TYPES else None


_OPPOSITE = {ast.In: ast.NotIn, ast.NotIn: ast.In, ast.NotEq: ast.Eq}


def _negated(test: ast.expr) -> ast.expr | None:
    """``x in A`` for ``not (x not in A)`` (an ``else`` branch); None where the negation is
    no value test (``not (x == "a")`` allows every value but one)."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in _OPPOSITE:
        return ast.Compare(left=test.left, ops=[_OPPOSITE[type(test.ops[0])]()],
                           comparators=test.comparators)
    return None


def container_table(node: ast.expr, tables: dict[str, LiteralTable]) -> LiteralTable | None:
    if isinstance(node, ast.Name):
        return tables.get(node.id)
    values = _container(node)
    return LiteralTable(values) if values is not None else None


def aliases(body: list[ast.stmt], subjects: dict[str, str]) -> dict[str, str]:
    """``subjects`` (expression key -> parameter) grown by the body's plain copies of them:
    ``self._algorithm = self.algorithm``, ``method = self.method``, and folded ones:
    ``scale_key = scale.lower()``."""
    grown = dict(subjects)
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                source, target = subject_key(node.value), subject_key(node.targets[0])
                if source in grown and target and target not in grown:
                    grown[target] = grown[source]
                    continue
                source, fold = folded_subject(node.value)
                if fold and target and target not in grown and source in grown and \
                        PART not in grown[source] and FOLDED not in grown[source]:
                    grown[target] = f"{grown[source]}{FOLDED}{fold}"
    return _grow_parts(body, grown) if "split" in _names_called(body) else grown


_CARRIERS = {"zip", "enumerate", "list", "tuple", "iter", "reversed", "sorted"}


def _names_called(body: list[ast.stmt]) -> set[str]:
    return {n.func.attr for stmt in body for n in ast.walk(stmt)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}


def _grow_parts(body: list[ast.stmt], subjects: dict[str, str]) -> dict[str, str]:
    """Names holding parts of a parameter's string: bound to its split (``pattern.split(p)``:
    runs of letters; ``p.split(",")``: that separator) and to what is taken from those
    (subscripts, ``zip``/``enumerate``, ``TABLE.get(x) or x``, ``for`` targets)."""
    grown = dict(subjects)
    steps = [n for stmt in body for n in ast.walk(stmt) if isinstance(n, (ast.Assign, ast.For))]
    for _ in range(3):  # statement order is not walk order: a few rounds reach the end
        before = len(grown)
        for node in steps:
            source = node.value if isinstance(node, ast.Assign) else node.iter
            found = _split_of(source, grown) or _carried(source, grown)
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for name in (n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)):
                if found and name not in grown:
                    grown[name] = found
        if len(grown) == before:
            break
    return grown


def _split_of(node: ast.expr, subjects: dict[str, str]) -> str:
    """``param.split(sep)`` or ``pattern.split(param)`` -> "param#sep" / "param#letters"."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and
            node.func.attr == "split"):
        return ""
    owner = subjects.get(subject_key(node.func.value), "")
    if owner and PART not in owner and FOLDED not in owner:
        sep = literal_value(node.args[0]) if node.args else " "
        return f"{owner}{PART}{sep}" if isinstance(sep, str) and sep else ""
    param = subjects.get(subject_key(node.args[-1]), "") if node.args else ""
    return f"{param}{PART}letters" if param and PART not in param and FOLDED not in param \
        else ""


def _carried(node: ast.expr, subjects: dict[str, str]) -> str:
    """The part subject an expression passes on unchanged, or ''."""
    if isinstance(node, ast.Name):
        found = subjects.get(node.id, "")
        return found if PART in found else ""
    if isinstance(node, ast.Subscript):
        return _carried(node.value, subjects)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
            node.func.id in _CARRIERS:
        return next((c for c in map(lambda a: _carried(a, subjects), node.args) if c), "")
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr == "get" and node.args and len(node.args) <= 2 and \
            all(_carried(a, subjects) for a in node.args):
        return _carried(node.args[0], subjects)  # ``TABLE.get(x, x)``
    if isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or):  # ``T.get(x) or x``
        found = {_carried(v, subjects) or _table_get(v, subjects) for v in node.values}
        return found.pop() if len(found) == 1 else ""
    return ""


def _table_get(node: ast.expr, subjects: dict[str, str]) -> str:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr == "get" and len(node.args) == 1:
        return _carried(node.args[0], subjects)
    return ""


def guarded_values(guards: tuple, found: Deprecation, subjects: dict[str, str],
                   tables: dict[str, LiteralTable]) -> dict[str, ValueDeprecation]:
    """Parameter -> the values a warning's innermost ``if`` deprecates (an outer
    ``if method == "x":`` around ``if data_is_odd: warn(...)`` is about the data)."""
    tests = [g for g in guards if isinstance(g, ast.expr)]
    # an early exit above decides which values reach a type test below it (sympify returns
    # for numbers through ``if conv is not None: return conv(a)`` before its ``if not
    # isinstance(a, str)``: 5 is no deprecated non-str); one that only says a parameter was
    # given (``if x is None: return``) does not. Its value test is one where it is the
    # warning's own test (``if method in OK: return``).
    deciding = [g for g in tests[:-1] if is_fallen_through(g) and not presence_subject(g)]
    tests = [g for g in tests[:-1] if not is_fallen_through(g)] + tests[-1:]
    if not tests:
        return {}
    result: dict[str, ValueDeprecation] = {}
    alone = len(tests) == 1 and not deciding
    refold = _refold_test(tests[-1]) if len(tests) > 1 else None
    found_tests = value_tests(tests[-1], tables) if refold is None else [
        replace(t, replacements=()) for t in value_tests(tests[-2], tables)
        if (t.subject, t.fold) == refold and not (t.others or t.types or t.together)]
    for test in found_tests:
        if test.types and not alone:
            continue  # ``if grouped_by_list: if not isinstance(name, tuple)``: data decides
        if test.of_types and (deciding or not all(_about_passed(g, test.subject)
                                                  for g in tests[:-1])):
            continue  # only ``if x is not None:`` may stand around a test of its type
        param, _, part = subjects.get(test.subject, "").partition(PART)
        param, _, copied = param.partition(FOLDED)  # compared as ``param.lower()``
        unless = [subjects.get(u, PART) for u in test.unless]
        together = [subjects.get(u, PART) for u in test.together]
        when = [subjects.get(u, PART) for u in test.when]
        if not param or param in result or (copied and (test.fold or test.others or test.types
                                                        or test.of_types or test.together)) or \
                any(PART in u or FOLDED in u for u in unless + together + when) or \
                (part and (test.others or test.types or test.of_types)) or (together and not all(
                    re.search(rf"\b{re.escape(n)}\b", found.message)
                    for n in [param, *together])):
            continue  # a flag that is no parameter, a pair the text does not name: data
        result[param] = ValueDeprecation(values=test.values, deprecation=found,
                                         others=test.others,
                                         replacements=dict(test.replacements), part=part,
                                         fold=test.fold or copied,
                                         unless=tuple(sorted(set(unless))),
                                         types=test.types, together=tuple(together),
                                         when=tuple(sorted(set(when))),
                                         refold=refold is not None, of_types=test.of_types)
    return result


def _refold_test(test: ast.expr) -> tuple[str, str] | None:
    """``x.upper() != x`` (either way round): (key, fold) of a test that only the spelling
    of the value decides; the values are those the enclosing test names."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and
            isinstance(test.ops[0], ast.NotEq)):
        return None
    sides = [folded_subject(test.left), folded_subject(test.comparators[0])]
    folded = [s for s in sides if s[1]]
    plain = [s for s in sides if not s[1]]
    if len(folded) == 1 and len(plain) == 1 and folded[0][0] == plain[0][0] and plain[0][0]:
        return folded[0]
    return None


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
            found.update(subjects[t.subject].partition(PART)[0].partition(FOLDED)[0]
                         for t in value_tests(part, tables) if t.subject in subjects)
    return found


def _type_test(node: ast.expr, subject: str) -> bool:
    """``isinstance(subject, ...)``: a test of the same value's type."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
        node.func.id == "isinstance" and bool(node.args) and subject_key(node.args[0]) == subject
