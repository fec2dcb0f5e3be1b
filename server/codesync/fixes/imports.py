"""Rewrite ``from M import old [as alias]`` to the replacement, with the file's uses.

``from numpy import product as p`` -> ``from numpy import prod as p``: the uses keep their
alias. ``from scipy.integrate import simps`` -> ``from scipy.integrate import simpson``, and
every use of ``simps`` renamed (only when every use of the name in the file is one the
checker resolved to the import, so nothing is left pointing at a name that is gone). Each
call through the name must be provably the same call under the replacement, or rewritable by
parameter name; otherwise no fix is offered.
"""

from __future__ import annotations

import ast
from pathlib import Path

from ..analysis.findings import Edit, Finding, Fix
from ..analysis.positions import LineIndex
from ..analysis.symbols import Ref, Site
from ..knowledge.model import VAR_KEYWORD, VAR_POSITIONAL
from .exact import (
    SUGGESTED,
    another_function,
    by_name_edits,
    old_signature,
    replacement_of,
    same_call,
    same_object,
    shape_of,
    values_renamed,
)


def import_fixes(finding: Finding, index: LineIndex) -> list[Fix]:
    evidence = finding.evidence
    alias = evidence.site.node
    if evidence.site.kind != "import" or not isinstance(alias, ast.alias):
        return []
    replacement = replacement_of(finding)
    old_parent, _, old_name = evidence.site.target.path.rpartition(".")
    new_parent, _, new_name = (replacement or "").rpartition(".")
    if not replacement or alias.name != old_name:
        return []
    if new_parent != old_parent:
        return _moved_import(finding, alias, new_parent, new_name, index)
    new = evidence.lookup.find(Ref(replacement), evidence.dist, evidence.target).definition
    if new is None:
        return []
    keep = alias.asname is None and binding_needed(finding.path, index, old_name, evidence.uses)
    if keep and not drop_in(finding, new):
        return []  # uses this file cannot see may call it in ways the replacement takes otherwise
    asname = old_name if keep else alias.asname
    if keep:  # ``Inf`` -> ``inf as Inf``: the name stays bound for its importers and uses
        line, col, end_line, end_col = index.span(alias)
        edits = [Edit(line, col, end_line, end_col, f"{new_name} as {old_name}")]
    else:
        edits = [_name_edit(alias.lineno, alias.col_offset, old_name, new_name, index)]
    for use in evidence.uses:
        use_edits = _use_edits(finding, use, new, old_name, new_name, asname, index)
        if use_edits is None:
            return []
        edits += use_edits
    title = f"Use `{replacement}`" + (f" (imported as `{old_name}`)" if keep else "")
    if _calls_another_function(finding, new):
        return [Fix(f"{title} (check the results: another function, not proven equal)",
                    SUGGESTED, tuple(edits))]
    return [Fix(title, "exact", tuple(edits))]


def _calls_another_function(finding: Finding, new) -> bool:
    evidence = finding.evidence
    signature = evidence.lookup.call_signature(new, evidence.dist, evidence.target)
    old = old_signature(finding)
    return signature is not None and any(
        isinstance(use.node, ast.Call) and another_function(old, signature, shape_of(use.node))
        for use in evidence.uses)


def drop_in(finding: Finding, new) -> bool:
    """Whether any use of the old name works unchanged on the replacement: the same object,
    a value the removal record names for it, an old function that passed everything on, or
    the same parameters (names, kinds, defaults)."""
    if same_object(finding, new) or values_renamed(finding, new):
        return True
    evidence = finding.evidence
    old = old_signature(finding)
    signature = evidence.lookup.call_signature(new, evidence.dist, evidence.target)
    if old is None or signature is None or len(old.overloads) > 1 or len(signature.overloads) > 1:
        return False
    if old.params and all(p.kind in (VAR_POSITIONAL, VAR_KEYWORD) for p in old.params):
        return True
    return [(p.name, p.kind, p.default) for p in old.params] == \
        [(p.name, p.kind, p.default) for p in signature.params]


def binding_needed(path: str, index: LineIndex, name: str, uses: tuple[Site, ...]) -> bool:
    """Whether a from-import's name must stay bound when its target is renamed: the file
    uses it in ways the checker did not resolve, lists it in ``__all__``, or is a module of a
    package (its ``__init__``, or a sibling of one) that other code may import it from."""
    if not _all_uses_known(index, name, uses):
        return True
    file = Path(path)
    if file.name == "__init__.py" or (file.parent / "__init__.py").is_file():
        return True
    return name in _all_names(index.source)


def _all_names(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    names: set[str] = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets) and node.value:
            names |= {c.value for c in ast.walk(node.value)
                      if isinstance(c, ast.Constant) and isinstance(c.value, str)}
    return names


def _use_edits(finding: Finding, use: Site, new, old_name: str, new_name: str,
               asname: str | None, index: LineIndex) -> list[Edit] | None:
    evidence = finding.evidence
    node = use.node
    name = node.func if isinstance(node, ast.Call) else node
    edits = [] if asname else [_name_edit(name.lineno, name.col_offset, old_name, new_name, index)]
    if isinstance(node, ast.Call) and not values_renamed(finding, new):
        signature = evidence.lookup.call_signature(new, evidence.dist, evidence.target)
        old = old_signature(finding)
        if signature is None:
            return None
        shape = shape_of(node)
        binding = signature.bind(shape)
        if not (binding is not None and binding.ok and same_call(old, signature, shape)):
            by_name = by_name_edits(node, old, signature, index)
            if by_name is None:
                return None
            edits += by_name
    return edits


def _name_edit(line: int, col_offset: int, old: str, new: str, index: LineIndex) -> Edit:
    column = index.char_column(line, col_offset)
    return Edit(line, column, line, column + len(old), new)


def _all_uses_known(index: LineIndex, name: str, uses: tuple[Site, ...]) -> bool:
    try:
        tree = ast.parse(index.source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    loads = {(n.lineno, n.col_offset) for n in ast.walk(tree)
             if isinstance(n, ast.Name) and n.id == name}
    known = set()
    for use in uses:
        node = use.node.func if isinstance(use.node, ast.Call) else use.node
        known.add((node.lineno, node.col_offset))
    return loads == known


def _moved_import(finding: Finding, alias: ast.alias, new_module: str, new_name: str,
                  index: LineIndex) -> list[Fix]:
    """``from scipy.sparse.csr import csr_matrix`` -> ``from scipy.sparse import csr_matrix``:
    the same name from another module, for an import of that one name (the uses keep it)."""
    if new_name != alias.name:
        return []
    statement = _statement_of(alias, index)
    if statement is None or statement.level or len(statement.names) != 1:
        return []
    evidence = finding.evidence
    if evidence.lookup.find(Ref(f"{new_module}.{new_name}"), evidence.dist,
                            evidence.target).definition is None:
        return []
    text = f"from {new_module} import {alias.name}" + (f" as {alias.asname}" if alias.asname else "")
    line, col, end_line, end_col = index.span(statement)
    return [Fix(f"Import `{new_name}` from `{new_module}`", "exact",
                (Edit(line, col, end_line, end_col, text),))]


def _statement_of(alias: ast.alias, index: LineIndex) -> ast.ImportFrom | None:
    try:
        tree = ast.parse(index.source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and any(
                (a.lineno, a.col_offset) == (alias.lineno, alias.col_offset) for a in node.names):
            return node
    return None
