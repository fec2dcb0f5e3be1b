"""Findings per site, kept across the checks of files being edited (the language server).

A site's findings depend on the site (what it targets, the call's shape, the values passed,
the guards around it), on the text and position of its syntax (rules read argument text and
report spans), and on the releases it is judged against. The key holds all of these, so a
site an edit did not touch is judged once, and a changed one (or one an edit moved to another
line) is judged again. Keys that cannot be hashed (a value holding a class of the file) are
never kept. The findings handed out are copies: later steps set their severity and fixes.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Hashable
from weakref import WeakKeyDictionary

from .findings import Finding
from .member_calls import MemberFacts
from .positions import LineIndex
from .statement_memo import StatementMemo
from .statement_parse import StatementParser
from .symbols import Site

MAX_ENTRIES = 50_000  # about a megabyte per thousand sites; all dropped when exceeded


class SiteMemo:
    def __init__(self) -> None:
        self._kept: dict[tuple, list[Finding]] = {}
        # the sites of statements replayed (statement_memo.py) are the same objects again
        self._by_site: dict[int, tuple[Site, tuple, list[Finding], int | None]] = {}
        self.statements = StatementMemo()
        self.parser = StatementParser()
        self.statement_facts: WeakKeyDictionary[ast.stmt, MemberFacts] = WeakKeyDictionary()

    def parse(self, source: str, path: str) -> ast.Module:
        """The document's tree; the top-level statements an edit left alone keep their
        nodes (statement_parse.py)."""
        return self.parser.parse(source, path)

    def statements_for(self, context: Hashable) -> StatementMemo:
        self.statements.begin(context)
        return self.statements

    def findings(self, site: Site, context: tuple, index: LineIndex,
                 judge: Callable[[], list[Finding]]) -> list[Finding]:
        """``judge()``'s findings for the site, from the memo when the same site (same text at
        the same place) was judged in the same ``context`` before."""
        known = self._by_site.get(id(site))
        line = getattr(site.node, "lineno", None)
        if known is not None and known[0] is site and known[1] == context:
            if known[3] == line:
                return [_copy(f) for f in known[2]]
            if line is not None and known[3] is not None:  # the same statement, moved
                moved = [_moved(f, line - known[3]) for f in known[2]]
                self._by_site[id(site)] = (site, context, moved, line)
                return [_copy(f) for f in moved] if moved else []
        found = self._judged(site, context, index, judge)
        if len(self._by_site) >= MAX_ENTRIES:
            self._by_site.clear()
        self._by_site[id(site)] = (site, context, found, line)
        return [_copy(f) for f in found]

    def _judged(self, site: Site, context: tuple, index: LineIndex,
                judge: Callable[[], list[Finding]]) -> list[Finding]:
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
        return kept

    def clear(self) -> None:
        self._kept.clear()
        self._by_site.clear()


def _key(site: Site, context: tuple, index: LineIndex) -> tuple | None:
    node = site.node
    if getattr(node, "end_lineno", None) is None:
        return None
    span = index.span(node)
    return (context, type(node).__name__, span, index.text(node), site.kind, site.target,
            site.shape, site.guards, site.partial, site.arguments,
            None if site.receiver is None else index.span(site.receiver))


def _moved(finding: Finding, delta: int) -> Finding:
    """The finding of a site whose statement an edit moved ``delta`` lines (its text, and so
    every finding's span within it, unchanged)."""
    moved = _copy(finding)
    moved.line += delta
    moved.end_line += delta
    return moved


def _copy(finding: Finding) -> Finding:
    copied = object.__new__(finding.__class__)  # copy.copy's protocol costs more
    copied.__dict__.update(finding.__dict__)
    copied.fixes = list(finding.fixes)
    return copied
