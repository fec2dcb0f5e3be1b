"""A changed member called on an untyped receiver, when one library class family alone
defines it, is judged on that class as a likely finding (CS203)."""

from __future__ import annotations

import pytest

from codesync.analysis.checker import Checker, VersionContext
from helpers.fakelib import make_knowledge

DRAW = "class Draw:\n    def text(self, xy, s):\n        pass\n\n    def textsize(self, s):\n        pass\n"
FONTS = ("class Font:\n    def getsize(self, s):\n        pass\n\n"
         "class Transposed:\n    def getsize(self, s):\n        pass\n")
WIDGET = "class Widget:\n    def keys(self):\n        pass\n\n    def shrink(self):\n        pass\n"
V1 = {"lib/__init__.py": "", "lib/draw.py": DRAW, "lib/fonts.py": FONTS, "lib/widget.py": WIDGET}
V2 = {"lib/__init__.py": "",
      "lib/draw.py": "class Draw:\n    def text(self, xy, s):\n        pass\n",
      "lib/fonts.py": "class Font:\n    pass\n\nclass Transposed:\n    pass\n",
      "lib/widget.py": "class Widget:\n    pass\n"}


@pytest.fixture(scope="module")
def judge(tmp_path_factory):
    knowledge = make_knowledge(tmp_path_factory.mktemp("unique"), "lib", {"1.0": V1, "2.0": V2})

    def run(source: str) -> list[tuple[int, str, str]]:
        checker = Checker(knowledge, VersionContext.of({"lib": "2.0"}))
        return [(f.line, f.code, f.message)
                for f in checker.check_source(source, "t.py").findings]

    return run


def test_a_member_only_one_class_had_is_likely_that_class(judge):
    [(line, code, message)] = judge("from lib import draw\n\ndef size(d, s):\n"
                                    "    return d.textsize(s)\n")
    assert (line, code) == (4, "CS203")
    assert "`d` is likely a `lib.draw.Draw` (it uses `textsize`)" in message


def test_an_untyped_attribute_of_the_users_object_is_a_receiver_like_any(judge):
    [(line, code, message)] = judge("from lib import draw\n\nclass View:\n"
                                    "    def __init__(self, d):\n        self.d = d\n\n"
                                    "    def size(self, s):\n        return self.d.textsize(s)\n")
    assert (line, code) == (8, "CS203") and "lib.draw.Draw" in message


def test_a_member_lost_only_through_a_base_record_is_no_evidence(tmp_path):
    """The base moved to a compiled module whose record lists no members: the subclass
    seems to lose every inherited member, though nothing was removed."""
    v1 = {"lib/__init__.py": "class Base:\n    def fill(self, v):\n        pass\n\n"
                             "class Masked(Base):\n    pass\n\n"
                             "class Other:\n    def gone(self):\n        pass\n"}
    v2 = {"lib/__init__.py": "from lib._native import Base\n\n"
                             "class Masked(Base):\n    pass\n\nclass Other:\n    pass\n"}
    knowledge = make_knowledge(tmp_path, "lib", {"1.0": v1, "2.0": v2})
    checker = Checker(knowledge, VersionContext.of({"lib": "2.0"}))
    found = checker.check_source("import lib\n\ndef f(a, b):\n    a.fill(0)\n    b.gone()\n",
                                 "t.py").findings
    assert [(f.line, f.code) for f in found] == [(5, "CS203")]


def test_several_families_that_all_lost_it_are_named_each(judge):
    [(line, code, message)] = judge("from lib import fonts\n\ndef width(f, s):\n"
                                    "    return f.getsize(s)[0]\n")
    assert code == "CS203" and "lib.fonts.Font" in message and "lib.fonts.Transposed" in message


@pytest.mark.parametrize("source", [
    # a member builtin and standard-library types have too
    "import lib\n\ndef f(w):\n    return w.keys()\n",
    # the file's own class defines it
    "import lib\n\nclass Mine:\n    def textsize(self, s):\n        pass\n\n"
    "def f(d):\n    return d.textsize('x')\n",
    # code that expects it may be missing
    "import lib\n\ndef f(d):\n    try:\n        return d.textsize('x')\n    except AttributeError:\n"
    "        return None\n",
    "import lib\n\ndef f(d):\n    if hasattr(d, 'textsize'):\n        return d.textsize('x')\n",
    # the library is not imported by the file
    "def f(d):\n    return d.textsize('x')\n",
    # the user's own object: what its bases define is not seen here
    "import lib\n\nclass Mine(Unknown):\n    def f(self):\n        return self.textsize('x')\n",
    # a member that did not change
    "import lib\n\ndef f(d):\n    return d.text((0, 0), 'x')\n",
])
def test_otherwise_nothing_is_guessed(judge, source):
    assert judge(source) == []
