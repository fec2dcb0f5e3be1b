"""What the unique-member rule (unique_members.py) reads of a module, in one walk per
top-level statement: every call (and whether code around it expects a member to be missing),
the member names the file's own classes define, the names imports bind and the modules
imported. A statement's facts depend on its syntax alone, so the language server keeps them
per statement node (checker.py reuses the nodes of statements an edit left alone)."""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass

MAX_TOP_LEVEL = 2000  # more top-level statements: generated code, no distributions guessed
_NEWLINE = re.compile("\n")


@dataclass(frozen=True)
class MemberFacts:
    calls: tuple[tuple[ast.Call, bool], ...]  # each call, and whether it is guarded
    own: frozenset[str]  # members the file's classes define or the file assigns
    bound: frozenset[str]  # names imports bind (``np.linalg.foo()`` is a module's function)
    modules: frozenset[str]  # dotted modules imported, or imported from


def imported_tops(tree: ast.Module) -> frozenset[str]:
    """Top-level packages imported at module level (or under a top-level ``if``/``try``)."""
    tops: set[str] = set()
    for node in tree.body if len(tree.body) < MAX_TOP_LEVEL else []:
        for stmt in ast.walk(node) if isinstance(node, (ast.If, ast.Try)) else [node]:
            if isinstance(stmt, ast.Import):
                tops.update(a.name.split(".")[0] for a in stmt.names)
            elif isinstance(stmt, ast.ImportFrom) and stmt.module and stmt.level == 0:
                tops.add(stmt.module.split(".")[0])
    return frozenset(tops)


def module_facts(tree: ast.Module, source: str | None = None, names: Iterable[str] = (),
                 cache: MutableMapping[ast.stmt, MemberFacts] | None = None) -> MemberFacts:
    """The module's facts; calls in the order a right-to-left depth-first walk meets them.
    With ``source``, only as much of them as calls of members ``names`` need: the lines of
    the statements that mention one of them or import something. With a ``cache`` (the
    server), whole statements' facts are kept per node, and combining them all is cheaper than
    picking."""
    body, lines = (tree.body, None) if source is None or cache is not None else \
        _mentioning(tree.body, source, names)
    parts = []
    for stmt in reversed(body):
        facts = cache.get(stmt) if cache is not None else None
        if facts is None:
            facts = statement_facts(stmt, lines)
            if cache is not None:
                cache[stmt] = facts
        parts.append(facts)
    if len(parts) == 1:
        return parts[0]
    return MemberFacts(tuple(c for p in parts for c in p.calls),
                       frozenset().union(*(p.own for p in parts)),
                       frozenset().union(*(p.bound for p in parts)),
                       frozenset().union(*(p.modules for p in parts)))


def _mentioning(body: list[ast.stmt], source: str,
                names: Iterable[str]) -> tuple[list[ast.stmt], list[int] | None]:
    """The statements whose lines hold one of ``names`` as a word, or the word ``import`` (no
    other can call, define or import one of them), and those lines. Source that is not plain
    ASCII with ``\\n`` line ends (identifiers are normalised, other line ends counted) keeps
    every statement and every line."""
    if not source.isascii() or "\r" in source:
        return body, None
    words = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted({*names, "import"}))) + r")\b")
    line_ends = [match.start() for match in _NEWLINE.finditer(source)]
    lines = {bisect.bisect_left(line_ends, m.start()) + 1 for m in words.finditer(source)}
    firsts = [_first_line(stmt) for stmt in body]
    chosen: set[int] = set()
    for line in lines:
        index = bisect.bisect_right(firsts, line) - 1
        while index >= 0 and line <= (body[index].end_lineno or body[index].lineno):
            chosen.add(index)  # statements after a semicolon share their line
            index -= 1
    return [body[index] for index in sorted(chosen)], sorted(lines)


def _first_line(stmt: ast.stmt) -> int:
    return min([stmt.lineno, *(d.lineno for d in getattr(stmt, "decorator_list", ()))])


def statement_facts(stmt: ast.stmt, lines: list[int] | None = None) -> MemberFacts:
    """The statement's facts; with ``lines`` (sorted), those of the nodes on them: subtrees
    that hold none of them are skipped."""
    calls: list[tuple[ast.Call, bool]] = []
    own: set[str] = set()
    bound: set[str] = set()
    modules: set[str] = set()
    stack: list[tuple[ast.AST, bool]] = [(stmt, False)]
    while stack:
        node, guarded = stack.pop()
        if isinstance(node, ast.Call):
            calls.append((node, guarded))
        elif isinstance(node, ast.Attribute):
            if isinstance(node.ctx, ast.Store):
                own.add(node.attr)
        elif isinstance(node, ast.ClassDef):
            own.update(_class_members(node))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update(a.asname or a.name.split(".")[0] for a in node.names)
            modules.update(_modules_of(node))
        inner = guarded or (isinstance(node, ast.Try) and bool(node.handlers)) or (
            isinstance(node, (ast.If, ast.IfExp, ast.While)) and _tests_presence(node.test))
        for name in node._fields:
            value = getattr(node, name, None)
            if value.__class__ is list:
                stack.extend((item, inner) for item in value if isinstance(item, ast.AST)
                             and (lines is None or _touches(item, lines)))
            elif isinstance(value, ast.AST) and (lines is None or _touches(value, lines)):
                stack.append((value, inner))
    return MemberFacts(tuple(calls), frozenset(own), frozenset(bound), frozenset(modules))


def _touches(node: ast.AST, lines: list[int]) -> bool:
    """Whether the node's lines (decorators included) hold one of ``lines``."""
    start = getattr(node, "lineno", None)
    if start is None:
        return True  # arguments, comprehensions, with items: parts of a node that touches
    if getattr(node, "decorator_list", None):
        start = _first_line(node)
    index = bisect.bisect_left(lines, start)
    return index < len(lines) and lines[index] <= (node.end_lineno or start)


def _class_members(node: ast.ClassDef) -> set[str]:
    names: set[str] = set()
    for item in node.body:
        if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(item.name)
        elif isinstance(item, ast.Assign):
            names.update(t.id for t in item.targets if isinstance(t, ast.Name))
    return names


def _modules_of(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if node.module and node.level == 0:
        return [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
    return []


def _tests_presence(test: ast.expr) -> bool:
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
               and n.func.id in ("hasattr", "getattr") for n in ast.walk(test))
