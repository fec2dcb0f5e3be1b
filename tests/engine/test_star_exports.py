"""A package's star imports are attributes even when its ``__all__`` does not list them."""

from __future__ import annotations

from helpers.fakelib import snapshot


def test_star_imported_stub_names_are_exported_beyond_all():
    files = {
        "fakelib/__init__.py": (
            "from typing import TYPE_CHECKING\n"
            "__all__ = ['Tensor']\n"
            "from fakelib._ops import Tensor\n"
            "if TYPE_CHECKING:\n"
            "    from fakelib._C._functions import *\n"
            "for _name in dir(_C._functions):\n"
            "    __all__.append(_name)\n"),
        "fakelib/_ops.py": "class Tensor:\n    pass\n",
        "fakelib/_C/__init__.pyi": "",
        "fakelib/_C/_functions.pyi": "def abs(input, *, out=None): ...\ndef _private(x): ...\n",
    }
    exports = snapshot(files).exports
    assert exports["fakelib.abs"] == "fakelib._C._functions.abs"
    assert "fakelib._private" not in exports
    assert exports["fakelib.Tensor"] == "fakelib._ops.Tensor"


def test_a_plain_module_does_not_reexport_what_it_star_imports():
    files = {
        "fakelib/__init__.py": "",
        "fakelib/tools.py": "__all__ = ['run']\nfrom os.path import *\ndef run(x):\n    pass\n",
    }
    exports = snapshot(files).exports
    assert "fakelib.tools.run" in exports
    assert "fakelib.tools.join" not in exports
