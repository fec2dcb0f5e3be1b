"""Cython sources: the skeleton of their Python-visible API, and its overlay on stubs."""

from __future__ import annotations

import ast

import pytest

from codesync.engine.pyx import python_skeleton
from helpers.fakelib import snapshot

TIMESTAMPS = '''
cimport cython
from cpython.datetime cimport datetime, tzinfo
import warnings
import numpy as np
cdef extern from "foo.h":
    int bar(int x)
ctypedef fused foo_t:
    int
    double
cdef inline bint _helper(int64_t x) nogil:
    return x > 0
cdef class _Timestamp(ABCTimestamp):
    cdef readonly:
        int64_t value, nanosecond
    def __hash__(_Timestamp self):
        return 1
    cpdef bint _can_compare(self, datetime other):
        return True
    cdef _compare_outside(self, datetime other, int op):
        pass
    @property
    def asm8(self) -> np.datetime64:
        return np.datetime64(self.value, "ns")
class Timestamp(_Timestamp):
    """Pandas replacement for python datetime.datetime object.

def not_a_function(x):   (inside the docstring, at column 0)
    """
    @classmethod
    def fromordinal(cls, ordinal, freq=None, tz=None):
        return cls(datetime.fromordinal(ordinal), freq=freq, tz=tz)
    def __new__(
        cls,
        object ts_input=_no_input,  # the input: any of several kinds
        object freq=None,
        tz=None,
        tzinfo_type tzinfo=None,
        *,
        fold=None,
    ):
        cdef:
            _TSObject ts
        return create_timestamp_from_ts(ts.value)
cpdef int64_t get_unit(object x, str unit="ns,:#", bint strict=True) except? -1:
    return 0
def parse(str text, ndarray[int64_t, ndim=1] values, object y not None, sep=",", *args, **kwargs):
    pass
'''


def _tree(text: str) -> dict[str, ast.AST]:
    tree = ast.parse(python_skeleton(text))
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            found[node.name] = node
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef):
                        found[f"{node.name}.{item.name}"] = item
    return found


def _signature(node: ast.FunctionDef) -> str:
    return ast.unparse(node.args)


def test_python_visible_structure_is_kept_and_c_declarations_dropped():
    found = _tree(TIMESTAMPS)
    assert [ast.unparse(b) for b in found["_Timestamp"].bases] == ["ABCTimestamp"]
    assert _signature(found["Timestamp.__new__"]) == \
        "cls, ts_input=_no_input, freq=None, tz=None, tzinfo=None, *, fold=None"
    assert _signature(found["Timestamp.fromordinal"]) == "cls, ordinal, freq=None, tz=None"
    assert [ast.unparse(d) for d in found["Timestamp.fromordinal"].decorator_list] == ["classmethod"]
    assert _signature(found["_Timestamp._can_compare"]) == "self, other"
    assert _signature(found["_Timestamp.__hash__"]) == "self"
    assert _signature(found["get_unit"]) == "x, unit='ns,:#', strict=True"
    assert _signature(found["parse"]) == "text, values, y, sep=',', *args, **kwargs"
    assert "_Timestamp.asm8" in found
    for gone in ("_helper", "_Timestamp._compare_outside", "not_a_function", "bar"):
        assert gone not in found
    skeleton = python_skeleton(TIMESTAMPS)
    assert "import warnings" in skeleton and "import numpy as np" in skeleton
    assert "cimport" not in skeleton and "ctypedef" not in skeleton


@pytest.mark.parametrize("text", ["", "def (((:\n  \"\"\"x", "cdef class :\n\tdef f(a,\r\n b=1):\r\n  pass",
                                  "\x00garbage ) ] }", "class A:\n    def f(self, x='unterminated):\n"])
def test_odd_input_never_raises_and_always_parses(text):
    ast.parse(python_skeleton(text))


def test_tabs_and_crlf_headers():
    found = _tree("class A:\r\n\tdef f(self,\r\n\t      int a=1):\r\n\t\treturn a\r\n")
    assert _signature(found["A.f"]) == "self, a=1"


def test_compiled_defaults_fill_a_stubs_ellipses_and_classes_without_stubs():
    files = {
        "fakelib/__init__.py": "from fakelib._libs.stamps import Stamp\nfrom fakelib._libs.spans import Span\n",
        "fakelib/_libs/__init__.py": "",
        "fakelib/_libs/stamps.pyi": "class Stamp:\n    def __new__(cls, value=..., freq: str | None = ..., *, fold: int = ...): ...\n",
        "fakelib-1.0/fakelib/_libs/stamps.pyx": "class Stamp:\n    def __new__(cls, object value=_no_input, str freq=None, *, fold=0):\n        pass\n",
        "fakelib-1.0/fakelib/_libs/spans.pyx": "cdef class Span:\n    def __init__(self, int start, int end=-1):\n        pass\n",
    }
    snap = snapshot(files)
    stamp = snap.definitions["fakelib._libs.stamps.Stamp.__new__"]
    assert stamp.render_signature() == "__new__(value=_no_input, freq=None, *, fold=0)"
    span = snap.definitions["fakelib._libs.spans.Span.__init__"]
    assert span.render_signature() == "__init__(start, end=-1)"
    assert snap.exports["fakelib.Span"] == "fakelib._libs.spans.Span"
