"""The syntax tree of the source checked last, for steps after the check that read the same
text (the fixes look up the module's imports): one parse per check instead of two.

One slot, replaced by each check; a caller with other text gets a fresh parse. The tree is
shared, so callers only read it.
"""

from __future__ import annotations

import ast

_last: tuple[str, ast.Module] | None = None


def remember(source: str, tree: ast.Module) -> None:
    global _last
    _last = (source, tree)


def module_tree(source: str) -> ast.Module:
    """``ast.parse(source)``, or the tree the last check parsed from this very text."""
    last = _last  # one read: another thread may replace the slot meanwhile
    if last is not None and (last[0] is source or last[0] == source):
        return last[1]
    return ast.parse(source)
