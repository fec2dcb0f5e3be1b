"""Shapes of a module ``__getattr__`` the scan reads as a closed set of names."""

from __future__ import annotations

from helpers.fakelib import snapshot

SHIM = {
    "fakelib/__init__.py": "from . import old\n",
    "fakelib/_impl.py": '''
        def solve(a):
            pass

        def factor(a):
            pass

        def helper(a):
            pass
    ''',
    "fakelib/old.py": '''
        import warnings
        from . import _impl
        from ._impl import helper

        __all__ = ['solve', 'factor', 'helper']  # noqa: F822
        old_modules = ['legacy']

        def __getattr__(name):
            if name not in __all__ and name not in old_modules:
                raise AttributeError(f"fakelib.old has no attribute {name}")
            if name in old_modules:
                msg = f"The module fakelib.old.{name} is deprecated."
            else:
                msg = f"Please use `{name}` from the fakelib namespace."
            warnings.warn(msg, category=DeprecationWarning, stacklevel=2)
            return getattr(_impl, name)
    ''',
}


def test_and_of_negated_tests_serves_each_table_with_the_warning():
    record = snapshot(SHIM).definitions["fakelib.old"]
    # the module binds ``helper`` itself: __getattr__ never runs for it, nothing warns
    assert set(record.deprecated_names) == {"solve", "factor", "legacy"}
    assert sorted(record.serves or []) == ["factor", "helper", "legacy", "solve"]


def test_locals_at_module_level_binds_names():
    files = {
        "fakelib/__init__.py": '''
            from . import windows

            old_windows = ('hann', 'boxcar')

            def deco(name):
                f = getattr(windows, name)

                def wrapped(*args, **kwargs):
                    return f(*args, **kwargs)
                return wrapped

            for name in old_windows:
                locals()[name] = deco(name)

            del old_windows, name, deco
            __all__ = [s for s in dir() if not s.startswith('_')]
        ''',
        "fakelib/windows.py": '''
            def hann(n):
                pass

            def boxcar(n):
                pass
        ''',
    }
    exports = set(snapshot(files).exports)
    assert {"fakelib.hann", "fakelib.boxcar", "fakelib.windows.hann"} <= exports
    assert "fakelib.deco" not in exports


def test_aliases_made_by_a_loop_over_a_literal_table():
    """``_attrs = globals()`` then a loop over ``TABLE.items()`` that binds each old name
    and appends it to ``__all__``: the old names exist and are listed."""
    files = {
        "fakelib/__init__.py": '''
            from . import _roots
            from ._roots import *
            __all__ = list(_roots.__all__)
        ''',
        "fakelib/_roots.py": '''
            _renamed = {'roots_legendre': 'p_roots', 'roots_hermite': 'h_roots'}
            __all__ = list(_renamed.keys())

            def roots_legendre(n):
                pass

            def roots_hermite(n):
                pass

            def helper():
                pass

            _attrs = globals()
            for new, old in _renamed.items():
                _attrs[old] = _attrs[new]
                __all__.append(old)
        ''',
    }
    snap = snapshot(files)
    exports = set(snap.exports)
    assert {"fakelib.p_roots", "fakelib.h_roots", "fakelib.roots_legendre"} <= exports
    assert "fakelib.helper" not in exports  # the list is known: not every bound name
    assert not snap.definitions["fakelib"].dynamic


def test_a_function_run_at_import_sets_names_on_other_modules():
    files = {
        "fakelib/__init__.py": '''
            from . import sql
        ''',
        "fakelib/sql/__init__.py": '''
            from .elements import Column

            def __go(lcls):
                from . import coercions
                from . import elements
                from . import schema

                coercions.elements = elements
                coercions.schema = schema
                elements.coercions = coercions

            __go(locals())
        ''',
        "fakelib/sql/elements.py": "class Column:\n    pass\n",
        "fakelib/sql/schema.py": "class Table:\n    pass\n",
        "fakelib/sql/coercions.py": '''
            import typing
            if typing.TYPE_CHECKING:
                from . import elements
                from . import schema

            def expect(role, value):
                pass
        ''',
    }
    snap = snapshot(files)
    unlisted_or_exported = set(snap.exports)
    assert "fakelib.sql.coercions.elements" in unlisted_or_exported
    assert "fakelib.sql.coercions.schema" in unlisted_or_exported
    assert snap.exports["fakelib.sql.coercions.elements"] == "fakelib.sql.elements"


def test_a_literal_filled_by_exec_or_mutated_is_not_a_literal_list():
    files = {
        "fakelib/__init__.py": '''
            from .compat import *
        ''',
        "fakelib/compat.py": '''
            from os.path import *
            _n = {}
            exec('from os.path import *', _n)
            for k in ("__builtins__",):
                _n.pop(k, None)
            path_all = list(_n)
            del _n, k

            def extra():
                pass

            __all__ = path_all + ["extra"]
        ''',
    }
    snap = snapshot(files)
    assert snap.definitions["fakelib.compat"].dynamic or \
        "fakelib.compat.extra" in snap.exports  # not a literal empty list: left open
    assert "fakelib.extra" in snap.exports


def test_a_module_getattr_warning_after_an_early_return_is_not_for_every_name():
    early_return = {**SHIM, "fakelib/old.py": '''
        import warnings
        from . import _impl

        __all__ = ['solve', 'factor']  # noqa: F822

        def __getattr__(name):
            if name not in __all__:
                raise AttributeError(f"fakelib.old has no attribute {name}")
            if name == "solve":
                return _impl.solve
            warnings.warn(f"fakelib.old.{name} is deprecated", DeprecationWarning)
            return getattr(_impl, name)
    '''}
    record = snapshot(early_return).definitions["fakelib.old"]
    assert sorted(record.serves or []) == ["factor", "solve"]
    assert "solve" not in set(record.deprecated_names)
