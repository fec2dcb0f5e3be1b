"""Parsing a document again after an edit (the language server).

Only the top-level statements whose lines an edit touched are parsed again: their lines lie
between two unchanged statements that start a line each, so the tokenizer meets them as it
would in the whole file, and Python's parser (``ast.parse`` checks syntax only) gives them the
same nodes. Every other statement keeps its node from the last parse, which lets the walks'
memos (statement_memo.py, member_calls.py) recognise it; when the edit added or removed lines,
the statements below it are the same code moved, and their nodes are moved with it (their
positions shifted in place). Anything else (an edit near the top, a chunk that does not parse
on its own) is a full parse, after which statements whose text and place did not change still
get their old nodes back.
"""

from __future__ import annotations

import ast
import bisect
from collections.abc import MutableMapping
from dataclasses import dataclass
from weakref import WeakKeyDictionary

MAX_PATHS = 32  # documents whose last parse is kept
HEAD_LINES = 2  # a coding declaration lives here; edits there parse the whole file


@dataclass
class _Parsed:
    lines: list[str]  # without line ends
    body: list[ast.stmt]
    firsts: list[int]  # each statement's first line (decorators included)
    ends: list[int]


class StatementParser:
    def __init__(self) -> None:
        self._last: dict[str, _Parsed] = {}
        self._located: WeakKeyDictionary[ast.stmt, list[ast.AST]] = WeakKeyDictionary()

    def parse(self, source: str, path: str) -> ast.Module:
        """``ast.parse(source, path)``, raising what it raises."""
        last = self._last.pop(path, None)
        lines = source.split("\n") if "\r" not in source else None
        tree = _partial(last, lines, self._located) if last is not None and lines is not None else None
        if tree is None:
            tree = ast.parse(source, path)
            if last is not None and lines is not None:
                _reuse(tree, lines, last)
        if lines is not None:
            self._last[path] = _parsed(lines, tree.body)
            while len(self._last) > MAX_PATHS:
                self._last.pop(next(iter(self._last)))
        return tree


def _parsed(lines: list[str], body: list[ast.stmt]) -> _Parsed:
    return _Parsed(lines, list(body), [_first_line(s) for s in body],
                   [s.end_lineno or s.lineno for s in body])


def _first_line(stmt: ast.stmt) -> int:
    return min([stmt.lineno, *(d.lineno for d in getattr(stmt, "decorator_list", ()))])


def _partial(last: _Parsed, lines: list[str],
             located: MutableMapping[ast.stmt, list[ast.AST]]) -> ast.Module | None:
    """The new tree from the last one and a parse of the statements the edit touched, or
    None where that cannot be shown to equal a full parse."""
    old = last.lines
    count = min(len(old), len(lines))
    delta = len(lines) - len(old)
    prefix = 0
    while prefix < count and old[prefix] == lines[prefix]:
        prefix += 1
    if prefix == count and delta == 0:
        return ast.Module(body=list(last.body), type_ignores=[])
    suffix = 0
    while suffix < count - prefix and old[-1 - suffix] == lines[-1 - suffix]:
        suffix += 1
    start, end = prefix + 1, len(old) - suffix  # the changed lines of the last text, 1-based
    # statements touched, widened while a neighbour shares a line with them
    first = bisect.bisect_left(last.ends, start)
    stop = bisect.bisect_right(last.firsts, end)
    if first < stop:
        start, end = min(start, last.firsts[first]), max(end, last.ends[stop - 1])
    while first > 0 and last.ends[first - 1] >= start:
        first -= 1
        start = min(start, last.firsts[first])
    while stop < len(last.body) and last.firsts[stop] <= end:
        end = max(end, last.ends[stop])
        stop += 1
    if start <= HEAD_LINES or lines[start - 2].endswith("\\"):
        return None
    chunk = "\n".join(lines[start - 1:end + delta]) + "\n"
    if "__future__" in chunk:
        return None  # where a future import may stand depends on what comes before it
    try:
        part = ast.parse(chunk)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    ast.increment_lineno(part, start - 1)
    below = last.body[stop:]
    if delta:
        for stmt in below:
            _shift(stmt, delta, located)
    return ast.Module(body=last.body[:first] + part.body + below, type_ignores=[])


def _shift(stmt: ast.stmt, delta: int,
           located: MutableMapping[ast.stmt, list[ast.AST]]) -> None:
    """Move a statement's nodes ``delta`` lines down. The nodes with a position are listed
    once per statement: edits above it move it again and again."""
    nodes = located.get(stmt)
    if nodes is None:  # the statement itself left out: a value holding its key keeps it alive
        nodes = located[stmt] = [n for n in ast.walk(stmt)
                                 if n is not stmt and "lineno" in n._attributes]
    stmt.lineno += delta
    stmt.end_lineno += delta
    for node in nodes:
        node.lineno += delta
        node.end_lineno += delta


def _reuse(tree: ast.Module, lines: list[str], last: _Parsed) -> None:
    """Statements whose text and place are as in the last parse get its nodes back."""
    previous = {_key(stmt, last.lines): stmt for stmt in last.body}
    for position, stmt in enumerate(tree.body):
        old = previous.get(_key(stmt, lines))
        if old is not None:
            tree.body[position] = old


def _key(stmt: ast.stmt, lines: list[str]) -> tuple:
    first, end = _first_line(stmt), stmt.end_lineno or stmt.lineno
    return (first, stmt.col_offset, end, stmt.end_col_offset, "\n".join(lines[first - 1:end]))
