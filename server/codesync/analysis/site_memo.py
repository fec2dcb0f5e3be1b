"""Findings per site, kept across the checks of files being edited (the language server).

A site's findings depend on the site (what it targets, the call's shape, the values passed,
the guards around it), on the text and position of its syntax (rules read argument text and
report spans), and on the releases it is judged against. The key holds all of these, so a
site an edit did not touch is judged once, and a changed one (or one an edit moved to another
line) is judged again. Keys that cannot be hashed (a value holding a class of the file) are
never kept. The findings handed out are copies: later steps set their severity and fixes.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from .findings import Finding
from .positions import LineIndex
from .symbols import Site

MAX_ENTRIES = 50_000  # about a megabyte per thousand sites; all dropped when exceeded


class SiteMemo:
    def __init__(self) -> None:
        self._kept: dict[tuple, list[Finding]] = {}
        self._generation: object = None

    def findings(self, site: Site, context: tuple, index: LineIndex,
                 judge: Callable[[], list[Finding]]) -> list[Finding]:
        """``judge()``'s findings for the site, from the memo when the same site (same text at
        the same place) was judged in the same ``context`` before."""
        key = _key(site, context, index)
        if key is None:
            return judge()
        try:
            kept = self._kept.get(key)
        except TypeError:  # an unhashable value somewhere in the site
            return judge()
        if kept is None:
            kept = judge()
            if len(self._kept) >= MAX_ENTRIES:
                self._kept.clear()
            self._kept[key] = kept
        return [_copy(f) for f in kept]

    def clear(self) -> None:
        self._kept.clear()


def _key(site: Site, context: tuple, index: LineIndex) -> tuple | None:
    node = site.node
    if getattr(node, "end_lineno", None) is None:
        return None
    span = index.span(node)
    return (context, type(node).__name__, span, index.text(node), site.kind, site.target,
            site.shape, site.guards, site.partial, site.arguments,
            None if site.receiver is None else index.span(site.receiver))


def _copy(finding: Finding) -> Finding:
    copied = copy.copy(finding)
    copied.fixes = list(finding.fixes)
    return copied
