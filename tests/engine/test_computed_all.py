"""A module whose ``__all__`` grows at import time keeps what it lists literally, and a stub
beside it says which names the import-time code makes (numpy's scalar types, set by a loop
over a table from another module)."""

from __future__ import annotations

from helpers.fakelib import snapshot

TYPES = {
    "fakelib/__init__.py": '''
        from .core import *
        from . import core
        __all__ = list(core.__all__)
    ''',
    "fakelib/core/__init__.py": '''
        from . import numeric
        from .numeric import *
        __all__ = ['char']
        __all__ += numeric.__all__
        char = 1
    ''',
    "fakelib/core/numeric.py": '''
        from . import kinds
        __all__ = ['zeros']

        def extend_all(module):
            existing = set(__all__)
            for a in module.__all__:
                if a not in existing:
                    __all__.append(a)

        def zeros(n):
            pass

        from .kinds import *
        extend_all(kinds)
    ''',
    "fakelib/core/kinds.py": '''
        from ._aliases import all_types, bit_names
        from ._helpers import LOWER_TABLE
        __all__ = ['cast', 'kind_table']

        def cast(x):
            pass

        kind_table = {}
        for key in all_types:
            globals()[key] = all_types[key]
            __all__.append(key)
        del key
    ''',
    "fakelib/core/kinds.pyi": '''
        from fakelib import bool_, int8
        from fakelib._typing import ArrayLike
        from fakelib.core._aliases import all_types as all_types
        __all__: list[str]
        def cast(x: ArrayLike) -> bool_: ...
        kind_table: dict[str, type]
    ''',
    "fakelib/core/_aliases.py": '''
        all_types = {}
        bit_names = {}
    ''',
    "fakelib/core/_helpers.py": '''
        LOWER_TABLE = ""
    ''',
    "fakelib/_typing.py": '''
        ArrayLike = object
    ''',
}


def test_a_computed_all_keeps_its_literal_names_and_the_stub_names_the_rest():
    snap = snapshot(TYPES)
    assert snap.status == "ok", snap.reason
    exports = snap.exports
    for name in ("zeros", "cast", "kind_table", "char", "bool_", "int8"):
        assert f"fakelib.{name}" in exports, name
    assert "fakelib.core.kinds.bool_" in exports
    assert "fakelib.core.numeric.int8" in exports


def test_module_internals_and_stub_type_helpers_are_not_exported():
    exports = snapshot(TYPES).exports
    for name in ("LOWER_TABLE", "bit_names", "ArrayLike", "key"):
        assert f"fakelib.{name}" not in exports, name
        assert f"fakelib.core.{name}" not in exports, name
    assert "fakelib.core.kinds.ArrayLike" not in exports


LAZY_WITH_PARTIAL_STUB_ALL = {
    "fakelib/__init__.py": '''
        from ._core import make_types
        for _name in make_types():
            globals()[_name] = make_types()[_name]
        def __getattr__(name):
            raise AttributeError(name)
    ''',
    "fakelib/__init__.pyi": '''
        import fakelib as fl
        from fakelib._core import helper as helper
        class generic: ...
        class integer(generic): ...
        def _private() -> None: ...
        __all__ = ["helper"]
    ''',
    "fakelib/_core.py": '''
        def make_types():
            return {}
        def helper():
            pass
    ''',
}


def test_an_open_modules_stub_gives_the_classes_it_defines_beside_its_partial_all():
    exports = snapshot(LAZY_WITH_PARTIAL_STUB_ALL).exports
    for name in ("generic", "integer", "helper"):
        assert f"fakelib.{name}" in exports, name
    assert "fakelib._private" not in exports
    assert "fakelib.fl" not in exports  # a stub's ``import X as Y`` is for the stub itself


HELPER_FILLED = {
    "fakelib/__init__.py": '''
        from . import kinds, mirror
        from ._base import *
        __all__ = ['kinds', 'mirror', 'base_function']
    ''',
    "fakelib/_base.py": '''
        __all__ = ['base_function']
        def base_function():
            pass
    ''',
    "fakelib/kinds.py": '''
        __all__ = []
        def _add_kind(cls, alias):
            from fakelib import kinds
            setattr(kinds, cls.__name__, cls)
            __all__.append(cls.__name__)
    ''',
    "fakelib/kinds.pyi": '''
        class BoolKind: ...
        class IntKind: ...
        __all__ = ["BoolKind", "IntKind"]
    ''',
    "fakelib/mirror.py": '''
        import fakelib as fl
        from fakelib import *
        __all__ = fl.__all__[:]
        __all__ += ['extra']
        def extra():
            pass
    ''',
}


def test_a_helper_others_call_fills_all_and_the_stub_says_with_what():
    exports = snapshot(HELPER_FILLED).exports
    assert "fakelib.kinds.BoolKind" in exports
    assert "fakelib.kinds.IntKind" in exports


def test_a_copy_of_another_modules_all_is_followed():
    exports = snapshot(HELPER_FILLED).exports
    assert exports["fakelib.mirror.base_function"] == "fakelib._base.base_function"
    assert "fakelib.mirror.extra" in exports


LISTS = {
    "fakelib/__init__.py": '''
        from ._ufuncs import *
        from .orthogonal import *
        __all__ = [s for s in dir() if not s.startswith('_')]
    ''',
    "fakelib/_ufuncs.py": '''
        def eval_a(x): pass
        def eval_b(x): pass
    ''',
    "fakelib/orthogonal.py": '''
        from ._ufuncs import eval_a, eval_b
        _polyfuns = ['legendre']
        _roots = {'roots_legendre': 'p_roots'}
        _evalfuns = ['eval_a', 'eval_b']
        __all__ = _polyfuns + list(_roots.keys()) + _evalfuns
        def legendre(n): pass
        def roots_legendre(n): pass
        _modattrs = globals()
        for newfun, oldfun in _roots.items():
            _modattrs[oldfun] = _modattrs[newfun]
            __all__.append(oldfun)
    ''',
}


def test_all_built_from_the_modules_literal_lists_keeps_them_when_it_grows():
    exports = snapshot(LISTS).exports
    for name in ("legendre", "roots_legendre", "eval_a", "eval_b"):
        assert f"fakelib.{name}" in exports, name
        assert f"fakelib.orthogonal.{name}" in exports, name


GROWN_BY_THE_RUN = {
    "fakelib/__init__.py": '''
        from .distributions import *
    ''',
    "fakelib/distributions.py": '''
        from . import _continuous
        from ._continuous import *
        __all__ = ['rv_continuous']
        __all__ += _continuous._names
        def rv_continuous(): pass
    ''',
    "fakelib/_continuous.py": '''
        class norm_gen: pass
        norm = norm_gen()
        pairs = list(globals().copy().items())
        _names = [n for n, v in pairs if isinstance(v, norm_gen)]
        __all__ = _names + ['norm_gen']
    ''',
}


def test_an_all_grown_by_names_only_the_run_knows_keeps_what_the_module_binds():
    exports = snapshot(GROWN_BY_THE_RUN).exports
    assert exports["fakelib.norm"] == "fakelib._continuous.norm"
    assert "fakelib.rv_continuous" in exports


def test_names_a_loop_injects_and_lists_do_not_bring_the_modules_internals_without_a_stub():
    files = {k: v for k, v in TYPES.items() if not k.endswith(".pyi")}
    exports = snapshot(files).exports
    assert "fakelib.cast" in exports and "fakelib.kind_table" in exports
    for name in ("LOWER_TABLE", "bit_names", "all_types"):
        assert f"fakelib.{name}" not in exports, name
