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


def _project(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return tmp_path


COMPAT = """\
    import fakelib as fl
    from . import app  # a cycle: app imports this module too

    FRAME = fl.load("x")

    def read(path):
        return fl.load(path)
    """


def _check_file(knowledge, path) -> list[tuple[int, str]]:
    checker = Checker(knowledge, VersionContext.of({"fakelib": "2.0"}, {"fakelib": "1.0"}))
    return [(f.line, f.code) for f in checker.check_source(path.read_text(), str(path)).findings]


def test_names_from_the_projects_own_modules(fake_knowledge, tmp_path):
    root = _project(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/compat.py": COMPAT,
        "pkg/app.py": """\
            from .compat import fl, read, FRAME
            from pkg.compat import read as read_again

            fl.old_func(1)
            read("a").append(1)
            FRAME.append(1)
            read_again("b").append(1)
            """,
    })
    assert _check_file(fake_knowledge, root / "pkg" / "app.py") == [
        (4, "CS101"), (5, "CS101"), (6, "CS101"), (7, "CS101")]


def test_a_sibling_script_module_and_unknown_modules(fake_knowledge, tmp_path):
    root = _project(tmp_path, {
        "helpers.py": "import fakelib\n\ndef frame():\n    return fakelib.load('x')\n",
        "main.py": "from helpers import frame\nfrom nowhere import thing\n\n"
                   "frame().append(1)\nthing.append(1)\n",
    })
    assert _check_file(fake_knowledge, root / "main.py") == [(4, "CS101")]


STALE_V1 = """
class Table:
    def append(self, row) -> "Table":
        return self

    def to_csv(self, path, line_terminator=None):
        pass
"""
STALE_V2 = """
class Table:
    def to_csv(self, path, lineterminator=None):
        pass
"""


def test_a_value_typed_by_a_removed_api_keeps_its_type(tmp_path):
    from helpers.fakelib import make_knowledge

    knowledge = make_knowledge(tmp_path, "stalelib", {"1.0": {"stalelib/__init__.py": STALE_V1},
                                                      "2.0": {"stalelib/__init__.py": STALE_V2}})
    source = """\
        import stalelib

        table = stalelib.Table()
        table = table.append({"a": 1})
        table.to_csv("x.csv", line_terminator="\\n")
        """
    checker = Checker(knowledge, VersionContext.of({"stalelib": "2.0"}, {"stalelib": "1.0"}))
    result = checker.check_source(textwrap.dedent(source), "t.py")
    # Table.append is gone in 2.0; what it returned (a Table) still types the name
    assert [(f.line, f.code) for f in result.findings] == [(4, "CS101"), (5, "CS102")]


PARTIAL_CASES = {
    "a removed keyword through functools.partial": ("""\
        import functools
        import fakelib as fl

        reader = functools.partial(fl.load, "x", squeeze=True)
        """, [(4, "CS102")]),
    "through `from functools import partial as p`": ("""\
        from functools import partial as p
        import fakelib as fl

        reader = p(fl.load, squeeze=True)
        """, [(4, "CS102")]),
}


@pytest.mark.parametrize("name", sorted(PARTIAL_CASES))
def test_calls_through_functools_partial(fake_knowledge, name):
    source, expected = PARTIAL_CASES[name]
    assert findings(fake_knowledge, source) == expected


def test_partial_leaves_the_remaining_arguments_to_later(fake_knowledge):
    # load's required argument is given when the partial is called: nothing is missing here
    assert findings(fake_knowledge, "import functools\nimport fakelib as fl\n"
                                    "reader = functools.partial(fl.load)\n") == []
