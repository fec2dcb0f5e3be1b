"""A statement that reads the call it just visited (``x = f(...)``, ``return f(...)``) takes the
callee's value the visit found instead of evaluating it again, unless visiting the arguments
learned a fact (flow_sites.py, type_flow.py); the findings stay those of evaluating it twice."""

from __future__ import annotations

import ast
import textwrap
from collections import Counter
from pathlib import Path

from codesync.analysis import type_flow
from codesync.analysis.checker import Checker, VersionContext
from codesync.analysis.one_walk import OneWalk
from codesync.analysis.receiver_types import KnowledgeTypes

SOURCE = """\
    import fakelib as fl

    frame = fl.load("p")
    frame.append(1)

    def read(path):
        return fl.load(path)

    read("q").append(2)

    class Holder:
        def grow(self, rows):
            kept = self.frame.append([0 for self.frame in rows])
            return kept
    """


def _findings(knowledge, monkeypatch, evaluations: Counter) -> list[tuple]:
    real = type_flow.TypeFlow._callee_value

    def counted(self, func):
        evaluations[ast.unparse(func)] += 1
        return real(self, func)

    monkeypatch.setattr(type_flow.TypeFlow, "_callee_value", counted)
    checker = Checker(knowledge, VersionContext.of({"fakelib": "2.0"}, {"fakelib": "1.0"}))
    result = checker.check_source(textwrap.dedent(SOURCE), "t.py")
    monkeypatch.undo()
    return [(f.line, f.column, f.code, f.message) for f in result.findings]


class _Forgetful:
    """A walk that never keeps the call it visited (the attribute reads as None)."""

    @property
    def _visited_call(self):
        return None

    @_visited_call.setter
    def _visited_call(self, value):
        pass


def test_a_visited_call_is_not_evaluated_again(fake_knowledge, monkeypatch):
    once: Counter = Counter()
    found = _findings(fake_knowledge, monkeypatch, once)
    assert once["fl.load"] == 2  # a visit each; the assignment and the return reuse it
    assert found and ("CS101" in {code for _, _, code, _ in found})

    twice: Counter = Counter()
    monkeypatch.setattr(type_flow.TypeFlow, "_visited_call",
                        _Forgetful._visited_call, raising=False)
    assert _findings(fake_knowledge, monkeypatch, twice) == found
    assert twice['fl.load'] == 4


def test_arguments_that_learn_a_fact_make_the_statement_evaluate_again(fake_knowledge,
                                                                      monkeypatch):
    evaluations: Counter = Counter()
    real = type_flow.TypeFlow._callee_value

    def counted(self, func):
        evaluations[ast.unparse(func)] += 1
        return real(self, func)

    monkeypatch.setattr(type_flow.TypeFlow, "_callee_value", counted)
    checker = Checker(fake_knowledge, VersionContext.of({"fakelib": "2.0"}))
    source = textwrap.dedent(SOURCE)
    walk = OneWalk(KnowledgeTypes(checker), None, Path("t.py"), checker.modules,
                   source_lines=source.splitlines(keepends=True))
    walk.visit(ast.parse(source))  # the one walk alone: it learns facts while it records
    assert evaluations["fl.load"] == 2  # visited, then read by the assignment and the return
    # [... for self.frame in rows] learns an attribute of the object: read again after
    assert evaluations["self.frame.append"] == 2
