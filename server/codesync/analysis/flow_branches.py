"""Walk steps for control flow: branches are walked from the same names and merged after,
with the guards (version checks, ``try``/``except`` fallbacks, test blocks) each runs under."""

from __future__ import annotations

import ast

from .guards import Guard, condition_guards, fallback_guard, try_guard, with_guard
from .values import Instance, Ref


class BranchSteps:
    def visit_For(self, node: ast.For) -> None:
        self.visit(node.iter)
        self._assign(node.target, self._element_of(node.iter))
        self._branches([[(node.body + node.orelse, ())], [(node.orelse, ())]])  # may not run

    visit_AsyncFor = visit_For

    def visit_While(self, node: ast.While) -> None:
        self.visit(node.test)
        self._branches([[(node.body + node.orelse, ())], [(node.orelse, ())]])

    def visit_If(self, node: ast.If) -> None:
        self.visit(node.test)
        # guards matter only to a walk that records sites
        body, orelse = condition_guards(node.test, self._library_path) if self.recording \
            else ((), ())
        self._branches([[(node.body, body)], [(node.orelse, orelse)]])

    def visit_Try(self, node: ast.Try) -> None:
        if not self.recording:
            self._branches([[(node.body, ()), (node.orelse, ())],
                            *[[(h.body, ())] for h in node.handlers]])
        else:
            tried = self._libraries_in(node.body)
            self._branches([[(node.body, _present(try_guard(node))), (node.orelse, ())],
                            *[[(h.body, _present(fallback_guard(h, tried)))]
                              for h in node.handlers]])
        for stmt in node.finalbody:
            self.visit(stmt)

    visit_TryStar = visit_Try

    def _libraries_in(self, body: list[ast.stmt]) -> frozenset[str]:
        """The library packages statements import or use through names bound to them."""
        tops: set[str] = set()
        for node in (n for stmt in body for n in ast.walk(stmt)):
            if isinstance(node, ast.Import):
                tops.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                tops.add(node.module.split(".")[0])
            elif isinstance(node, ast.Name):
                value = self.scope.lookup(node.id)
                if isinstance(value, Ref) and value.path:
                    tops.add(value.path.split(".")[0])
                elif isinstance(value, Instance):
                    tops.add(value.class_path.split(".")[0])
        return frozenset(t for t in tops if self.oracle.is_library(t))

    def _library_path(self, node: ast.AST) -> str | None:
        value = self.value_of(node)
        return value.path if isinstance(value, Ref) and value.path else None

    def _branches(self, branches: list[list[tuple[list[ast.stmt], tuple[Guard, ...]]]]) -> None:
        """Run each branch (statements with the guards they run under) from the same names,
        then keep what they agree on: a name bound to different classes becomes one of them
        (``A|B``), to anything else unknown."""
        before = dict(self.scope.names)
        outcomes = []
        for segments in branches:
            self.scope.names = dict(before)
            for statements, guards in segments:
                self._guards.extend(guards)
                self.visit_all(statements)
                del self._guards[len(self._guards) - len(guards):]
            outcomes.append(self.scope.names)
        merged = dict(before)
        for name in _rebound(before, outcomes):
            values = [o.get(name, before.get(name, self.scope.parent.lookup(name)
                                                 if self.scope.parent else None)) for o in outcomes]
            merged[name] = self._merge(values)
        self.scope.names = merged

    def visit_With(self, node: ast.With) -> None:
        for item in node.items:
            self.visit(item.context_expr)
            if item.optional_vars is not None:
                self._assign(item.optional_vars, self._entered(item.context_expr))
        guard = with_guard(node) if self.recording else None
        self._guards.extend([guard] if guard else [])
        self.visit_all(node.body)
        if guard:
            self._guards.pop()

    visit_AsyncWith = visit_With


def _rebound(before: dict, outcomes: list[dict]) -> set[str]:
    """The names some branch bound to another value than before (a name every branch left
    as it was, or dropped, keeps its value: merging it changes nothing)."""
    missing = object()
    return {name for outcome in outcomes for name, value in outcome.items()
            if before.get(name, missing) is not value or value is None}


def _present(guard: Guard | None) -> tuple[Guard, ...]:
    return (guard,) if guard is not None else ()
