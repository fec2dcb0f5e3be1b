"""Syntax trees parsed for the project's modules, lent to the check of the same text.

A batch check parses a module twice when it is both imported by a file checked first and
checked itself (project_modules.py walks it for its names): about a sixth of all the text a
check of a large package parses. Trees parsed for module names are kept here, keyed by
their text, until that text is checked (the check takes the tree) or they are pushed out by
newer ones (bounded by the text's size: a tree takes about 20 bytes per character of source).
A walk of the same text for its names at another depth reuses the tree as well.

The cache keeps nothing until a check has asked it for a tree, which only a batch check
does (``Checker.for_batch``, the command line): the language server, which parses its files
elsewhere (statement_parse.py), never holds trees it won't use.
Trees are only read by the walks, so one tree serves both.
"""

from __future__ import annotations

import ast
from collections import OrderedDict

TREE_CHARS = 600_000  # of source held at most (about 13 MB of trees)


class TreeCache:
    def __init__(self, capacity: int = TREE_CHARS) -> None:
        self.capacity = capacity
        self.used = False  # a check asked for a tree: keep them from now on
        self._trees: OrderedDict[str, ast.Module] = OrderedDict()
        self._chars = 0

    def parse(self, text: str, filename: str) -> ast.Module:
        """``ast.parse(text, filename)``, kept for a later check or walk of the same text."""
        tree = self._trees.get(text)
        if tree is not None:
            self._trees.move_to_end(text)
            return tree
        tree = ast.parse(text, filename)
        if self.used and len(text) <= self.capacity:
            self._trees[text] = tree
            self._chars += len(text)
            while self._chars > self.capacity:
                self._chars -= len(self._trees.popitem(last=False)[0])
        return tree

    def take(self, text: str) -> ast.Module | None:
        """The tree kept for this text, no longer kept (a file is checked once), or None."""
        self.used = True
        tree = self._trees.pop(text, None)
        if tree is not None:
            self._chars -= len(text)
        return tree
