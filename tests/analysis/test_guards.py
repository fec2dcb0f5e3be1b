"""Code written to handle more than one release is judged as such."""

from __future__ import annotations

import textwrap

import pytest

from codesync.analysis.checker import Checker, VersionContext

GUARDED = {
    "a branch the target's version does not run": """\
        import fakelib as fl

        if fl.__version__ < "2.0":
            fl.old_func(1)
        else:
            fl.new_func(1)
        """,
    "the same through packaging.version": """\
        from packaging.version import Version
        import fakelib as fl

        if Version(fl.__version__) >= Version("2.0"):
            fl.new_func(1)
        else:
            fl.old_func(1)
        """,
    "a hasattr check": """\
        import fakelib as fl

        if hasattr(fl, "old_func"):
            fl.old_func(1)
        """,
    "an ImportError fallback": """\
        try:
            from fakelib import old_func
        except ImportError:
            from fakelib import new_func as old_func
        """,
    "an AttributeError fallback": """\
        import fakelib as fl

        try:
            fl.old_func(1)
        except (AttributeError, KeyError):
            fl.new_func(1)
        """,
    "the older release's names in an ImportError handler": """\
        try:
            from fakelib import new_func as run
        except ImportError:
            from fakelib import old_func as run
        """,
    "a TypeError fallback around a call that no longer binds": """\
        import fakelib as fl

        try:
            fl.load("x", squeeze=True)
        except TypeError:
            fl.load("x")
        """,
    "a test that expects the failure": """\
        import pytest
        import fakelib as fl

        def test_gone():
            with pytest.raises(AttributeError):
                fl.old_func(1)
        """,
    "a test that expects the import to fail, among others": """\
        import unittest

        class T(unittest.TestCase):
            def test_gone(self):
                with self.assertRaises((ValueError, ImportError)):
                    from fakelib import old_func
        """,
    "a test that expects any exception": """\
        import pytest
        import fakelib as fl

        with pytest.raises(Exception, match="x"):
            fl.old_func(1)
        """,
}

STILL_REPORTED = {
    "the branch that runs on the target": ("""\
        import fakelib as fl

        if fl.__version__ >= "2.0":
            fl.old_func(1)
        """, [(4, "CS101")]),
    "a handler that catches something else": ("""\
        import fakelib as fl

        try:
            fl.old_func(1)
        except ValueError:
            pass
        """, [(4, "CS101")]),
    "the handler of a try that uses no release of the library": ("""\
        import fakelib as fl

        try:
            import fastcluster
        except ImportError:
            fl.old_func(1)
        """, [(6, "CS101")]),
    "a handler for another error": ("""\
        import fakelib as fl

        try:
            fl.new_func(1)
        except ValueError:
            fl.old_func(1)
        """, [(6, "CS101")]),
    "a test that expects another error: the removal breaks it": ("""\
        import pytest
        import fakelib as fl

        def test_value():
            with pytest.raises(ValueError):
                fl.old_func(1)
        """, [(6, "CS101")]),
    "a test that expects a TypeError from a removed name": ("""\
        import unittest
        import fakelib as fl

        class T(unittest.TestCase):
            def test_value(self):
                with self.assertRaisesRegex(TypeError, "bad"):
                    fl.old_func(1)
        """, [(7, "CS101")]),
    "not hasattr: the branch where it is missing": ("""\
        import fakelib as fl

        if not hasattr(fl, "old_func"):
            fl.old_func(1)
        """, [(4, "CS101")]),
}


def _findings(knowledge, source: str) -> list[tuple[int, str]]:
    checker = Checker(knowledge, VersionContext.of({"fakelib": "2.0"}, {"fakelib": "1.0"}))
    result = checker.check_source(textwrap.dedent(source), "t.py")
    return [(f.line, f.code) for f in result.findings if f.severity == "error"]


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_guarded_code_is_not_reported(fake_knowledge, name):
    assert _findings(fake_knowledge, GUARDED[name]) == []


@pytest.mark.parametrize("name", sorted(STILL_REPORTED))
def test_unguarded_code_still_is(fake_knowledge, name):
    source, expected = STILL_REPORTED[name]
    assert _findings(fake_knowledge, source) == expected


DEFAULTS_V1 = "def read(path, engine=None, sep=',', copy=True):\n    pass\n"
DEFAULTS_V2 = "def read(path, engine='c', sep=';', copy=None):\n    pass\n"


def test_default_changed_only_between_concrete_values(tmp_path):
    from helpers.fakelib import make_knowledge

    knowledge = make_knowledge(tmp_path, "deflib", {"1.0": {"deflib/__init__.py": DEFAULTS_V1},
                                                    "2.0": {"deflib/__init__.py": DEFAULTS_V2}})
    checker = Checker(knowledge, VersionContext.of({"deflib": "2.0"}, {"deflib": "1.0"}))
    [finding] = checker.check_source("import deflib\ndeflib.read('x')\n", "t.py").findings
    assert finding.code == "CS202"
    assert "`sep` ',' -> ';'" in finding.message
    assert "engine" not in finding.message and "copy" not in finding.message  # None: decided inside
