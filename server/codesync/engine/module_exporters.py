"""Names a class decorator sets on the module of the class it decorates.

    class _Backend:                                       # backend_bases.py
        @staticmethod
        def export(cls):
            for name in ["FigureCanvas", "show"]:
                setattr(sys.modules[cls.__module__], name, getattr(cls, name))
            setattr(sys.modules[cls.__module__], "Show", Show)
            return cls

    @_Backend.export                                      # backend_agg.py
    class _BackendAgg(_Backend):
        FigureCanvas = FigureCanvasAgg

``backend_agg`` then has ``FigureCanvas`` (the class's ``FigureCanvasAgg``), ``show`` and
``Show``. The decorator is read where it is defined (``exporters``) and the decorated classes
where they are (``decorated_classes``); the surface joins the two once every module of the
release is scanned, as they usually live in different modules.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from .deprecations import dotted_name

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass
class DecoratedClass:
    name: str  # a module-level class
    decorators: list[str]  # their dotted expressions: ``_Backend.export``
    aliases: dict[str, str] = field(default_factory=dict)  # ``FigureCanvas = FigureCanvasAgg``


def exporters(tree: ast.Module, module: str) -> dict[str, list[str]]:
    """Module-level functions and methods of module-level classes that set names on the
    module of the class handed to them: path -> the names, in order."""
    found: dict[str, list[str]] = {}
    for stmt in tree.body:
        candidates = [(stmt, stmt.name)] if isinstance(stmt, _FUNCTIONS) else \
            [(s, f"{stmt.name}.{s.name}") for s in stmt.body if isinstance(s, _FUNCTIONS)] \
            if isinstance(stmt, ast.ClassDef) else []
        for function, name in candidates:
            names = _names_set_on_class_module(function)
            if names:
                found[f"{module}.{name}"] = names
    return found


def decorated_classes(tree: ast.Module) -> list[DecoratedClass]:
    """Module-level classes with decorators, and the module-level names their bodies alias."""
    classes = []
    for stmt in tree.body:
        if not isinstance(stmt, ast.ClassDef) or not stmt.decorator_list:
            continue
        decorators = [d for d in map(dotted_name, stmt.decorator_list) if d]
        aliases = {s.targets[0].id: s.value.id for s in stmt.body
                   if isinstance(s, ast.Assign) and len(s.targets) == 1 and
                   isinstance(s.targets[0], ast.Name) and isinstance(s.value, ast.Name)}
        if decorators:
            classes.append(DecoratedClass(stmt.name, decorators, aliases))
    return classes


def _names_set_on_class_module(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """``setattr(sys.modules[cls.__module__], NAME, ...)`` with ``cls`` the first parameter
    and NAME a string, or a loop's name over a literal list of strings."""
    params = function.args.posonlyargs + function.args.args
    if not params:
        return []
    receiver = params[0].arg
    loops = _literal_loops(function)
    names: list[str] = []
    for node in ast.walk(function):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and
                node.func.id == "setattr" and len(node.args) == 3 and
                _module_of(node.args[0], receiver)):
            continue
        key = node.args[1]
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            names.append(key.value)
        elif isinstance(key, ast.Name):
            names.extend(loops.get(key.id, []))
    return [n for n in dict.fromkeys(names) if n.isidentifier()]


def _literal_loops(function: ast.AST) -> dict[str, list[str]]:
    """``for name in ["a", "b"]:`` in the function: the loop's name -> the strings."""
    loops: dict[str, list[str]] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.For) and isinstance(node.target, ast.Name) and \
                isinstance(node.iter, (ast.List, ast.Tuple)) and node.iter.elts and \
                all(isinstance(e, ast.Constant) and isinstance(e.value, str)
                    for e in node.iter.elts):
            loops.setdefault(node.target.id, []).extend(e.value for e in node.iter.elts)
    return loops


def _module_of(node: ast.expr, receiver: str) -> bool:
    """``sys.modules[<receiver>.__module__]``."""
    return isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and \
        node.value.attr == "modules" and isinstance(node.slice, ast.Attribute) and \
        node.slice.attr == "__module__" and isinstance(node.slice.value, ast.Name) and \
        node.slice.value.id == receiver
