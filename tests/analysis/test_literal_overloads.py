"""Overloads told apart by literal arguments pick their own result, from a ``.pyi`` stub or
inline overloads in the module itself."""

from __future__ import annotations

import ast

import pytest

from codesync.analysis.checker import Checker, VersionContext
from codesync.analysis.literal_results import literal_result
from codesync.engine.literal_overloads import literal_values
from helpers.fakelib import make_knowledge, snapshot

CLASSES = '''
    class Frame:
        def old(self):
            pass

    class Reader:
        def old(self):
            pass
    '''
OVERLOADS = '''
    @overload
    def load(path, *, lazy: Literal[True]) -> Reader: ...
    @overload
    def load(path, *, lazy: Literal[False] = ...) -> Frame: ...

    class Store:
        @overload
        def get(self, key, mode: Literal["r", "rb"] | None = ...) -> Frame: ...
        @overload
        def get(self, key, mode: Literal["w"]) -> Reader: ...
    '''
IMPLEMENTATION = '''
    def load(path, *, lazy=False):
        return pick(path, lazy)

    class Store:
        def get(self, key, mode=None):
            return pick(key, mode)
    '''
HEADER = "    from typing import Literal, overload\n"


INLINE = HEADER + CLASSES + '''
    @overload
    def load(path, *, lazy: Literal[True]) -> Reader: ...
    @overload
    def load(path, *, lazy: Literal[False] = ...) -> Frame: ...
    def load(path, *, lazy=False):
        return pick(path, lazy)

    class Store:
        @overload
        def get(self, key, mode: Literal["r", "rb"] | None = ...) -> Frame: ...
        @overload
        def get(self, key, mode: Literal["w"]) -> Reader: ...
        def get(self, key, mode=None):
            return pick(key, mode)
    '''


def _releases(form: str) -> dict[str, dict[str, str]]:
    if form == "inline":
        v1 = {"lib/__init__.py": INLINE}
    else:
        v1 = {"lib/__init__.py": "    def pick(a, b):\n        return a\n" + CLASSES + IMPLEMENTATION,
              "lib/__init__.pyi": HEADER + CLASSES.replace("pass", "...") + OVERLOADS}
    removed = "    class Frame:\n        def old(self):\n            pass\n"
    v2 = {path: text.replace(removed, "    class Frame:\n        pass\n").replace(
        removed.replace("pass", "..."), "    class Frame:\n        ...\n")
        for path, text in v1.items()}
    return {"1.0": v1, "2.0": v2}


@pytest.fixture(scope="module", params=["inline", "stub"])
def checker(request, tmp_path_factory):
    knowledge = make_knowledge(tmp_path_factory.mktemp("lit"), "lib", _releases(request.param))
    return Checker(knowledge, VersionContext.of({"lib": "2.0"}, {"lib": "1.0"}))


def _apis(checker: Checker, expr: str) -> list[tuple[str, str]]:
    findings = checker.check_source(f"import lib\nflag = input()\n{expr}.old()\n", "t.py").findings
    return [(f.code, f.api) for f in findings]


@pytest.mark.parametrize("expr", ["lib.load('x')", "lib.load('x', lazy=False)",
                                  "lib.Store().get('k')", "lib.Store().get('k', None)",
                                  "lib.Store().get('k', 'rb')", "lib.Store().get('k', mode='r')"])
def test_the_literal_passed_picks_the_overload_whose_result_lost_the_member(checker, expr):
    assert _apis(checker, expr) == [("CS101", "lib.Frame.old")]


@pytest.mark.parametrize("expr", ["lib.load('x', lazy=True)", "lib.Store().get('k', 'w')",
                                  "lib.load('x', lazy=flag)", "lib.Store().get('k', flag)"])
def test_another_literal_or_an_unknown_value_reports_nothing(checker, expr):
    assert _apis(checker, expr) == []


def test_the_record_keeps_each_overloads_literals_and_result():
    snap = snapshot(_releases("inline")["1.0"], ["lib"])
    cases = snap.definitions["lib.load"].literal_returns
    assert [(c["literals"], c["returns"]) for c in cases] == [
        ({"lazy": ["True"]}, "lib.Reader"), ({"lazy": ["False"]}, "lib.Frame")]
    assert snap.definitions["lib.Store.get"].literal_returns[0]["literals"] == {
        "mode": ["'r'", "'rb'", "None"]}


SAME_RESULT = '''
    @overload
    def one(x: Literal[1]) -> Frame: ...
    @overload
    def one(x: Literal[2]) -> Frame: ...
    def one(x):
        return Frame()
    '''


def test_overloads_with_one_result_record_no_cases():
    snap = snapshot({"lib/__init__.py": HEADER + CLASSES + SAME_RESULT}, ["lib"])
    assert snap.definitions["lib.one"].literal_returns == []


@pytest.mark.parametrize("text, values", [
    ("Literal[True]", ["True"]), ("Literal['a', 'b'] | None", ["'a'", "'b'", "None"]),
    ("None", ["None"]), ("bool", None), ("Literal[True] | int", None), ("'Literal[0]'", ["0"])])
def test_literal_values(text, values):
    assert literal_values(ast.parse(text, mode="eval").body) == values


def test_star_arguments_leave_the_result_unknown():
    cases = [{"params": [["flag", "a"]], "literals": {"flag": ["True"]}, "returns": "A"},
             {"params": [["flag", "a", "..."]], "literals": {}, "returns": "B"}]
    call = ast.parse("f(*args)", mode="eval").body
    assert literal_result(cases, call) is None
    assert literal_result(cases, ast.parse("f(True)", mode="eval").body) == "A"
    assert literal_result(cases, ast.parse("f()", mode="eval").body) == "B"
