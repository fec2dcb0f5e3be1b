"""Notices that a parameter's default will change: the warning a library gives while a call
leaves the parameter at a placeholder default, before the new default arrives. scikit-learn
1.2, ``cluster/_kmeans.py``::

    class KMeans(_BaseKMeans):
        def __init__(self, n_clusters=8, *, n_init="warn", ...): ...

    class _BaseKMeans:
        def _check_params_vs_input(self, X, default_n_init=None):
            self._n_init = self.n_init
            if self._n_init == "warn":
                warnings.warn("The default value of `n_init` will change from 10 to 'auto' "
                              "in 1.4. Set the value of `n_init` explicitly ...", FutureWarning)

The warning tests one thing, that a parameter the message names (``n_init``, also as
``self.n_init`` or ``self._n_init``) still holds a placeholder (``== "warn"``, ``is
no_default``), so every callable of the module whose parameter has that placeholder for its
default gives it when a call leaves the parameter out (here ``KMeans``, ``MiniBatchKMeans``,
``k_means``). ``None`` is every optional parameter's default, so a notice guarded by ``is
None`` goes only to the function that warns and to the module's callables that call it
(scipy 1.11's solvers, each calling ``_get_atol(tol, atol, ...)``). The warning may also
need another argument given (``if callback is not None``) or holding some literals
(``self.strategy in ("uniform", "kmeans") and self.subsample == "warn"``): those are kept
with the notice, and a callable without that parameter does not get it. A warning under
any other test (for some data, a computed value) is not such a notice.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from ..knowledge.model import DefaultNotice, Definition, Deprecation
from .exits import is_fallen_through
from .value_deprecations import SELF, literal_values, subject_key


@dataclass(frozen=True)
class Notice:
    warner: str  # the name of the function that warns
    parameter: str
    default: str  # the placeholder's source text, as a parameter's default is stored
    deprecation: Deprecation
    given: tuple = ()  # other parameters the call must pass (not None)
    values: tuple = ()  # ((other parameter, (literal, ...)), ...) it must hold


def notice_of(guards: tuple, deprecation: Deprecation, warner: str) -> Notice | None:
    """The notice a default-change warning under ``guards`` gives, when its one test is a
    parameter the message names against a placeholder."""
    tests = [t for g in guards if isinstance(g, ast.expr) and not is_fallen_through(g)
             for t in _conjuncts(g)]
    read = [(t, _placeholder_test(t)) for t in tests]
    matches = [(t, found) for t, found in read
               if found is not None and _named(found[0], deprecation.message)]
    if len(matches) != 1:
        return None
    matched, (parameter, placeholder) = matches[0]
    given: list[str] = []
    values: dict[str, tuple] = {}
    for test in tests:
        if test is matched or _other_value(test, parameter, placeholder):
            continue
        other = _given(test)
        if other and other != parameter:
            given.append(other)
            continue
        held = _held(test)
        if held is None or held[0] == parameter:
            return None
        values[held[0]] = held[1]
    return Notice(warner, parameter, placeholder, deprecation, tuple(sorted(set(given))),
                  tuple(sorted(values.items())))


def _named(parameter: str, message: str) -> bool:
    return bool(re.search(rf"(?<![\w.]){re.escape(parameter)}(?!\w)", message))


def _conjuncts(test: ast.expr) -> list[ast.expr]:
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return [c for value in test.values for c in _conjuncts(value)]
    return [test]


def _given(test: ast.expr) -> str:
    """``callback is not None``: the parameter the test needs passed."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and \
            isinstance(test.ops[0], ast.IsNot) and isinstance(test.comparators[0], ast.Constant) \
            and test.comparators[0].value is None:
        return _subject(test.left)
    return ""


def _held(test: ast.expr) -> tuple[str, tuple] | None:
    """``strategy in ("uniform", "kmeans")`` / ``strategy == "uniform"``: (parameter, values)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and _subject(test.left)):
        return None
    right = test.comparators[0]
    items = [right] if isinstance(test.ops[0], ast.Eq) else right.elts if isinstance(
        test.ops[0], ast.In) and isinstance(right, (ast.Tuple, ast.List, ast.Set)) else []
    values = literal_values(items)
    return (_subject(test.left), tuple(values)) if values else None


def _placeholder_test(test: ast.expr) -> tuple[str, str] | None:
    """``x == "warn"`` / ``self._x is no_default``: (parameter, placeholder text)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1
            and isinstance(test.ops[0], (ast.Eq, ast.Is))):
        return None
    parameter, placeholder = _subject(test.left), test.comparators[0]
    if not parameter or not isinstance(placeholder, (ast.Constant, ast.Name, ast.Attribute)):
        return None
    return parameter, ast.unparse(placeholder)


def _other_value(test: ast.expr, parameter: str, placeholder: str) -> bool:
    """A test the placeholder passes anyway: the parameter is not some other value
    (``elif dual == "warn"`` after ``if dual == "auto"``)."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        inner = _placeholder_test(test.operand)
        return inner is not None and inner[0] == parameter and inner[1] != placeholder
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and \
            isinstance(test.ops[0], (ast.NotEq, ast.IsNot)):
        inner = _placeholder_test(ast.Compare(test.left, [ast.Eq()], test.comparators))
        return inner is not None and inner[0] == parameter and inner[1] != placeholder
    return False


def _subject(node: ast.expr) -> str:
    """``n_init``, ``self.n_init`` or ``self._n_init``: the parameter's name."""
    key = subject_key(node)
    return key[len(SELF):].lstrip("_") if key.startswith(SELF) else key


def apply_default_notices(tree: ast.Module, module: str, definitions: dict[str, Definition],
                          notices: list[Notice]) -> None:
    """Give each callable of the module the notices its parameters' defaults call for."""
    if not notices:
        return
    for path, node in _callables(tree.body, module):
        record = definitions.get(path)
        if record is None or not record.params:
            continue
        defaults = {p.name: p.default for p in record.params}
        called: set[str] | None = None
        for notice in notices:
            if defaults.get(notice.parameter) != notice.default or any(
                    name not in defaults for name in [*notice.given, *dict(notice.values)]):
                continue
            if notice.default == "None" and node.name != notice.warner:
                called = _called_names(node) if called is None else called
                if notice.warner not in called:
                    continue
            record.default_notices.setdefault(notice.parameter, DefaultNotice(
                notice.deprecation, notice.given, notice.values))


def _callables(body: list[ast.stmt], prefix: str):
    for stmt in body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield f"{prefix}.{stmt.name}", stmt
        elif isinstance(stmt, ast.ClassDef):
            yield from _callables(stmt.body, f"{prefix}.{stmt.name}")


def _called_names(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            if isinstance(call.func, ast.Name):
                names.add(call.func.id)
            elif isinstance(call.func, ast.Attribute):
                names.add(call.func.attr)
    return names


__all__ = ["Notice", "apply_default_notices", "notice_of"]
