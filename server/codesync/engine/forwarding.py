"""A module left behind as a shim whose ``__getattr__`` forwards every name to another module
of the release with a warning (numpy 2's ``numpy.core.numeric`` -> ``numpy._core.numeric``):

    def __getattr__(attr_name):
        from numpy._core import numeric
        ret = getattr(numeric, attr_name, None)
        if ret is None:
            raise AttributeError(...)
        _raise_warning(attr_name, "numeric")   # or warnings.warn(f"... {attr_name} ...")
        return ret

It serves exactly the names the other module has, each with that deprecation. The names are
known once the whole release is read (``surface.py``); here only the shape is recognised.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from ..knowledge.model import Deprecation
from . import deprecations as dep


@dataclass
class Forward:
    module: str  # the module every name is read from
    deprecation: Deprecation | None  # its message says ``{param}`` where the name goes
    param: str

    def message_for(self, name: str) -> str:
        return self.deprecation.message.replace("{" + self.param + "}", name) \
            if self.deprecation else ""


def forwarded(node: ast.FunctionDef | ast.AsyncFunctionDef, modules: dict[str, str],
              strings: dict[str, str], shim: str, is_package: bool) -> Forward | None:
    """The forward a ``__getattr__`` makes, when its body is only that. ``modules``: the
    module-level names bound to modules (the function's own imports are added); ``shim``:
    the module's own name (relative imports, and the text when a helper warns)."""
    args = node.args.posonlyargs + node.args.args
    if len(args) != 1:
        return None
    param = args[0].arg
    local = dict(modules)
    source = result = None
    deprecation: Deprecation | None = None
    warns = False
    for stmt in node.body:
        if isinstance(stmt, ast.ImportFrom):
            base = _absolute(shim, is_package, stmt.level, stmt.module)
            local.update({a.asname or a.name: f"{base}.{a.name}" for a in stmt.names})
        elif isinstance(stmt, ast.Import):
            local.update({a.asname or a.name: a.name for a in stmt.names})
        elif _is_docstring(stmt) or _sentinel(stmt):
            continue
        elif isinstance(stmt, ast.Assign) and _forwarding_getattr(stmt.value, param):
            source = local.get(stmt.value.args[0].id)  # type: ignore[attr-defined]
            result = stmt.targets[0].id if isinstance(stmt.targets[0], ast.Name) else None
        elif isinstance(stmt, ast.If) and stmt.body and isinstance(stmt.body[-1], ast.Raise):
            continue
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            if dep.is_deprecation_warn(stmt.value):
                deprecation = dep.warn_deprecation(stmt.value, strings)
            warns = warns or "warn" in dep.last_name(stmt.value.func).lower()
        elif isinstance(stmt, ast.Return) and isinstance(stmt.value, ast.Name) and \
                stmt.value.id == result and source:
            if deprecation is None and warns:
                deprecation = Deprecation(
                    message=f"{shim}.{{{param}}} is deprecated: {shim} forwards to {source}",
                    form="warn")
            return Forward(source, deprecation, param)
        else:
            return None
    return None


def _absolute(shim: str, is_package: bool, level: int, module: str | None) -> str:
    if level == 0:
        return module or ""
    parts = shim.split(".") if is_package else shim.split(".")[:-1]
    parts = parts[: len(parts) - (level - 1)]
    return ".".join(parts + ([module] if module else []))


def _forwarding_getattr(value: ast.expr, param: str) -> bool:
    """``getattr(module, name)`` or ``getattr(module, name, default)``."""
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and \
        value.func.id == "getattr" and 2 <= len(value.args) <= 3 and \
        isinstance(value.args[0], ast.Name) and isinstance(value.args[1], ast.Name) and \
        value.args[1].id == param


def _sentinel(stmt: ast.stmt) -> bool:
    """``sentinel = object()``."""
    return isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call) and \
        isinstance(stmt.value.func, ast.Name) and stmt.value.func.id == "object" and \
        not stmt.value.args


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and \
        isinstance(stmt.value.value, str)
