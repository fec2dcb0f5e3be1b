"""Existence follows what runs on import: type-checking blocks, ``__main__`` blocks, deleted
names, platform and fallback branches, stubs beside source, defaults naming constants."""

from __future__ import annotations

from helpers.fakelib import snapshot


def exports(files: dict[str, str]) -> dict[str, str]:
    snap = snapshot(files)
    assert snap.status == "ok", snap.reason
    return snap.exports


TYPE_ONLY = {
    "fakelib/__init__.py": '''
        import typing
        from typing import TYPE_CHECKING
        from .core import run
        if TYPE_CHECKING:
            from .console import Console
        if typing.TYPE_CHECKING:
            from .console import Theme
        if False:
            from .console import Old
        if not TYPE_CHECKING:
            from .console import Live
        else:
            from .console import Typed
    ''',
    "fakelib/core.py": '''
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from .console import Console
        def run() -> "Console":
            pass
    ''',
    "fakelib/console.py": '''
        class Console: pass
        class Theme: pass
        class Old: pass
        class Live: pass
        class Typed: pass
    ''',
}


def test_names_bound_for_type_checkers_are_not_exports_but_still_give_types():
    snap = snapshot(TYPE_ONLY)
    for name in ("Console", "Theme", "Old", "Typed"):
        assert f"fakelib.{name}" not in snap.exports
    assert snap.exports["fakelib.Live"] == "fakelib.console.Live"
    assert "fakelib.core.Console" not in snap.exports
    assert snap.definitions["fakelib.core.run"].returns == "fakelib.console.Console"


LAZY = {
    "fakelib/__init__.py": '''
        import sys
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from .models import Model
        else:
            sys.modules[__name__] = _LazyModule(__name__, globals())
    ''',
    "fakelib/models.py": "class Model: pass\n",
    "fakelib/listed.py": '''
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from .models import Model  # set on this module by the package at import time
        __all__ = ["Model"]
    ''',
    "fakelib/served.py": '''
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from .models import Model
        def __getattr__(name):
            if name == "Model":
                from .models import Model
                return Model
            raise AttributeError(name)
    ''',
}


def test_type_checking_names_are_real_where_a_lazy_module_serves_them():
    found = exports(LAZY)
    assert found["fakelib.Model"] == "fakelib.models.Model"
    assert found["fakelib.served.Model"] == "fakelib.models.Model"
    assert found["fakelib.listed.Model"] == "fakelib.models.Model"


def test_type_checking_names_are_real_where_a_lazy_loader_unpacks_getattr_and_all():
    found = exports({
        "fakelib/__init__.py": '''
            from typing import TYPE_CHECKING
            _SUBMOD_ATTRS = {"models": ["Model"]}
            def _attach(name, submod_attrs):
                pass
            __getattr__, __dir__, __all__ = _attach(__name__, submod_attrs=_SUBMOD_ATTRS)
            if TYPE_CHECKING:
                from .models import Model
        ''',
        "fakelib/models.py": "class Model: pass\n"})
    assert found["fakelib.Model"] == "fakelib.models.Model"


def test_names_bound_on_the_way_to_a_failed_import_are_not_exports():
    # numpy's ``msg``/``path``: bound only where the import then raises
    found = exports({"fakelib/__init__.py": '''
        import os
        try:
            from ._speed import fast as separator
        except ImportError as exc:
            msg = "Error importing fakelib"
            raise ImportError(msg) from exc
        if not hasattr(os, "sep"):
            path = "the install"
            raise ImportError(f"broken {path}")
        for name in ["a", "b"]:
            if name == "a":
                first = name
                continue
            last = name
    ''', "fakelib/_speed.py": "def fast(): pass\n"})
    assert "fakelib.separator" in found
    assert "fakelib.msg" not in found and "fakelib.path" not in found
    assert "fakelib.first" in found and "fakelib.last" in found  # a loop's way on


def test_names_deleted_through_the_module_object_are_not_exports():
    # pygments' formatters: the module replaces itself, then deletes its helpers from the
    # replacement (``del newmod.oldmod``); ``del sys.modules[__name__].x`` reads the same
    found = exports({"fakelib/__init__.py": '''
        import sys
        import types
        def keep(): pass
        class _Lazy(types.ModuleType):
            pass
        oldmod = sys.modules[__name__]
        newmod = _Lazy(__name__)
        newmod.__dict__.update(oldmod.__dict__)
        sys.modules[__name__] = newmod
        del newmod.newmod, newmod.oldmod, newmod.sys, newmod.types
        spare = 1
        del sys.modules[__name__].spare
    '''})
    assert "fakelib.keep" in found
    for gone in ("oldmod", "newmod", "spare"):
        assert f"fakelib.{gone}" not in found


def test_main_blocks_and_deleted_names_are_not_exports():
    found = exports({"fakelib/__init__.py": '''
        import sys
        def keep(): pass
        def helper(): pass
        try:
            from ._speed import fast
        except ImportError:
            fast = None
            spare = 1
        for _i in range(3):
            pass
        del helper, _i
        if __name__ == "__main__":
            demo = keep()
            def cli(): pass
        if sys.platform != "win32" and __name__ == "__main__":
            other = 1
    '''})
    assert "fakelib.keep" in found
    for gone in ("helper", "demo", "cli", "other", "spare"):
        assert f"fakelib.{gone}" not in found
    assert "fakelib.__main__" not in exports({"fakelib/__init__.py": "",
                                              "fakelib/__main__.py": "def main(): pass\n"})


def test_loop_variables_outlive_their_loop():
    found = exports({"fakelib/__init__.py": "for flag in (1, 2):\n    pass\n"})
    assert "fakelib.flag" in found


PLATFORMS = {
    "fakelib/__init__.py": '''
        import os
        import sys
        if sys.platform == "win32":
            def bypass(host, registry): pass
            def registry_only(): pass
        else:
            def bypass(host): pass
        if os.name != "nt":
            def posix(path): pass
        else:
            def posix(path, drive): pass
        if sys.platform.startswith("win"):
            def windows_only(): pass
    ''',
}


def test_the_posix_branch_of_a_platform_test_is_stored():
    snap = snapshot(PLATFORMS)
    assert [p.name for p in snap.definitions["fakelib.bypass"].params] == ["host"]
    assert [p.name for p in snap.definitions["fakelib.posix"].params] == ["path"]
    assert "fakelib.registry_only" not in snap.exports
    assert "fakelib.windows_only" not in snap.exports


def test_the_try_body_is_stored_not_the_fallback():
    snap = snapshot({"fakelib/__init__.py": '''
        try:
            from ._speedups import escape
        except ImportError:
            def escape(s, quote=True): pass
        try:
            def parse(text, strict=False): pass
        except ImportError:
            def parse(text): pass
        try:
            import yaml
        except ImportError:
            yaml = None
    ''', "fakelib/_speedups.py": "def escape(s): pass\n"})
    assert snap.exports["fakelib.escape"] == "fakelib._speedups.escape"
    assert [p.name for p in snap.definitions["fakelib.parse"].params] == ["text", "strict"]
    assert "fakelib.yaml" in snap.exports  # the optional dependency's flag always exists


STUB_BESIDE_SOURCE = {
    "fakelib/__init__.py": '''
        from ._funcs import evolve
        from ._compiled import native
        def make(name, attrs, bases=(object,), **kw) -> "Klass":
            pass
        class Klass: pass
    ''',
    "fakelib/__init__.pyi": '''
        def evolve(inst: int, **changes: int) -> int: ...
        def make(name: str, attrs: dict, bases: tuple = ..., **kw: int) -> Klass: ...
        def stub_only(x: int) -> int: ...
        class Klass: ...
    ''',
    "fakelib/_funcs.py": "def evolve(*args, **changes):\n    pass\n",
    "fakelib/_compiled.pyi": "def native(x: int, y: int = ...) -> int: ...\n",
}


def test_stubs_give_types_the_source_decides_existence_signatures_and_defaults():
    snap = snapshot(STUB_BESIDE_SOURCE)
    assert "fakelib.stub_only" not in snap.exports
    evolve = snap.definitions[snap.exports["fakelib.evolve"]]
    assert [p.name for p in evolve.params] == ["args", "changes"]
    make = snap.definitions["fakelib.make"]
    assert [(p.name, p.default) for p in make.params][2] == ("bases", "(object,)")
    assert make.returns == "fakelib.Klass"
    # a dynamic module's stub declares what it serves, never what the source binds
    dynamic = snapshot({
        "fakelib/__init__.py": "from ._make import evolve\n__getattr__ = make_getattr(__name__)\n",
        "fakelib/__init__.pyi": "def evolve(inst: int, **changes: int) -> int: ...\nlate: int\n",
        "fakelib/_make.py": "def evolve(inst, **changes): pass\n",
        "fakelib/other.py": "from fakelib import evolve\n",
    })
    assert dynamic.exports["fakelib.other.evolve"] == "fakelib._make.evolve"
    assert "fakelib.late" in dynamic.exports
    # a compiled module's stub stands alone
    native = snap.definitions[snap.exports["fakelib.native"]]
    assert [p.name for p in native.params] == ["x", "y"]


def test_defaults_naming_module_constants_are_their_literal_values():
    snap = snapshot({
        "fakelib/__init__.py": '''
            from ._defaults import WIDTH
            _DEFAULT_FORMAT = "g"
            _CHANGED = 1
            _CHANGED = 2
            if True:
                _CONDITIONAL = 3
            def table(data, floatfmt=_DEFAULT_FORMAT, width=WIDTH, n=_CHANGED, c=_CONDITIONAL,
                      other=None):
                pass
            class Box:
                _DEFAULT_FORMAT = "x"
                def show(self, fmt=_DEFAULT_FORMAT): pass
        ''',
        "fakelib/_defaults.py": "WIDTH = 80\n",
    })
    params = {p.name: p.default for p in snap.definitions["fakelib.table"].params}
    assert params == {"data": None, "floatfmt": "'g'", "width": "80", "n": "_CHANGED",
                      "c": "_CONDITIONAL", "other": "None"}
    show = snap.definitions["fakelib.Box.show"]
    assert show.params[0].default == "'x'"  # the class body's own name, not the module's


def test_defaults_computed_from_constants_are_the_values_python_shows():
    """``max=_utils.MAX_WAIT`` where ``MAX_WAIT = sys.maxsize / 2``, ``level=logging.DEBUG``,
    ``stdin=PIPE``: a standard library constant is read from its source (or, built in C,
    from the interpreter); arithmetic on known numbers is folded; the rest stays text."""
    import logging
    import subprocess
    import sys

    snap = snapshot({
        "fakelib/__init__.py": '''
            import logging
            import math
            from subprocess import PIPE
            from . import _utils
            def wait(max=_utils.MAX_WAIT, step=_utils.STEP, tau=_utils.TAU, eps=_utils.EPS):
                pass
            def log(level=logging.DEBUG, stdin=PIPE, other=logging.getLogger):
                pass
            class Retry:
                DEFAULT_METHODS = frozenset(["PUT", "GET", "GET"])
                def __init__(self, methods=DEFAULT_METHODS, hosts=_utils.HOSTS):
                    pass
        ''',
        "fakelib/_utils.py": '''
            import sys
            import numpy as np
            from math import pi
            MAX_WAIT = sys.maxsize / 2
            STEP = MAX_WAIT // 2 ** 40
            TAU = 2 * pi
            EPS = np.finfo(float).eps
            HOSTS = frozenset(host for host in ["a", "b"])
        ''',
    })
    params = {p.name: p.default for p in snap.definitions["fakelib.wait"].params}
    assert params == {"max": repr(sys.maxsize / 2), "step": repr(sys.maxsize / 2 // 2 ** 40),
                      "tau": repr(2 * 3.141592653589793), "eps": "_utils.EPS"}
    params = {p.name: p.default for p in snap.definitions["fakelib.log"].params}
    assert params == {"level": str(logging.DEBUG), "stdin": str(subprocess.PIPE),
                      "other": "logging.getLogger"}
    params = {p.name: p.default for p in snap.definitions["fakelib.Retry.__init__"].params}
    assert params == {"methods": "frozenset({'GET', 'PUT'})",
                      "hosts": "_utils.HOSTS"}  # from a generator: not a literal


def test_names_another_module_sets_on_a_module_exist_there():
    found = exports({
        "fakelib/__init__.py": "",
        "fakelib/ensemble/__init__.py": "from ._forest import Forest\n",
        "fakelib/ensemble/_forest.py": "class Forest: pass\n",
        "fakelib/ensemble/_boost.py": "class Boosting: pass\n",
        "fakelib/experimental/enable_boost.py": '''
            from ..ensemble._boost import Boosting
            from .. import ensemble
            setattr(ensemble, "Boosting", Boosting)
        ''',
        "fakelib/types.py": '''
            from . import api
            class NullType: pass
            api.NULLTYPE = NullType()
        ''',
        "fakelib/api.py": "def call(): pass\n",
    })
    assert found["fakelib.ensemble.Boosting"] == "fakelib.ensemble._boost.Boosting"
    assert "fakelib.api.NULLTYPE" in found


FOLDED = {
    "fakelib/__init__.py": '''
        try:
            import json
            MODE = "rich"
        except ImportError:
            MODE = None
        LIMIT = 16 * 1024
        def connect(mode=MODE, limit=LIMIT, window=2 ** 20, name="x" * 3):
            pass
    ''',
}


def test_constants_bound_in_a_try_body_and_folded_arithmetic_are_defaults_as_python_shows():
    params = snapshot(FOLDED).definitions["fakelib.connect"].params
    assert [p.default for p in params] == ["'rich'", "16384", "1048576", "'x' * 3"]


def test_a_class_constant_named_as_a_method_default_is_its_literal():
    snap = snapshot({"fakelib/__init__.py": '''
        class Retry:
            DEFAULT_MAX = 120
            def __init__(self, total=10, backoff_max=DEFAULT_MAX):
                pass
    '''})
    params = snap.definitions["fakelib.Retry.__init__"].params
    assert [p.default for p in params] == ["10", "120"]


def test_names_a_module_level_call_binds_through_global_declarations_are_the_modules():
    snap = snapshot({
        "fakelib/__init__.py": "",
        "fakelib/mapped.py": '''
            def keyed_collection(key): pass
            class KeyedCollection: pass
        ''',
        "fakelib/collections.py": '''
            def bag(): pass

            def __go(lcls):
                global keyed_collection, KeyedCollection, LIMIT
                from .mapped import keyed_collection, KeyedCollection
                from .mapped import keyed_collection as hidden
                LIMIT = 3

            __go(locals())
        ''',
    })
    assert snap.exports["fakelib.collections.keyed_collection"] == "fakelib.mapped.keyed_collection"
    assert snap.exports["fakelib.collections.KeyedCollection"] == "fakelib.mapped.KeyedCollection"
    assert "fakelib.collections.LIMIT" in snap.exports
    assert "fakelib.collections.hidden" not in snap.exports


def test_an_alias_read_through_a_module_that_is_then_deleted_keeps_its_value():
    snap = snapshot({
        "fakelib/__init__.py": '''
            from . import _version
            VERSION = __version__ = _version.__version__
            del _version
        ''',
        "fakelib/_version.py": "__version__ = '5.2.0'\n",
    })
    assert snap.exports["fakelib.VERSION"] == "fakelib._version.__version__"
    assert "fakelib._version" not in snap.exports


def test_a_fallback_class_replaces_an_alias_of_an_optional_dependency():
    snap = snapshot({"fakelib/__init__.py": '''
        try:
            import datatable
            if hasattr(datatable, "Frame"):
                DataTable = datatable.Frame
            else:
                DataTable = datatable.DataTable
        except ImportError:
            class DataTable:
                pass
    '''})
    assert snap.exports["fakelib.DataTable"] == "fakelib.DataTable"
