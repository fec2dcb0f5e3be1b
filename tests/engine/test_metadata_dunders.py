"""A package whose ``__all__`` is computed at import time (a lazy-loading helper) and whose
literal ``__all__`` sits under ``if TYPE_CHECKING:`` still has the ``__version__`` it binds at
run time: the knowledge lists it, not the module machinery the helper returns."""

from __future__ import annotations

from helpers.fakelib import snapshot

FILES = {
    "fakelib/__init__.py": '''
        from typing import TYPE_CHECKING
        import importlib.metadata
        from ._lazy import lazy

        __version__ = importlib.metadata.version("fakelib")

        if TYPE_CHECKING:
            from fakelib.version import __version__
            __all__ = ["__version__", "version"]
        else:
            __all__, __getattr__, __dir__ = lazy(__name__, [".version"], [".version.__version__"])
    ''',
    "fakelib/version.py": "__version__ = '1'\n",
    "fakelib/_lazy.py": "def lazy(*args):\n    return [], None, None\n",
}
LITERAL = {
    "fakelib/__init__.py": '''
        __version__ = "1.0"
        __all__ = ["run"]

        def run():
            pass
    ''',
}


def test_a_computed_all_keeps_the_version_the_module_binds():
    exports = snapshot(FILES).exports
    assert "fakelib.__version__" in exports
    assert not {"fakelib.__getattr__", "fakelib.__dir__", "fakelib.__all__"} & set(exports)


def test_a_literal_all_decides_as_before():
    assert "fakelib.__version__" not in snapshot(LITERAL).exports
