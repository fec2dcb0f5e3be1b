"""Per-parameter deprecation tables: a module-level dict from a parameter's name to what the
library says about its deprecation, read by the module's functions at run time rather than
written beside each parameter. pandas 1.4-1.5, ``io/parsers/readers.py``::

    _deprecated_defaults: dict[str, _DeprecationConfig] = {
        "squeeze": _DeprecationConfig(None, 'Append .squeeze("columns") to the call to squeeze.'),
    }

Every function and method of the module that takes such a parameter gets its deprecation."""

from __future__ import annotations

import ast
import re
from dataclasses import replace

from ..knowledge.model import Definition, Deprecation
from . import deprecations as dep

TABLE_NAME = re.compile(r"deprecat", re.IGNORECASE)
FORM = "parameter-table"
# a parameter's deprecation read from a docstring template a decorator gives: the table the
# code reads says more (its message is the warning's), the template's version is kept
TEMPLATE_FORM = "template-docstring"


def parameter_tables(tree: ast.Module) -> dict[str, str]:
    """Parameter -> message, from the module's top-level deprecation tables that it reads."""
    tables = []
    for stmt in tree.body:
        target, value = _assigned(stmt)
        if target is not None and TABLE_NAME.search(target) and isinstance(value, ast.Dict):
            tables.append((target, value))
    if not tables:  # most modules: no walk over the whole tree for the names it reads
        return {}
    read = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    found: dict[str, str] = {}
    for target, value in tables:
        if target not in read:
            continue
        for key, entry in zip(value.keys, value.values):
            name = key.value if isinstance(key, ast.Constant) else None
            if isinstance(name, str) and name.isidentifier():
                found.setdefault(name, _message(entry))
    return found


def _assigned(stmt: ast.stmt) -> tuple[str | None, ast.expr | None]:
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and \
            isinstance(stmt.targets[0], ast.Name):
        return stmt.targets[0].id, stmt.value
    if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
        return stmt.target.id, stmt.value
    return None, None


def _message(entry: ast.expr) -> str:
    """The entry's prose: the last string of several words among its parts (a config call's
    arguments, a tuple's items, or the string itself); "" when it has none."""
    parts: list[ast.expr] = [entry]
    if isinstance(entry, ast.Call):
        parts = [*entry.args, *(k.value for k in entry.keywords)]
    elif isinstance(entry, (ast.Tuple, ast.List)):
        parts = list(entry.elts)
    texts = [dep.literal_text(p) for p in parts]
    return next((t for t in reversed(texts) if t and " " in t.strip()), "")


def apply_parameter_tables(tree: ast.Module, module: str,
                           definitions: dict[str, Definition]) -> None:
    """Give each of the module's functions a deprecation for every tabled parameter it takes
    (a deprecation already found for that parameter is kept)."""
    tables = parameter_tables(tree)
    if not tables:
        return
    prefix = f"{module}."
    for path, definition in definitions.items():
        if not path.startswith(prefix) or definition.kind not in ("function", "method"):
            continue
        for param in definition.params or []:
            if param.name not in tables:
                continue
            found = definition.param_deprecations.get(param.name)
            if found is None:
                definition.param_deprecations[param.name] = _deprecation(param.name,
                                                                         tables[param.name])
            elif found.form == TEMPLATE_FORM:
                tabled = _deprecation(param.name, tables[param.name])
                definition.param_deprecations[param.name] = replace(
                    tabled, since=tabled.since or found.since,
                    removal=tabled.removal or found.removal)


def _deprecation(name: str, message: str) -> Deprecation:
    """No replacement is read from the text: "Use on_bad_lines in the future." names where
    the job went, not a keyword that takes the same values (``error_bad_lines=False`` is
    not ``on_bad_lines=False``), so it must not become a rename."""
    found = dep.from_message(f"The `{name}` argument is deprecated. {message}".strip(), FORM)
    return Deprecation(message=found.message, since=found.since, removal=found.removal,
                       form=FORM)
