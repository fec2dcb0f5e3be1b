"""Names a module-level loop binds to a warning wrapper that a module function makes.

    def deco(name):
        f = getattr(windows, name)
        def wrapped(*args, **kwargs):
            warnings.warn(f"Importing {name} from 'scipy.signal' is deprecated; use "
                          f"'scipy.signal.windows.{name}'", DeprecationWarning)
            return f(*args, **kwargs)
        return wrapped

    for name in deprecated_windows:
        locals()[name] = deco(name)        # or globals()[name] = ..., setattr(module, name, ...)

Each name the loop binds is a function that warns whenever it is called: deprecated, with the
factory's message written out for that name (scipy.signal's window functions, 1.8-1.12).
Only a warning the wrapper always gives counts (not one under an ``if``).
"""

from __future__ import annotations

import ast
import copy

from ..knowledge.model import Deprecation
from . import deprecations as dep
from .injected import is_globals_call


def loop_deprecations(loop: ast.For, names: list[str],
                      functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef]
                      ) -> dict[str, Deprecation]:
    """Name -> its deprecation, for the names ``loop`` binds through a warning factory."""
    if not isinstance(loop.target, ast.Name) or not names:
        return {}
    var = loop.target.id
    for stmt in loop.body:
        call = _factory_call(stmt, var)
        factory = functions.get(call.func.id) if call is not None and \
            isinstance(call.func, ast.Name) else None
        if call is None or factory is None:
            continue
        param = _parameter_for(factory, call, var)
        warning = _wrapper_warning(factory)
        if param and warning is not None:
            return {name: dep.warn_deprecation(_written_for(warning, param, name), {})
                    for name in names}
    return {}


def _factory_call(stmt: ast.stmt, var: str) -> ast.Call | None:
    """``globals()[var] = F(...)``, ``locals()[var] = F(...)``, ``setattr(m, var, F(...))``."""
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target = stmt.targets[0]
        if isinstance(target, ast.Subscript) and is_globals_call(target.value) and \
                isinstance(target.slice, ast.Name) and target.slice.id == var:
            return stmt.value if isinstance(stmt.value, ast.Call) else None
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and \
            isinstance(stmt.value.func, ast.Name) and stmt.value.func.id == "setattr" and \
            len(stmt.value.args) == 3:
        key, value = stmt.value.args[1], stmt.value.args[2]
        if isinstance(key, ast.Name) and key.id == var and isinstance(value, ast.Call):
            return value
    return None


def _parameter_for(factory: ast.FunctionDef | ast.AsyncFunctionDef, call: ast.Call,
                   var: str) -> str:
    """The factory's parameter the loop variable is passed to (by position or keyword)."""
    params = [a.arg for a in [*factory.args.posonlyargs, *factory.args.args]]
    for index, arg in enumerate(call.args):
        if isinstance(arg, ast.Name) and arg.id == var and index < len(params):
            return params[index]
    for keyword in call.keywords:
        if isinstance(keyword.value, ast.Name) and keyword.value.id == var and keyword.arg:
            return keyword.arg
    return ""


def _wrapper_warning(factory: ast.FunctionDef | ast.AsyncFunctionDef) -> ast.Call | None:
    """The deprecation warning the nested function the factory returns always gives."""
    nested = {s.name: s for s in factory.body if isinstance(s, (ast.FunctionDef,
                                                                ast.AsyncFunctionDef))}
    returned = factory.body[-1] if factory.body else None
    if not (isinstance(returned, ast.Return) and isinstance(returned.value, ast.Name) and
            returned.value.id in nested):
        return None
    for stmt in nested[returned.value.id].body:  # its own statements, not under an ``if``
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call) and \
                dep.is_deprecation_warn(stmt.value):
            return stmt.value
        if isinstance(stmt, (ast.Return, ast.Raise)):
            return None
    return None


def _written_for(warning: ast.Call, param: str, name: str) -> ast.Call:
    """A copy of the warning call with the factory's parameter written as the name."""

    class _Substitute(ast.NodeTransformer):
        def visit_FormattedValue(self, node: ast.FormattedValue) -> ast.AST:
            if isinstance(node.value, ast.Name) and node.value.id == param:
                return ast.Constant(value=name)
            return node

        def visit_Name(self, node: ast.Name) -> ast.AST:
            return ast.Constant(value=name) if node.id == param else node

    return _Substitute().visit(copy.deepcopy(warning))
