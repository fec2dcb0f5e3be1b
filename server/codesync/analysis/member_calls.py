"""What the unique-member rule (unique_members.py) reads of a module, in one walk per
top-level statement: every call (and whether code around it expects a member to be missing),
the member names the file's own classes define, the names imports bind and the modules
imported. A statement's facts depend on its syntax alone, so the language server keeps them
per statement node (checker.py reuses the nodes of statements an edit left alone)."""

from __future__ import annotations

import ast
from collections.abc import MutableMapping
from dataclasses import dataclass

MAX_TOP_LEVEL = 2000  # more top-level statements: generated code, no distributions guessed


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


def module_facts(tree: ast.Module,
                 cache: MutableMapping[ast.stmt, MemberFacts] | None = None) -> MemberFacts:
    """The module's facts; calls in the order a right-to-left depth-first walk meets them."""
    parts = []
    for stmt in reversed(tree.body):
        facts = cache.get(stmt) if cache is not None else None
        if facts is None:
            facts = statement_facts(stmt)
            if cache is not None:
                cache[stmt] = facts
        parts.append(facts)
    if len(parts) == 1:
        return parts[0]
    return MemberFacts(tuple(c for p in parts for c in p.calls),
                       frozenset().union(*(p.own for p in parts)),
                       frozenset().union(*(p.bound for p in parts)),
                       frozenset().union(*(p.modules for p in parts)))


def statement_facts(stmt: ast.stmt) -> MemberFacts:
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
                stack.extend((item, inner) for item in value if isinstance(item, ast.AST))
            elif isinstance(value, ast.AST):
                stack.append((value, inner))
    return MemberFacts(tuple(calls), frozenset(own), frozenset(bound), frozenset(modules))


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
