"""A removed name imported with ``from M import name``: the import and every use are
rewritten together. The file is first spelled with the module (``import M``; each use
``M.name``), each use is then rewritten like any call (exact fix, else the model, proven),
and the whole is re-checked before it is offered as one fix."""

from __future__ import annotations

import ast
from collections.abc import Callable

from ..analysis.findings import Edit, Finding, Fix
from ..analysis.positions import LineIndex
from ..fixes.apply import apply_edits

Rewrite = Callable[[str, Finding], Fix | None]  # (source, finding of one use) -> proven fix


def qualified(source: str, finding: Finding) -> tuple[str, list[int]] | None:
    """The file with the import spelled as ``import M`` and each use as ``M.name``, and
    the lines of the uses; None when a use is not understood."""
    tree = ast.parse(source)
    alias = finding.evidence.site.node
    statement = next((s for s in ast.walk(tree) if isinstance(s, ast.ImportFrom)
                      and any(_same(a, alias) for a in s.names)), None)
    if statement is None or statement.level or not statement.module or \
            statement.lineno != statement.end_lineno:
        return None
    bound = alias.asname or alias.name
    names = _uses(finding, bound)
    loads = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == bound]
    if names is None or len(names) != len(loads) or not names:
        return None
    index = LineIndex(source)
    others = [a for a in statement.names if not _same(a, alias)]
    kept = f"from {statement.module} import {', '.join(ast.unparse(a) for a in others)}\n" \
        if others else ""
    line, col, end_line, end_col = index.span(statement)
    edits = [Edit(line, col, end_line, end_col, f"{kept}{' ' * col if kept else ''}"
                  f"import {statement.module}")]
    edits += [Edit(*index.span(n), f"{statement.module}.{alias.name}") for n in names]
    return apply_edits(source, edits), [n.lineno + bool(kept) for n in names]


def rewrite_import(source: str, finding: Finding, check: Callable[[str], list[Finding]],
                   rewrite_use: Rewrite, title: str) -> Fix | None:
    """One fix for the import and all its uses, or None when any use is left unproven."""
    spelled = qualified(source, finding)
    if spelled is None:
        return None
    current, lines = spelled
    for _ in lines:
        use = next((f for f in check(current) if f.line in lines and f.api == finding.api), None)
        if use is None:
            return None  # spelled with the module, the use is not reported: nothing proven
        fix = use.fixes[0] if use.fixes else rewrite_use(current, use)
        rewritten = apply_edits(current, list(fix.edits)) if fix is not None else current
        if rewritten == current:
            return None
        current = rewritten
    try:
        ast.parse(current)
    except (SyntaxError, ValueError):
        return None
    if any(f.api == finding.api for f in check(current)):
        return None  # still reported (removed, or deprecated: a warning is not a fix either)
    return _as_one_edit(source, current, finding, title)


def _as_one_edit(source: str, rewritten: str, finding: Finding, title: str) -> Fix | None:
    """The change as one edit from the import to the last use (the text around is the same)."""
    index = LineIndex(source)
    start = index.offset(index.span(finding.evidence.site.node)[0], 0)  # the import's line
    end = max(index.offset(*index.span(u.node)[2:]) for u in finding.evidence.uses)
    head, tail = source[:start], source[end:]
    if not (rewritten.startswith(head) and rewritten.endswith(tail)) or \
            len(head) + len(tail) > len(rewritten):
        return None
    new_text = rewritten[len(head): len(rewritten) - len(tail)]
    line, col = _position(source, start)
    end_line, end_col = _position(source, end)
    return Fix(title, "model", (Edit(line, col, end_line, end_col, new_text),))


def _position(source: str, offset: int) -> tuple[int, int]:
    before = source[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1)


def _uses(finding: Finding, bound: str) -> list[ast.Name] | None:
    names: list[ast.Name] = []
    for use in finding.evidence.uses:
        node = use.node.func if isinstance(use.node, ast.Call) else use.node
        if not (isinstance(node, ast.Name) and node.id == bound):
            return None
        names.append(node)
    return names


def _same(a: ast.alias, b: ast.AST) -> bool:
    return (a.lineno, a.col_offset) == (getattr(b, "lineno", None), getattr(b, "col_offset", None))
