"""A name a module lists in ``__all__`` and star-imports from a compiled module exists."""

from __future__ import annotations

from helpers.fakelib import snapshot


def test_a_name_in_all_from_a_compiled_star_import_is_exported():
    files = {
        "fakelib/__init__.py": "from .core import *\nfrom . import core\n__all__ = core.__all__\n",
        "fakelib/core/__init__.py": "from .multiarray import *\nfrom . import multiarray\n"
                                    "__all__ = multiarray.__all__\n",
        "fakelib/core/multiarray.py": "from ._umath import *\n__all__ = ['asarray', 'empty']\n",
        "fakelib/core/_internal.py": "def helper():\n    pass\n",  # a sibling with source
    }
    exports = snapshot(files).exports
    assert "fakelib.asarray" in exports
    assert "fakelib.core.multiarray.asarray" in exports
