"""A name a module lists in ``__all__`` and star-imports from a compiled module exists, and a
name bound to one (``inf = PINF``) still resolves."""

from __future__ import annotations

from helpers.fakelib import snapshot

FILES = {
    "fakelib/__init__.py": "from .core import *\nfrom . import core\n__all__ = core.__all__\n",
    "fakelib/core/__init__.py": "from .multiarray import *\nfrom .numeric import *\n"
                                "from . import multiarray, numeric\n"
                                "__all__ = multiarray.__all__ + numeric.__all__\n",
    "fakelib/core/multiarray.py": "from ._umath import *\n__all__ = ['asarray', 'PINF']\n",
    "fakelib/core/numeric.py": "from .multiarray import PINF\ninf = PINF\n__all__ = ['inf']\n",
}


def test_a_name_in_all_from_a_compiled_star_import_is_exported():
    exports = snapshot(FILES).exports
    assert exports["fakelib.asarray"] == "fakelib.core._umath.asarray"
    assert exports["fakelib.core.multiarray.asarray"] == "fakelib.core._umath.asarray"


def test_a_name_bound_to_a_compiled_value_still_resolves():
    assert "fakelib.inf" in snapshot(FILES).exports
