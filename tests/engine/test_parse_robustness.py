"""Old and broken sources: ast, then 2to3, then line repair; a bad file never aborts a release."""

from __future__ import annotations

import pytest

from codesync.engine.extract import scan_module
from codesync.engine.parse import parse_source
from helpers.fakelib import make_knowledge, snapshot

PY2 = '''
import sys

def greet(name, greeting="hi"):
    print "%s, %s" % (greeting, name)

def safe(x):
    try:
        return int(x)
    except ValueError, e:
        raise TypeError, "bad"

class Old(object):
    def run(self, n=0L):
        return ur"x"

    def items(self):
        return self.d.iteritems()
'''


def test_python2_source_parses_through_2to3():
    result = parse_source(PY2)
    assert result.how == "2to3"
    assert result.tree is not None
    assert result.error  # the original SyntaxError is kept


def test_python2_release_is_complete():
    snap = snapshot({"fakelib/__init__.py": PY2})
    assert snap.status == "ok"  # every file converted: nothing is missing
    assert {"fakelib.greet", "fakelib.safe", "fakelib.Old"} <= set(snap.exports)
    assert [p.render() for p in snap.definitions["fakelib.greet"].params] == ["name", "greeting='hi'"]
    assert [p.render() for p in snap.definitions["fakelib.Old.run"].params] == ["n=0"]


ASYNC_CALL = '''
import asyncio

def ok_before(a):
    pass

task = asyncio.async(coro)

def ok_after(b, c=1):
    return asyncio.async(b)
'''


def test_async_identifier_is_repaired():
    info = scan_module("fakelib.aio", ASYNC_CALL, is_package=False)
    assert info.parse_how == "repaired"
    assert {"fakelib.aio.ok_before", "fakelib.aio.ok_after"} <= set(info.definitions)
    assert [p.render() for p in info.definitions["fakelib.aio.ok_after"].params] == ["b", "c=1"]


def test_repaired_file_marks_release_partial():
    snap = snapshot({"fakelib/__init__.py": "from .aio import *\n", "fakelib/aio.py": ASYNC_CALL})
    assert snap.status == "partial"
    assert "1 repaired" in snap.reason
    assert snap.exports["fakelib.ok_after"] == "fakelib.aio.ok_after"


ASYNC_DEF = '''
def ok_before(a):
    pass

def async(loop, coro):
    return coro

def run(coro, async=False):
    return coro

def ok_after(b, c=1):
    pass
'''


def test_async_as_function_or_parameter_name_still_yields_other_functions():
    info = scan_module("fakelib.aio", ASYNC_DEF, is_package=False)
    assert info.parse_how == "repaired"
    assert {"fakelib.aio.ok_before", "fakelib.aio.ok_after"} <= set(info.definitions)


def test_unparseable_file_makes_release_partial_not_failed():
    snap = snapshot({
        "fakelib/__init__.py": "from .good import *\n",
        "fakelib/good.py": "def fine(a): pass\n",
        "fakelib/bad.py": "def broken(:\n    pass\n",
    })
    assert snap.status == "partial"
    assert "fakelib/bad.py" in snap.reason  # unreadable or repaired line by line
    assert snap.exports["fakelib.fine"] == "fakelib.good.fine"


@pytest.mark.parametrize("source", [
    "\x00\x01 garbage ((((\n",
    "def f(:\n",
    "(" * 500 + ")" * 500 + "\n",
    "x = '" + "a" * 10 + "\n",
    "",
])
def test_parse_never_raises(source):
    result = parse_source(source)
    assert result.how in ("ast", "2to3", "repaired", "failed")
    assert (result.tree is None) == (result.how == "failed")


def test_deeply_nested_source_does_not_crash():
    source = "x = " + "[" * 5000 + "]" * 5000 + "\ndef f(a): pass\n"
    info = scan_module("m", source, is_package=False)
    assert info.parse_how in ("ast", "2to3", "repaired", "failed")


def test_latin1_source_decoded():
    from codesync.engine.archive import decode

    assert decode("# caf\xe9\ndef f(): pass\n".encode("latin-1")).startswith("# café")


def test_partial_status_is_stored_with_its_reason(tmp_path):
    knowledge = make_knowledge(tmp_path, "fakelib", {
        "1.0": {"fakelib/__init__.py": "def f(a): pass\n"},
        "2.0": {"fakelib/__init__.py": "from .aio import *\n", "fakelib/aio.py": ASYNC_CALL},
    })
    rows = knowledge.release_rows("fakelib")
    assert [(r["version"], r["status"]) for r in rows] == [("1.0", "ok"), ("2.0", "partial")]
    assert "repaired" in rows[1]["reason"]
