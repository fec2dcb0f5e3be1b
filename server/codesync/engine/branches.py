"""Which branch of a module-level ``if`` runs when a user imports the module.

Existence follows what runs. ``if TYPE_CHECKING:`` (also ``typing.TYPE_CHECKING`` and
``if False:``) never runs: what it binds gives types only. ``if __name__ == "__main__":``
never runs on import. A platform test picks one branch per platform; the knowledge keeps the
POSIX one (the Windows branch gives types only), as Python on Linux and macOS sees it.
"""

from __future__ import annotations

import ast
from enum import Enum

WINDOWS_NAMES = ("win32", "cygwin", "nt", "windows", "win")


class Runs(Enum):
    BOTH = "both"  # either branch may run: read both (the later binding wins)
    BODY = "body"  # only the body runs; the else branch gives types only
    ORELSE = "orelse"  # only the else branch runs; the body gives types only
    NEITHER = "neither"  # a ``__main__`` block: nothing in it runs on import


def which_runs(test: ast.expr) -> Runs:
    if _is_main_test(test):
        return Runs.NEITHER
    negated = isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)
    inner = test.operand if negated else test
    if _never_true(inner):
        return Runs.BODY if negated else Runs.ORELSE
    windows = _windows_test(inner)
    if windows is None:
        return Runs.BOTH
    return Runs.ORELSE if windows != negated else Runs.BODY


def _never_true(test: ast.expr) -> bool:
    """``TYPE_CHECKING``, ``typing.TYPE_CHECKING``, ``False``, ``0``, or an ``and`` with one
    of them (``TYPE_CHECKING and SSL_AVAILABLE``)."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(_never_true(value) for value in test.values)
    if isinstance(test, ast.Constant):
        return not test.value
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _is_main_test(test: ast.expr) -> bool:
    """``__name__ == "__main__"``, alone or as one term of an ``and``."""
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(_is_main_test(value) for value in test.values)
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1
            and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = [test.left, test.comparators[0]]
    names = [s for s in sides if isinstance(s, ast.Name) and s.id == "__name__"]
    texts = [s for s in sides if isinstance(s, ast.Constant) and s.value == "__main__"]
    return bool(names and texts)


def _platform_value(node: ast.expr) -> bool:
    """``sys.platform``, ``os.name``, ``platform.system()`` (and their bare imported names)."""
    if isinstance(node, ast.Call) and not node.args:
        node = node.func
    if isinstance(node, ast.Attribute):
        return node.attr in ("platform", "name", "system") and isinstance(node.value, ast.Name) \
            and node.value.id in ("sys", "os", "platform")
    return False


def _windows_text(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and \
        node.value.lower() in WINDOWS_NAMES


def _windows_test(test: ast.expr) -> bool | None:
    """True: the test holds on Windows only; False: everywhere but Windows; None: not a
    platform test (or one about another platform)."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and _platform_value(test.left):
        op, right = test.ops[0], test.comparators[0]
        if isinstance(op, (ast.Eq, ast.NotEq)) and _windows_text(right):
            return isinstance(op, ast.Eq)
        if isinstance(op, (ast.In, ast.NotIn)) and isinstance(right, (ast.Tuple, ast.List, ast.Set)) \
                and right.elts and all(_windows_text(e) for e in right.elts):
            return isinstance(op, ast.In)
        return None
    if isinstance(test, ast.Call) and isinstance(test.func, ast.Attribute) and \
            test.func.attr == "startswith" and _platform_value(test.func.value) and \
            len(test.args) == 1 and _windows_text(test.args[0]):
        return True
    return None
