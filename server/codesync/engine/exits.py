"""Blocks that always leave, and the test a statement after an early exit runs under.

    meth = method.lower()
    if meth.startswith("highs"):
        ...
        return OptimizeResult(sol)
    warn(f"`method='{meth}'` is deprecated", DeprecationWarning)

The warning runs only where ``meth.startswith("highs")`` failed, exactly as if it sat in an
``else`` branch: it is guarded by the negated test, not made by every call. A block always
leaves where one of its own statements returns, raises, continues or breaks, or is an
``if``/``else`` whose branches all always leave. A block that leaves only by raising guards
nothing: it rejects the calls that take it, and every call that works gets past it
(networkx's ``if target not in G: raise NodeNotFound(...)`` before its warning).
"""

from __future__ import annotations

import ast
import copy

EXITS = (ast.Return, ast.Raise, ast.Continue, ast.Break)


def always_leaves(block: list[ast.stmt]) -> bool:
    """Whether running the block never reaches the statement after it."""
    return any(_leaves(stmt) for stmt in block)


def skips_rest(block: list[ast.stmt]) -> bool:
    """Whether the block always leaves and some of its ways out are no error: a return,
    continue or break. A block that leaves only by raising rejects the calls that take it
    (``if target not in G: raise NodeNotFound``): every call that works gets past it, so a
    warning after it is still made by all of them."""
    return always_leaves(block) and any(_quits(stmt, False) for stmt in block)


def _quits(node: ast.AST, in_loop: bool) -> bool:
    if isinstance(node, ast.Return) or isinstance(node, (ast.Continue, ast.Break)) and \
            not in_loop:
        return True
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
        return False
    inner = in_loop or isinstance(node, (ast.For, ast.AsyncFor, ast.While))
    return any(_quits(child, inner) for child in ast.iter_child_nodes(node))


def _leaves(stmt: ast.stmt) -> bool:
    if isinstance(stmt, EXITS):
        return True
    return isinstance(stmt, ast.If) and always_leaves(stmt.body) and always_leaves(stmt.orelse)


def negation(test: ast.expr) -> ast.expr:
    """The test that holds where ``test`` fails: ``x is not None`` for ``x is None``, ``x`` for
    ``not x``, else ``not (test)``."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return test.operand
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and \
            isinstance(test.ops[0], (ast.Is, ast.IsNot)):
        flipped = ast.IsNot() if isinstance(test.ops[0], ast.Is) else ast.Is()
        return ast.copy_location(ast.Compare(left=test.left, ops=[flipped],
                                             comparators=test.comparators), test)
    return ast.copy_location(ast.UnaryOp(op=ast.Not(), operand=test), test)


def may_return(stmt: ast.stmt) -> bool:
    """A statement that may return from the function it is in (not from a nested one)."""
    if isinstance(stmt, ast.Return):
        return True
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return False
    return any(may_return(s) for s in ast.iter_child_nodes(stmt) if isinstance(s, ast.stmt)) or \
        any(may_return(s) for h in getattr(stmt, "handlers", ()) for s in h.body)


FALLTHROUGH = "codesync_fallthrough"  # set on a guard that an early exit above gives


def fallen_through(test: ast.expr) -> ast.expr:
    """A copy of the test marked as given by an early exit (``if x is None: return``), not by
    an ``if`` around the statement: a value test of it deprecates values when it is the
    warning's own (innermost) test; other data it tests does not hide a test below it."""
    marked = copy.copy(test)
    setattr(marked, FALLTHROUGH, True)
    return marked


def is_fallen_through(test: object) -> bool:
    return bool(getattr(test, FALLTHROUGH, False))


FALSY_DEFAULTS = {"None", "False", "0", "''", '""', "()", "[]", "{}"}


def presence_subject(test: ast.expr, falsy: set[str] | frozenset = frozenset()) -> str:
    """The name a test says was given (``x is not None``, ``x is not <sentinel>``), or ''.
    A truth test only of a parameter whose default is false (``falsy``): after
    ``if not use_legacy_dataset: return`` the warning is made where it was passed true, but
    after ``if not include_groups: return`` where the flag keeps its default True (passing it
    False is the way out)."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and \
            isinstance(test.ops[0], ast.IsNot) and isinstance(test.left, ast.Name):
        return test.left.id
    return test.id if isinstance(test, ast.Name) and test.id in falsy else ""
