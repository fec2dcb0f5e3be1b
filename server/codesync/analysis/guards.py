"""Code written to handle more than one release: what a guard around a site says about it.

* ``if np.__version__ < "2": ...`` (also through ``Version(...)``, ``parse(...)``,
  ``parse_version(...)``, ``LooseVersion(...)``): a branch that does not run on the target
  release is not judged against it.
* ``if hasattr(np, "product"): np.product(...)``: the branch runs only where the name exists.
* ``try: ... except (ImportError, AttributeError):`` around a removed API, ``except TypeError``
  around a call that no longer binds: the code expects the failure and has its fallback; and
  the fallback in such a handler is written for the releases where the ``try`` fails, so a
  removed or deprecated API there is not judged against the target.
* ``with pytest.raises(E)``, ``self.assertRaises(E)``: calls meant to fail, but only with ``E``:
  a removed name inside still breaks the test unless ``E`` is (a base of) the error its
  removal raises (``AttributeError``, ``ImportError``), a call that no longer binds unless
  ``E`` catches ``TypeError``; ``pytest.warns``,
  ``pytest.deprecated_call``, ``assertWarns``, ``warnings.catch_warnings``: deprecations used on
  purpose.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from dataclasses import dataclass, replace

from packaging.version import InvalidVersion, Version

VERSION_WRAPPERS = {"Version", "parse", "parse_version", "LooseVersion", "StrictVersion"}
REMOVAL_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "AttributeError"})
CALL_ERRORS = frozenset({"TypeError"})
BROAD_ERRORS = frozenset({"Exception", "BaseException"})  # catch whatever a removal raises
RAISES = {"raises", "assertRaises", "assertRaisesRegex"}
WARNS = {"warns", "deprecated_call", "assertWarns", "assertWarnsRegex", "catch_warnings"}
OPERATORS: dict[type, Callable] = {ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
                                   ast.GtE: operator.ge, ast.Eq: operator.eq, ast.NotEq: operator.ne}
FLIPPED = {ast.Lt: ast.Gt, ast.LtE: ast.GtE, ast.Gt: ast.Lt, ast.GtE: ast.LtE, ast.Eq: ast.Eq,
           ast.NotEq: ast.NotEq}


@dataclass(frozen=True)
class Guard:
    kind: str  # version, hasattr, catches, fallback, raises, warns
    path: str = ""  # version: the module whose __version__ is compared; hasattr: the name
    compare: type | None = None  # version: the ast operator class, module version on the left
    version: str = ""
    holds: bool = True  # the branch runs when the condition holds (False: the else branch)
    errors: frozenset[str] = frozenset()

    def runs_on(self, installed: str) -> bool | None:
        """For a version guard: does its branch run on ``installed``? None when unknown."""
        try:
            result = OPERATORS[self.compare](Version(installed), Version(self.version))
        except (InvalidVersion, KeyError, TypeError):
            return None
        return result if self.holds else not result


def condition_guards(test: ast.AST, resolve: Callable[[ast.AST], str | None]) -> tuple[
        tuple[Guard, ...], tuple[Guard, ...]]:
    """Guards for the body and for the else branch of ``if test``. ``resolve`` gives the
    library path an expression names (``np.__version__`` -> ``numpy.__version__``)."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        body, orelse = condition_guards(test.operand, resolve)
        return orelse, body
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        parts = [condition_guards(v, resolve)[0] for v in test.values]
        return tuple(g for part in parts for g in part), ()
    guard = _version_guard(test, resolve) or _hasattr_guard(test, resolve)
    if guard is None:
        return (), ()
    return (guard,), (replace(guard, holds=False),)


def _version_guard(test: ast.AST, resolve) -> Guard | None:
    if not isinstance(test, ast.Compare) or len(test.ops) != 1:
        return None
    left, right, op = test.left, test.comparators[0], type(test.ops[0])
    module = _version_of(left, resolve)
    literal = _literal_version(right)
    if module is None or literal is None:
        module, literal, op = _version_of(right, resolve), _literal_version(left), FLIPPED.get(op)
    if module is None or literal is None or op not in OPERATORS:
        return None
    return Guard("version", module, op, literal)


def _version_of(node: ast.AST, resolve) -> str | None:
    """The module whose ``__version__`` the expression reads, through a version wrapper."""
    if isinstance(node, ast.Call) and len(node.args) == 1 and _name(node.func) in VERSION_WRAPPERS:
        node = node.args[0]
    path = resolve(node)
    if path and path.endswith(".__version__"):
        return path.removesuffix(".__version__")
    return None


def _literal_version(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call) and len(node.args) == 1 and _name(node.func) in VERSION_WRAPPERS:
        node = node.args[0]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _hasattr_guard(test: ast.AST, resolve) -> Guard | None:
    if not (isinstance(test, ast.Call) and _name(test.func) == "hasattr" and len(test.args) == 2):
        return None
    owner, name = resolve(test.args[0]), test.args[1]
    if owner and isinstance(name, ast.Constant) and isinstance(name.value, str):
        return Guard("hasattr", f"{owner}.{name.value}")
    return None


def try_guard(node: ast.Try) -> Guard | None:
    """What the handlers of a ``try`` catch, when that is an API's disappearance or misuse."""
    caught: set[str] = set()
    for handler in node.handlers:
        types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        caught.update(_name(t) for t in types if t is not None)
    caught &= REMOVAL_ERRORS | CALL_ERRORS
    return Guard("catches", errors=frozenset(caught)) if caught else None


def fallback_guard(handler: ast.ExceptHandler, tried: frozenset[str]) -> Guard | None:
    """An ``except ImportError`` (or AttributeError) handler after a ``try`` that uses the
    libraries ``tried``: code for their other releases (not for a missing optional package)."""
    if handler.type is None or not tried:
        return None
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    caught = {_name(t) for t in types} & REMOVAL_ERRORS
    return Guard("fallback", path=",".join(sorted(tried)),
                 errors=frozenset(caught)) if caught else None  # type: ignore[arg-type]


def with_guard(node: ast.With) -> Guard | None:
    for item in node.items:
        expr = item.context_expr
        name = _name(expr.func) if isinstance(expr, ast.Call) else None
        if name in RAISES:
            return Guard("raises", errors=_expected_errors(expr))
        if name in WARNS:
            return Guard("warns")
    return None


def _expected_errors(call: ast.Call) -> frozenset[str]:
    """The exception names ``raises(E)`` / ``raises((E, F))`` expects; an expression we
    cannot name counts as broad (it may be any exception class)."""
    if not call.args:
        return BROAD_ERRORS
    first = call.args[0]
    types = first.elts if isinstance(first, ast.Tuple) else [first]
    names = {_name(t) for t in types}
    return BROAD_ERRORS if None in names else frozenset(n for n in names if n)


def raises_excuses(guard: Guard, removal: bool, misuse: bool) -> bool:
    """Whether a ``raises`` block expects the error a removed API (``removal``) or a call
    that no longer binds (``misuse``) raises: the test still passes, as the code meant."""
    expected = guard.errors
    if expected & BROAD_ERRORS:
        return True
    return (removal and bool(expected & REMOVAL_ERRORS)) or (misuse and bool(expected & CALL_ERRORS))


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None
