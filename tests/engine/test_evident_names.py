"""Names a module makes at import time from data only the run has (a loop over a table a
compiled module fills) are known where the distribution itself names them: an import by
name from the module, or the package's stub. They are carried down the one open star import."""

from __future__ import annotations

from helpers.fakelib import snapshot

TYPES_LOOP = '''
from builtins import bool
from fakelib._table import all_types
__all__ = ["issubtype"]
def issubtype(a, b):
    return True
for key in all_types:
    globals()[key] = all_types[key]
    __all__.append(key)
'''
TABLE = "all_types = dict(_compiled_pairs())\n"
OTHER = '__all__ = ["zeros"]\ndef zeros(n):\n    return n\n'


def test_names_the_package_stub_defines_reach_the_module_whose_loop_makes_them():
    files = {
        "fakelib/__init__.py": "from fakelib import core\nfrom fakelib.core import *\n"
                               "from fakelib.other import *\n"
                               "def __getattr__(attr):\n    import importlib\n"
                               "    return importlib.import_module('fakelib.' + attr)\n",
        "fakelib/__init__.pyi": "class number: ...\nclass int8(number): ...\nbyte = int8\n"
                                "from fakelib._precision import int96 as int96\n",
        "fakelib/_precision.py": "int96 = object\n",
        "fakelib/_table.py": TABLE,
        "fakelib/core/__init__.py": "from fakelib.core.types import *\n",
        "fakelib/core/types.py": TYPES_LOOP,
        "fakelib/other.py": OTHER,
    }
    exports = snapshot(files).exports
    for module in ("fakelib.core", "fakelib.core.types"):
        assert exports[f"{module}.int8"] == "fakelib.int8"
        assert exports[f"{module}.number"] == "fakelib.number"
        assert exports[f"{module}.byte"] == "fakelib.int8"  # the stub's alias, followed
        assert f"{module}.int96" not in exports  # imported by the stub: not its statement
    assert "fakelib.other.int8" not in exports  # a module whose names are all known


def test_a_name_imported_from_a_module_whose_names_are_open_exists_down_its_one_open_chain():
    files = {
        "fakelib/__init__.py": "from fakelib._core import ones, int8, Real, bool\n",
        "fakelib/__init__.pyi": "class Real:\n    def conjugate(self) -> Real: ...\n",
        "fakelib/_table.py": TABLE,
        "fakelib/_core/__init__.py": "from fakelib._core.numeric import *\nfrom fakelib._core.other import *\n",
        "fakelib/_core/numeric.py": "def ones(n):\n    return n\nfrom fakelib._core.types import *\n",
        "fakelib/_core/types.py": TYPES_LOOP,
        "fakelib/_core/other.py": OTHER,
    }
    snap = snapshot(files)
    assert snap.exports["fakelib.ones"] == "fakelib._core.numeric.ones"
    assert snap.exports["fakelib.int8"] == "fakelib._core.types.int8"
    # a class of unknown shape takes the package stub's definition, members and all
    assert snap.exports["fakelib.Real"] == "fakelib.Real"
    assert snap.definitions["fakelib.Real.conjugate"].returns == "fakelib.Real"
    # the loop module binds ``bool`` from builtins before the loop rebinds it: the name
    # stays with the modules above it, and the package still has it
    assert snap.exports["fakelib.bool"] == "fakelib._core.numeric.bool"


def test_no_name_is_carried_where_two_star_imports_are_open():
    files = {
        "fakelib/__init__.py": "from fakelib._core import int8\n",
        "fakelib/_table.py": TABLE,
        "fakelib/_core/__init__.py": "from fakelib._core.types import *\nfrom fakelib._core.more import *\n",
        "fakelib/_core/types.py": TYPES_LOOP,
        "fakelib/_core/more.py": TYPES_LOOP,
    }
    exports = snapshot(files).exports
    assert exports["fakelib.int8"] == "fakelib._core.int8"
    assert "fakelib._core.types.int8" not in exports.values()


def test_a_star_import_of_a_package_with_all_gives_no_submodule_its_stub_names():
    files = {
        "fakelib/__init__.py": "from fakelib import linalg, testing\n__all__ = ['linalg', 'ones']\n"
                               "def ones(n):\n    return n\n"
                               "def __getattr__(attr):\n    import importlib\n"
                               "    return importlib.import_module('fakelib.' + attr)\n",
        "fakelib/__init__.pyi": "from fakelib import linalg as linalg, testing as testing\n"
                                "def ones(n: int) -> int: ...\n",
        "fakelib/linalg.py": "def inv(a):\n    return a\n",
        "fakelib/testing.py": "def check(a):\n    return a\n",
        "fakelib/matlib.py": "from fakelib import *\n",
    }
    exports = snapshot(files).exports
    assert "fakelib.testing" in exports and "fakelib.matlib.linalg" in exports
    assert "fakelib.matlib.testing" not in exports


def test_a_name_all_lists_is_exported_whatever_it_is_bound_to():
    files = {
        "fakelib/__init__.py": "from fakelib import compat\n",
        "fakelib/compat/__init__.py": "from fakelib.compat import py3k\nfrom fakelib.compat.py3k import *\n"
                                      "__all__ = []\n__all__.extend(py3k.__all__)\n",
        "fakelib/compat/py3k.py": "import os\nimport sys\nfrom pathlib import Path\n"
                                  "__all__ = ['long', 'Path', 'fspath', 'asbytes']\n"
                                  "long = int\nfspath = os.fspath\nwrite = sys.stderr.write\n"
                                  "def asbytes(s):\n    return s\n",
    }
    exports = snapshot(files).exports
    for module in ("fakelib.compat.py3k", "fakelib.compat"):
        assert exports[f"{module}.long"] == "int"
        assert exports[f"{module}.Path"] == "pathlib.Path"
        assert exports[f"{module}.fspath"] == "os.fspath"
    assert "fakelib.compat.py3k.write" not in exports and "fakelib.compat.py3k.os" not in exports


def test_a_chain_that_ends_in_a_compiled_module_stops_there():
    files = {
        "fakelib/__init__.py": "from fakelib._core import erf\n",
        "fakelib/_core/__init__.py": "from fakelib._core._ufuncs import *\n",
    }
    assert snapshot(files).exports["fakelib.erf"] == "fakelib._core.erf"
