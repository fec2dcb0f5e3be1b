"""Partial results: a function whose returns name one class and are otherwise untypable is
likely that class, so findings through it are CS203 (likely), never CS101/CS102."""

from __future__ import annotations

import pytest

from codesync.analysis.checker import Checker, VersionContext
from helpers.fakelib import make_knowledge, snapshot

SOURCE = '''
    class Canvas:
        def __init__(self, x):
            self.x = x

        def update(self, text):
            pass

        def kept(self):
            pass

    def make(x):
        try:
            return x.special()
        except AttributeError:
            return Canvas(x)

    def maybe(x):
        if x:
            return None
        return Canvas(x)

    def sure(x):
        return Canvas(x)

    class Maker:
        def build(self, x):
            if x:
                return x.thing()
            return Canvas(x)

    def wrapped(x):
        return make(x)

    def through(x):
        if x:
            return x.other()
        return sure(x)

    class View:
        def __call__(self, n=None):
            if n is None:
                return self.__class__(n)
            return self.lookup(n)
    '''
V1 = {"lib/__init__.py": SOURCE}
V2 = {"lib/__init__.py": SOURCE.replace("        def update(self, text):\n            pass\n", "")}


@pytest.fixture(scope="module")
def checker(tmp_path_factory):
    knowledge = make_knowledge(tmp_path_factory.mktemp("likely"), "lib", {"1.0": V1, "2.0": V2})
    return Checker(knowledge, VersionContext.of({"lib": "2.0"}, {"lib": "1.0"}))


def _found(checker: Checker, expr: str) -> list[tuple[str, str]]:
    source = f"import lib\nobj = object()\n{expr}.update('t')\n"
    return [(f.code, f.api) for f in checker.check_source(source, "t.py").findings]


@pytest.mark.parametrize("expr", ["lib.make(obj)", "lib.Maker().build(obj)"])
def test_a_partial_result_makes_its_findings_likely(checker, expr):
    # `update` is a member of builtin types too: only the partial result types the receiver
    assert _found(checker, expr) == [("CS203", "lib.Canvas.update")]


def test_the_message_says_where_the_guess_comes_from(checker):
    [finding] = checker.check_source("import lib\nlib.make(1).update('t')\n", "t.py").findings
    assert "likely a `lib.Canvas`" in finding.message and "`lib.make` returns" in finding.message


def test_a_certain_result_stays_certain(checker):
    assert _found(checker, "lib.sure(obj)") == [("CS101", "lib.Canvas.update")]


def test_no_guess_where_a_return_is_typed_otherwise(checker):
    assert _found(checker, "lib.maybe(obj)") == []


def test_a_kept_member_is_not_reported(checker):
    assert checker.check_source("import lib\nlib.make(1).kept()\n", "t.py").findings == []


def test_the_record_keeps_the_likely_class_apart_from_the_result():
    definitions = snapshot(V1, ["lib"]).definitions
    assert definitions["lib.make"].likely_returns == "lib.Canvas"
    assert definitions["lib.make"].returns is None
    assert definitions["lib.Maker.build"].likely_returns == "lib.Canvas"
    assert definitions["lib.maybe"].likely_returns is None
    assert definitions["lib.sure"].likely_returns is None  # a result, not a guess
    assert definitions["lib.sure"].returns == "lib.Canvas"
    # a function's result is no evidence of the class (it may hand back something else)
    assert definitions["lib.through"].likely_returns is None
    assert definitions["lib.View.__call__"].likely_returns == "lib.View"
