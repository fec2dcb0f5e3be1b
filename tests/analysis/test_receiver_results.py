"""Results typed by the receiver: a base-class method that returns its own class (``Self``,
a TypeVar bound to the receiver) gives the receiver's subclass."""

from __future__ import annotations

import pytest

from codesync.analysis.checker import Checker, VersionContext
from helpers.fakelib import make_knowledge

BASE = '''
    from typing import Self, TypeVar

    T = TypeVar("T", bound="Base")

    class Base:
        def copy(self) -> Self:
            return self

        def pick(self: T, key) -> T:
            return self

        def plain(self) -> "Base":
            return Base()

    class Frame(Base):
        def old(self):
            pass

    class Reader:
        def old(self):
            pass

    def load(path, iterator=False) -> "Frame | Reader":
        return Frame()
    '''
V1 = {"lib/__init__.py": BASE}
V2 = {"lib/__init__.py": BASE.replace("    class Frame(Base):\n        def old(self):\n            pass\n",
                                      "    class Frame(Base):\n        pass\n")}


@pytest.fixture(scope="module")
def checker(tmp_path_factory):
    knowledge = make_knowledge(tmp_path_factory.mktemp("recv"), "lib", {"1.0": V1, "2.0": V2})
    return Checker(knowledge, VersionContext.of({"lib": "2.0"}, {"lib": "1.0"}))


@pytest.mark.parametrize("expr", ["lib.Frame().copy()", "lib.Frame().pick('a')",
                                  "lib.Frame().plain()", "lib.load('x').copy()"])
def test_a_method_returning_its_own_class_gives_the_receivers(checker, expr):
    findings = checker.check_source(f"import lib\n{expr}.old()\n", "t.py").findings
    assert [(f.code, f.api) for f in findings] == [("CS101", "lib.Frame.old")]


def test_the_base_itself_stays_the_base(checker):
    assert checker.check_source("import lib\nlib.Base().copy().old()\n", "t.py").findings == []


def test_a_stub_states_the_result_for_the_source(tmp_path):
    source = ("class Base:\n    def pick(self, key):\n        return self\n\n"
              "class Frame(Base):\n    def old(self):\n        pass\n")
    stub = ("from typing import TypeVar\n_T = TypeVar('_T', bound='Base')\n\n"
            "class Base:\n    def pick(self: _T, key) -> _T: ...\n\n"
            "class Frame(Base):\n    def old(self) -> None: ...\n")
    v1 = {"lib/__init__.py": source, "lib/__init__.pyi": stub}
    v2 = {"lib/__init__.py": source.replace("    def old(self):\n        pass\n", "    pass\n"),
          "lib/__init__.pyi": stub.replace("    def old(self) -> None: ...\n", "    pass\n")}
    knowledge = make_knowledge(tmp_path, "lib", {"1.0": v1, "2.0": v2})
    checker = Checker(knowledge, VersionContext.of({"lib": "2.0"}, {"lib": "1.0"}))
    findings = checker.check_source("import lib\nlib.Frame().pick(1).old()\n", "t.py").findings
    assert [(f.code, f.api) for f in findings] == [("CS101", "lib.Frame.old")]
