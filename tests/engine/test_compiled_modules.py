"""Compiled modules (a ``.pyi`` with no ``.py``): what exists is what the stub defines and
re-exports, and what the module's ``.pyx``/``.pxd`` declare; a stub's plain imports are types."""

from __future__ import annotations

import io
import zipfile

from codesync.engine.archive import read_sources
from codesync.engine.pyx import declarations_skeleton, python_skeleton
from helpers.fakelib import snapshot

STUB = '''
from typing import Any
from fakelib._typing import ArrayLike
from fakelib.core import Frame
from fakelib.core import Series as Series
import fakelib.core as core

def unique(values: ArrayLike) -> Any: ...
class Engine:
    def get(self, key: str = ...) -> Frame: ...
'''

TYPING = "ArrayLike = list\n"
CORE = "class Frame:\n    pass\nclass Series:\n    pass\n"


def _files(**extra: str) -> dict[str, str]:
    return {"fakelib/__init__.py": "from fakelib import _libs\nfrom fakelib._libs import algos\n",
            "fakelib/_typing.py": TYPING, "fakelib/core.py": CORE,
            "fakelib/_libs/__init__.py": "", "fakelib/_libs/algos.pyi": STUB, **extra}


def test_a_compiled_modules_stub_imports_are_types_not_attributes():
    snap = snapshot(_files())
    exports = snap.exports
    assert "fakelib.algos.unique" in exports and "fakelib.algos.Engine" in exports
    assert exports["fakelib.algos.Series"] == "fakelib.core.Series"  # ``as Series``: re-exported
    for hidden in ("ArrayLike", "Frame", "Any"):
        assert f"fakelib.algos.{hidden}" not in exports
    # the types still resolve: the method's result is the class the stub imports
    assert snap.definitions["fakelib._libs.algos.Engine.get"].returns == "fakelib.core.Frame"


def test_a_stub_imports_listed_in_all_stay_exports():
    snap = snapshot(_files(**{"fakelib/_libs/algos.pyi": STUB + '__all__ = ["Frame", "unique"]\n'}))
    assert snap.exports["fakelib.algos.Frame"] == "fakelib.core.Frame"


def test_a_stub_only_distribution_keeps_its_imports():
    files = {"fakelib/__init__.pyi": "from fakelib.core import Frame\n",
             "fakelib/core.pyi": "class Frame: ...\n"}
    assert "fakelib.Frame" in snapshot(files).exports


def test_the_pyx_of_a_compiled_module_adds_its_functions_and_imports():
    pyx = '''
import numpy as np
from fakelib.core import Frame
from fakelib._typing cimport ArrayLike
cimport cython

def unique(values):
    return values
def helper_only_in_source(x, int n=3):
    return x
cdef int _c_only(int x):
    return x
@cython.internal
cdef class Hidden:
    pass
cdef class Engine:
    def get(self, str key="a"):
        pass
'''
    snap = snapshot(_files(**{"fakelib/_libs/algos.pyx": pyx}))
    exports = snap.exports
    assert exports["fakelib.algos.helper_only_in_source"] == "fakelib._libs.algos.helper_only_in_source"
    assert exports["fakelib.algos.Frame"] == "fakelib.core.Frame"  # the module imports it
    assert "fakelib.algos.Hidden" not in exports and "fakelib.algos.ArrayLike" not in exports
    assert snap.definitions["fakelib._libs.algos.Engine.get"].render_signature() == "get(key='a')"
    assert snap.definitions["fakelib._libs.algos.Engine.get"].returns == "fakelib.core.Frame"


def test_the_pxd_of_a_module_whose_stub_is_one_getattr_gives_its_cpdef_functions():
    pxd = '''
ctypedef fused number_t:
    double complex
    double

cpdef number_t spherical(long n, number_t z, bint derivative=*) noexcept nogil
cpdef double agm(double x0,
                 double x1) nogil
cdef void airy(double x0, double *y0) noexcept nogil
cdef class Sequence:
    cdef readonly object entropy
    cpdef generate(self, n_words, dtype=*)
'''
    files = {"fakelib/__init__.py": "from fakelib import special\n",
             "fakelib/special.pyi": "from typing import Any\ndef __getattr__(name) -> Any: ...\n",
             "fakelib/special.pxd": pxd}
    snap = snapshot(files)
    assert {"fakelib.special.spherical", "fakelib.special.agm", "fakelib.special.Sequence"} \
        <= set(snap.exports)
    assert "fakelib.special.airy" not in snap.exports
    assert snap.definitions["fakelib.special.spherical"].render_signature() == \
        "spherical(n, z, derivative=...)"
    assert snap.definitions["fakelib.special"].dynamic  # the stub's __getattr__ still says so


def test_a_pxd_beside_python_source_changes_nothing():
    files = {"fakelib/__init__.py": "def f(x):\n    return x\n",
             "fakelib/__init__.pxd": "cpdef g(int x)\ncdef class Extra:\n    pass\n"}
    assert set(snapshot(files).exports) == {"fakelib", "fakelib.f"}


def test_declarations_and_sources_skeletons_always_parse():
    for text in ("cpdef f(int x=*,\n", "cpdef g(a, b=*) except *\ncpdef", "@cython.internal\n"):
        compile(declarations_skeleton(text), "<pxd>", "exec")
        compile(python_skeleton(text), "<pyx>", "exec")


def _zip(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_wheels_give_their_cython_files_and_other_zips_do_not():
    members = {"pkg/__init__.py": "", "pkg/a.pyx": "def f(): pass\n", "pkg/a.pxd": "cpdef f()\n"}
    wheel = _zip({**members, "pkg-1.0.dist-info/WHEEL": "Wheel-Version: 1.0\n"})
    assert {s.path for s in read_sources(wheel)} == {"pkg/__init__.py", "pkg/a.pyx", "pkg/a.pxd"}
    assert {s.path for s in read_sources(_zip(members))} == {"pkg/__init__.py"}
    assert {s.path for s in read_sources(wheel, (".pyx",))} == {"pkg/a.pyx"}


def test_a_class_imported_from_a_compiled_module_takes_its_members_from_the_stub():
    files = {"fakelib/__init__.py": "from fakelib._core import Array, helper\n",
             "fakelib/__init__.pyi": "from fakelib._core import helper as helper\n"
                                     "class Array:\n    def reshape(self, shape, order: str = ...) -> Array: ...\n"
                                     "    @property\n    def size(self) -> int: ...\n",
             "fakelib/_core/__init__.py": "from fakelib._core._compiled import Array, helper\n"}
    snap = snapshot(files)
    assert snap.exports["fakelib.Array"] == "fakelib.Array"
    assert snap.definitions["fakelib.Array.reshape"].render_signature() == "reshape(shape, order=...)"
    assert snap.definitions["fakelib.Array.size"].kind == "property"
    # a function keeps its compiled home: no stub signature stands in for it
    assert snap.exports["fakelib.helper"] == "fakelib._core._compiled.helper"


def test_an_alias_the_pyx_binds_to_its_own_class_wins_over_a_stub_alias_pointing_outside():
    files = {"fakelib/__init__.py": "from fakelib._libs.props import cache_readonly, BDay\n",
             "fakelib/_libs/__init__.py": "",
             "fakelib/_libs/props.pyi": "cache_readonly = property\nclass BusinessDay: ...\n"
                                        "BDay = BusinessDay\n",
             "fakelib/_libs/props.pyx": "cdef class CachedProperty:\n    def __init__(self, func):\n"
                                        "        pass\ncache_readonly = CachedProperty\n"
                                        "cdef class BusinessDay:\n    pass\nBDay = BusinessDay\n"
                                        "import pytz\nUTC = pytz.utc\nNaT = c_NaT\n"}
    exports = snapshot(files).exports
    assert exports["fakelib.cache_readonly"] == "fakelib._libs.props.CachedProperty"
    assert exports["fakelib.BDay"] == "fakelib._libs.props.BusinessDay"
    # aliases of what the .pyx does not define (an import, a C-level object) are not kept
    skeleton = python_skeleton(files["fakelib/_libs/props.pyx"])
    assert "UTC =" not in skeleton and "NaT =" not in skeleton


def test_module_level_constants_of_a_pyx_are_attributes_and_c_level_ones_are_not():
    pyx = '''
OVERWRITE = True
LIMIT = -1
LABEL = "x"
cdef int hidden = 3
DEF COMPILE_TIME = 4
NaT = c_NaT

def unique(values):
    return values
'''
    snap = snapshot(_files(**{"fakelib/_libs/algos.pyx": pyx}))
    for name in ("OVERWRITE", "LIMIT", "LABEL", "unique"):
        assert f"fakelib.algos.{name}" in snap.exports
    for name in ("hidden", "COMPILE_TIME", "NaT"):
        assert f"fakelib.algos.{name}" not in snap.exports
