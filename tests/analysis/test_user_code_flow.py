"""Receivers the user's own code types: its functions' returns, attributes set on ``self``,
instances of its classes, ``super()`` in subclasses of library classes, ``with ... as``."""

from __future__ import annotations

import textwrap

import pytest

from codesync.analysis.checker import Checker, VersionContext


def findings(knowledge, source: str) -> list[tuple[int, str]]:
    checker = Checker(knowledge, VersionContext.of({"fakelib": "2.0"}, {"fakelib": "1.0"}))
    result = checker.check_source(textwrap.dedent(source), "t.py")
    return [(f.line, f.code) for f in result.findings]


CASES = {
    "attribute set in __init__, used in another method": ("""\
        import fakelib as fl

        class Report:
            def __init__(self, path):
                self.frame = fl.load(path)

            def grow(self, other):
                return self.frame.append(other)
        """, [(8, "CS101")]),
    "attribute set in a later method than its use": ("""\
        import fakelib as fl

        class Report:
            def grow(self, other):
                return self.frame.append(other)

            def open(self, path):
                self.frame = fl.load(path)
        """, [(5, "CS101")]),
    "a function of the file, defined below its use": ("""\
        import fakelib as fl

        def main():
            frame = read("x.csv")
            frame.append(frame)

        def read(path):
            if not path:
                return None
            return fl.load(path)
        """, [(5, "CS101")]),
    "a method's result through an instance of the user's class": ("""\
        import fakelib as fl

        class Store:
            def frame(self):
                return fl.load("x")

        store = Store()
        store.frame().append(1)
        """, [(8, "CS101")]),
    "super() in a subclass of a library class": ("""\
        import fakelib as fl

        class Mine(fl.Frame):
            def append(self, other):
                return super().append(other, ignore_index=True)
        """, [(5, "CS101")]),
}

QUIET = {
    "an attribute bound to different things stays unknown": """\
        import fakelib as fl

        class Report:
            def __init__(self, path):
                self.frame = fl.load(path)

            def reset(self):
                self.frame = []

            def grow(self, other):
                return self.frame.append(other)
        """,
    "a generator's result is not what it yields": """\
        import fakelib as fl

        def frames():
            yield fl.load("x")

        frames().append(1)
        """,
    "a decorated function may return anything": """\
        import contextlib
        import fakelib as fl

        @contextlib.contextmanager
        def opened():
            return fl.load("x")

        opened().append(1)
        """,
    "self's members inherited from a library base are not guessed": """\
        import fakelib as fl

        class Mine(fl.Frame):
            def run(self, other):
                return self.append(other)
        """,
    "super().__new__ takes cls by hand": """\
        import fakelib as fl

        class Mine(fl.Frame):
            def __new__(cls, data):
                return super().__new__(cls, data)
        """,
    "dunder methods come from object when not their own": """\
        import fakelib as fl

        class Report:
            def __init__(self):
                self.frame = fl.load("x")

            def __repr__(self):
                return self.frame.__repr__()
        """,
    "a user class's own method of a library name": """\
        class Local:
            def append(self, x):
                return x

        Local().append(1)
        """,
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_receivers_typed_by_the_users_code(fake_knowledge, name):
    source, expected = CASES[name]
    assert findings(fake_knowledge, source) == expected


@pytest.mark.parametrize("name", sorted(QUIET))
def test_what_the_users_code_leaves_open_stays_quiet(fake_knowledge, name):
    assert findings(fake_knowledge, QUIET[name]) == []
