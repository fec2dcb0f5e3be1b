"""Values of the standard library's module constants that a library's code names
(``level=logging.DEBUG``, ``stdin=PIPE``, ``MAX_WAIT = sys.maxsize / 2``), as Python shows
them in a signature (``level=10``).

No library code runs: a stdlib module written in Python is read as text (a module-level
``NAME = literal``, bound once); one built in C (``sys``, ``math``) holds its constants in the
interpreter, which is asked for a plain number or string only. Any other name gives None.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import math
import sys
from functools import lru_cache
from pathlib import Path

MAX_TEXT = 80


def stdlib_constant(module: str, name: str) -> str | None:
    """The literal text of ``module.name`` where the stdlib binds it to a plain value."""
    top = module.partition(".")[0]
    if top not in sys.stdlib_module_names or top.startswith("_"):
        return None
    source = _source(module)
    if source is not None:
        return _constants_of(source).get(name)
    return _compiled_constant(module, name)


def _source(module: str) -> Path | None:
    top, _, rest = module.partition(".")
    try:
        spec = importlib.util.find_spec(top)  # a top-level name: nothing is imported
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    path = Path(spec.origin)
    if not rest:
        return path
    base = path.parent.joinpath(*rest.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@lru_cache(maxsize=64)
def _constants_of(path: Path) -> dict[str, str]:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError):
        return {}
    found: dict[str, str] = {}
    bound: dict[str, int] = {}
    for stmt in ast.walk(tree):
        targets = stmt.targets if isinstance(stmt, ast.Assign) else \
            [stmt.target] if isinstance(stmt, (ast.AnnAssign, ast.AugAssign)) else []
        for target in targets:
            for node in ast.walk(target):
                if isinstance(node, ast.Name):
                    bound[node.id] = bound.get(node.id, 0) + 1
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and \
                isinstance(stmt.targets[0], ast.Name) and bound.get(stmt.targets[0].id) == 1:
            text = _plain(stmt.value)
            if text is not None:
                found[stmt.targets[0].id] = text
    return found


def _plain(node: ast.expr) -> str | None:
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
    return _shown(value)


def _compiled_constant(module: str, name: str) -> str | None:
    """A constant of a stdlib module built in C: nothing of a library runs to read it."""
    try:
        spec = importlib.util.find_spec(module) if "." not in module else None
    except (ImportError, ValueError):
        return None
    if spec is None or not (spec.origin == "built-in" or (spec.origin or "").endswith(".so")):
        return None
    try:
        value = getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None
    return _shown(value)


def _shown(value: object) -> str | None:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        text = repr(value)
        return text if len(text) <= MAX_TEXT else None
    return None
