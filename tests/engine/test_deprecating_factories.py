"""Names a module-level loop binds to the warning wrapper a module function makes
(``for name in NAMES: locals()[name] = deco(name)``, scipy.signal's window functions in
1.8-1.12) are deprecated functions, each with the factory's message written for it."""

from __future__ import annotations

import pytest

from codesync.knowledge.model import Definition
from helpers.fakelib import snapshot

FILES = {
    "fakelib/__init__.py": '''
        import sys
        import warnings
        from . import windows

        _moved = ("boxcar", "triang")

        def deco(name):
            f = getattr(windows, name)
            def wrapped(*args, **kwargs):
                warnings.warn(f"Importing {name} from 'fakelib' is deprecated. Please use "
                              f"'fakelib.windows.{name}' instead.", DeprecationWarning,
                              stacklevel=2)
                return f(*args, **kwargs)
            return wrapped

        for name in _moved:
            locals()[name] = deco(name)

        def _quiet(name, strict=False):
            def wrapped(*args):
                if strict:
                    warnings.warn("strict", DeprecationWarning)
                return getattr(windows, name)(*args)
            return wrapped

        for key in ("hann",):
            globals()[key] = _quiet(key)

        _module = sys.modules[__name__]
        for label in ["kaiser"]:
            setattr(_module, label, deco(name=label))
        del deco
    ''',
    "fakelib/windows.py": '''
        def boxcar(M, sym=True): pass
        def triang(M, sym=True): pass
        def hann(M, sym=True): pass
        def kaiser(M, beta, sym=True): pass
    ''',
}


@pytest.fixture(scope="module")
def definitions() -> dict[str, Definition]:
    return snapshot(FILES).definitions


@pytest.mark.parametrize("name", ["boxcar", "triang", "kaiser"])
def test_each_name_is_a_deprecated_function_with_its_own_message(definitions, name):
    record = definitions[f"fakelib.{name}"]
    assert record.kind == "function" and record.deprecated is not None
    assert record.deprecated.message.startswith(f"Importing {name} from 'fakelib'")
    assert record.deprecated.replacement == f"fakelib.windows.{name}"


def test_a_wrapper_that_warns_only_under_a_test_deprecates_nothing(definitions):
    assert definitions["fakelib.hann"].deprecated is None
