"""The public surface of a release: ``__all__`` forms, star imports, re-exports, stubs, layouts."""

from __future__ import annotations

import pytest

from codesync.analysis.api_history import HistoryBuilder
from codesync.engine.release import module_files
from codesync.knowledge.model import KEYWORD_ONLY, POSITIONAL_OR_KEYWORD
from helpers.fakelib import make_knowledge, snapshot, sources


def public(files: dict[str, str], **kwargs) -> dict[str, str]:
    snap = snapshot(files, **kwargs)
    assert snap.status == "ok", snap.reason
    return snap.exports


# __all__ ---------------------------------------------------------------------------------

ALL_FORMS = {
    "fakelib/__init__.py": '''
        from . import _core, _more
        from ._core import *
        from ._more import *
        from ._helpers import extra_one, extra_two, appended
        __all__ = ["extra_one"]
        __all__ += _core.__all__
        __all__.extend(["extra_two"])
        __all__.append("appended")
        __all__ += _more.__all__
    ''',
    "fakelib/_core.py": '''
        __all__ = ["alpha", "Beta"]
        def alpha(): pass
        class Beta: pass
        def hidden(): pass
    ''',
    "fakelib/_more.py": '''
        __all__ = ("more",)
        def more(): pass
        def not_more(): pass
    ''',
    "fakelib/_helpers.py": '''
        def extra_one(): pass
        def extra_two(): pass
        def appended(): pass
        def not_listed(): pass
    ''',
}


def test_all_list_augmented_extended_appended_and_module_all():
    exports = public(ALL_FORMS)
    assert exports == {
        "fakelib": "fakelib",
        "fakelib.extra_one": "fakelib._helpers.extra_one",
        "fakelib.extra_two": "fakelib._helpers.extra_two",
        "fakelib.appended": "fakelib._helpers.appended",
        "fakelib.alpha": "fakelib._core.alpha",
        "fakelib.Beta": "fakelib._core.Beta",
        "fakelib.more": "fakelib._more.more",
    }


def test_all_limits_star_import():
    exports = public({
        "fakelib/__init__.py": "from .api import *\n",
        "fakelib/api.py": '''
            __all__ = ["shown"]
            def shown(): pass
            def not_in_all(): pass
        ''',
    })
    assert "fakelib.shown" in exports
    assert "fakelib.not_in_all" not in exports
    # still reachable as an attribute of its own (public) module
    assert exports["fakelib.api.not_in_all"] == "fakelib.api.not_in_all"


def test_all_concatenation_with_submodule_all():
    exports = public({
        "fakelib/__init__.py": '''
            from .linalg import *
            from . import linalg
            __all__ = ["top"] + linalg.__all__
            def top(): pass
        ''',
        "fakelib/linalg.py": '''
            __all__ = ["solve"]
            def solve(a, b): pass
        ''',
    })
    assert exports["fakelib.solve"] == "fakelib.linalg.solve"
    assert exports["fakelib.top"] == "fakelib.top"


def test_helper_function_that_extends_all():
    """numpy's ``extend_all(module)`` pattern."""
    exports = public({
        "fakelib/__init__.py": '''
            __all__ = []
            def _extend_all(module):
                existing = set(__all__)
                for name in module.__all__:
                    if name not in existing:
                        __all__.append(name)
            from . import core
            from .core import *
            _extend_all(core)
        ''',
        "fakelib/core.py": '''
            __all__ = ["c1", "C2"]
            def c1(): pass
            class C2: pass
            def c3(): pass
        ''',
    })
    assert exports["fakelib.c1"] == "fakelib.core.c1"
    assert exports["fakelib.C2"] == "fakelib.core.C2"
    assert "fakelib.c3" not in exports
    assert "fakelib._extend_all" not in exports


def test_computed_all_keeps_default_rule():
    exports = public({
        "fakelib/__init__.py": '''
            from .impl import *
            __all__ = [name for name in dir() if not name.startswith("_")]
        ''',
        "fakelib/impl.py": "def f(): pass\ndef _g(): pass\n",
    })
    assert exports["fakelib.f"] == "fakelib.impl.f"
    assert "fakelib._g" not in exports


def test_package_exposes_explicit_imports_beyond_all():
    """numpy 2.2: ``in1d`` is imported by the package but left out of ``__all__``."""
    exports = public({
        "fakelib/__init__.py": '''
            from ._lib import isin, in1d
            __all__ = ["isin"]
        ''',
        "fakelib/_lib.py": "def isin(a, b): pass\ndef in1d(a, b): pass\n",
    })
    assert exports["fakelib.isin"] == "fakelib._lib.isin"
    assert exports["fakelib.in1d"] == "fakelib._lib.in1d"


# star imports and re-exports ---------------------------------------------------------------

REEXPORTS = {
    "fakelib/__init__.py": '''
        import os
        from ._impl import *
        from ._impl import Thing as Renamed
        from .sub import public_fn
        Alias = Renamed
        VERSION = "1.0"
    ''',
    "fakelib/_impl.py": '''
        import os
        class Thing:
            def method(self, a): pass
            def _private(self): pass
            def __call__(self, x): pass
        def func(x): pass
        def _hidden(x): pass
    ''',
    "fakelib/_private.py": "def helper(): pass\n",
    "fakelib/sub/__init__.py": "from .mod import public_fn\n",
    "fakelib/sub/mod.py": "def public_fn(): pass\n",
    "fakelib/sub/_internal.py": "def secret(): pass\n",
}


def test_star_import_without_all_takes_public_names():
    exports = public(REEXPORTS)
    assert exports["fakelib.Thing"] == "fakelib._impl.Thing"
    assert exports["fakelib.func"] == "fakelib._impl.func"
    assert "fakelib._hidden" not in exports
    assert "fakelib.os" not in exports  # imported modules of other distributions


def test_reexports_map_to_the_defining_object():
    exports = public(REEXPORTS)
    assert exports["fakelib.Renamed"] == "fakelib._impl.Thing"
    assert exports["fakelib.Alias"] == "fakelib._impl.Thing"
    assert exports["fakelib.public_fn"] == "fakelib.sub.mod.public_fn"
    assert exports["fakelib.sub.public_fn"] == "fakelib.sub.mod.public_fn"
    assert exports["fakelib.VERSION"] == "fakelib.VERSION"


def test_private_modules_are_not_public():
    exports = public(REEXPORTS)
    assert not [p for p in exports if "_private" in p or "_internal" in p or "._impl" in p]
    snap = snapshot(REEXPORTS)
    assert "fakelib._private.helper" not in snap.definitions
    assert "fakelib.sub._internal.secret" not in snap.definitions


def test_class_members_are_definitions_not_exports():
    snap = snapshot(REEXPORTS)
    assert "fakelib.Thing.method" not in snap.exports
    assert [p.name for p in snap.definitions["fakelib._impl.Thing.method"].params] == ["a"]
    assert "fakelib._impl.Thing.__call__" in snap.definitions
    assert "fakelib._impl.Thing._private" not in snap.definitions


def test_circular_star_imports_terminate():
    exports = public({
        "fakelib/__init__.py": "from .a import *\n",
        "fakelib/a.py": "from .b import *\ndef fa(): pass\n",
        "fakelib/b.py": "from .a import *\ndef fb(): pass\n",
    })
    assert exports["fakelib.fa"] == "fakelib.a.fa"
    assert exports["fakelib.fb"] == "fakelib.b.fb"


def test_exclude_drops_paths():
    exports = public(REEXPORTS, exclude=("fakelib.sub",))
    assert not [p for p in exports if p.startswith("fakelib.sub")]
    assert "fakelib.Thing" in exports


# tests, benchmarks and build scripts ---------------------------------------------------------

def test_tests_benchmarks_and_build_scripts_are_skipped():
    files = {
        "fakelib/__init__.py": "from .core import f\n",
        "fakelib/core.py": "def f(): pass\n",
        "fakelib/tests/__init__.py": "",
        "fakelib/tests/test_core.py": "def test_f(): pass\n",
        "fakelib/core/tests/test_deep.py": "def test_deep(): pass\n",
        "fakelib/benchmarks/bench.py": "def bench(): pass\n",
        "fakelib/conftest.py": "def fixture(): pass\n",
        "fakelib/testing.py": "def assert_close(a, b): pass\n",
        "setup.py": "def build(): pass\n",
        "docs/conf.py": "project = 'fakelib'\n",
        "fakelib-1.0.dist-info/METADATA.py": "x = 1\n",
    }
    modules = module_files(sources(files), ["fakelib"])
    assert sorted(modules) == ["fakelib", "fakelib.core", "fakelib.testing"]
    exports = public(files)
    assert not [p for p in exports if "test_" in p or "bench" in p or "conftest" in p]
    assert exports["fakelib.testing.assert_close"] == "fakelib.testing.assert_close"


# layouts -------------------------------------------------------------------------------------

@pytest.mark.parametrize("prefix", ["", "fakelib-1.0/", "fakelib-1.0/src/"])
def test_wheel_sdist_and_src_layouts(prefix):
    files = {
        f"{prefix}fakelib/__init__.py": "from .core import f\n",
        f"{prefix}fakelib/core.py": "def f(a, b=1): pass\n",
        f"{prefix}setup.py": "def build(): pass\n",
        "fakelib-1.0/tests/test_f.py" if prefix else "tests/test_f.py": "def test(): pass\n",
        "fakelib-1.0/docs/conf.py" if prefix else "docs/conf.py": "x = 1\n",
    }
    modules = module_files(sources(files), ["fakelib"])
    assert sorted(modules) == ["fakelib", "fakelib.core"]
    snap = snapshot(files)
    assert snap.exports["fakelib.f"] == "fakelib.core.f"
    assert [p.render() for p in snap.definitions["fakelib.core.f"].params] == ["a", "b=1"]


def test_single_module_distribution():
    snap = snapshot({"onefile-1.0/onefile.py": "def helper(x): pass\n",
                     "onefile-1.0/setup.py": "def build(): pass\n"}, import_names=["onefile"])
    assert snap.exports == {"onefile": "onefile", "onefile.helper": "onefile.helper"}


def test_no_module_for_the_import_name_fails_cleanly():
    snap = snapshot({"other/__init__.py": "def f(): pass\n"})
    assert snap.status == "failed"
    assert "fakelib" in snap.reason
    assert snap.exports == {}


# stubs ----------------------------------------------------------------------------------------

STUBS = {
    "fakelib/__init__.py": '''
        from ._fast import fast, Vector
        from .mixed import wrapped, plain, dyn_only
    ''',
    # a compiled extension: only its stub is in the wheel
    "fakelib/_fast.pyi": '''
        from typing import overload
        def fast(x: int, *, flag: bool = ...) -> int: ...
        class Vector:
            def __init__(self, n: int, fill: float = ...) -> None: ...
            @overload
            def scale(self, k: int) -> Vector: ...
            @overload
            def scale(self, k: float, inplace: bool) -> Vector: ...
    ''',
    "fakelib/mixed.py": '''
        def wrapped(*args, **kwargs):
            pass
        def plain(a, b):
            pass
        def __getattr__(name):  # an open set: the stub says what it serves
            return _load(name)
    ''',
    "fakelib/mixed.pyi": '''
        def wrapped(x: int) -> int: ...
        def plain(a: int) -> int: ...
        def dyn_only(z: str) -> str: ...
    ''',
}


def test_stub_of_a_compiled_module_gives_signatures():
    snap = snapshot(STUBS)
    assert snap.exports["fakelib.fast"] == "fakelib._fast.fast"
    fast = snap.definitions["fakelib._fast.fast"]
    assert [(p.name, p.kind) for p in fast.params] == [("x", POSITIONAL_OR_KEYWORD), ("flag", KEYWORD_ONLY)]
    assert snap.exports["fakelib.Vector"] == "fakelib._fast.Vector"
    init = snap.definitions["fakelib._fast.Vector.__init__"]
    assert [p.name for p in init.params] == ["n", "fill"]
    scale = snap.definitions["fakelib._fast.Vector.scale"]
    assert scale.params is None
    assert [[p.name for p in sig] for sig in scale.overloads] == [["k"], ["k", "inplace"]]


def test_stub_overlays_only_what_the_source_lacks():
    snap = snapshot(STUBS)
    # the .py signature stands; the stub does not replace real source
    assert [p.name for p in snap.definitions["fakelib.mixed.wrapped"].params] == ["args", "kwargs"]
    assert [p.name for p in snap.definitions["fakelib.mixed.plain"].params] == ["a", "b"]
    # a name only the stub declares (served by __getattr__ at run time) is added
    assert snap.exports["fakelib.dyn_only"] == "fakelib.mixed.dyn_only"
    assert [p.name for p in snap.definitions["fakelib.mixed.dyn_only"].params] == ["z"]
    assert snap.definitions["fakelib.mixed"].dynamic is True


# classes through the store --------------------------------------------------------------------

CLASSES = {
    "fakelib/__init__.py": "from .frame import Frame, Config, make, load, maybe\n",
    "fakelib/_base.py": '''
        class _Base:
            kind = "base"
            def shared(self, a, b=2):
                pass
            @property
            def shape(self):
                return (1, 1)
            def _hidden(self):
                pass
    ''',
    "fakelib/frame.py": '''
        from dataclasses import dataclass, field
        from typing import Optional
        from ._base import _Base

        class Frame(_Base):
            def __init__(self, data=None):
                pass
            def copy(self):
                return self
            def head(self, n=5) -> "Frame":
                pass
            def sub(self, flag):
                if flag:
                    return Frame()
                return Frame(1)
            def mixed(self, flag):
                if flag:
                    return Frame()
                return None

        def make() -> Frame:
            pass

        def load(path):
            return Frame(path)

        def maybe() -> Optional[Frame]:
            pass

        @dataclass
        class Config:
            name: str
            size: int = 3
            tags: list = field(default_factory=list)
            def total(self):
                return 1
    ''',
}


@pytest.fixture(scope="module")
def classes(tmp_path_factory):
    knowledge = make_knowledge(tmp_path_factory.mktemp("classes"), "fakelib", {"1.0": CLASSES})
    yield knowledge
    knowledge.close()


def test_member_inherited_through_a_private_base(classes):
    frame = classes.definition("fakelib", "1.0", "fakelib.frame.Frame")
    assert frame.bases == ["fakelib._base._Base"]
    assert classes.mro("fakelib", "1.0", "fakelib.frame.Frame") == [
        "fakelib.frame.Frame", "fakelib._base._Base"]
    shared = classes.member("fakelib", "1.0", "fakelib.frame.Frame", "shared")
    assert shared.path == "fakelib._base._Base.shared"
    assert [p.render() for p in shared.params] == ["a", "b=2"]
    assert classes.member("fakelib", "1.0", "fakelib.frame.Frame", "kind").kind == "attribute"
    assert classes.member("fakelib", "1.0", "fakelib.frame.Frame", "shape") is not None
    assert classes.member("fakelib", "1.0", "fakelib.frame.Frame", "_hidden") is None
    assert classes.member("fakelib", "1.0", "fakelib.frame.Frame", "missing") is None


def test_inherited_member_through_explain(classes):
    history = HistoryBuilder(classes).build("fakelib.Frame.shared")
    assert history["canonical"] == "fakelib._base._Base.shared"
    assert history["signatures"][0]["signature"] == "shared(a, b=2)"


def test_dataclass_constructor_signature(classes):
    init = classes.definition("fakelib", "1.0", "fakelib.frame.Config.__init__")
    assert [p.render() for p in init.params] == ["name", "size=3", "tags=field(default_factory=list)"]
    history = HistoryBuilder(classes).build("fakelib.Config")
    assert history["kind"] == "class"
    assert history["signatures"][0]["signature"] == (
        "Config(name, size=3, tags=field(default_factory=list))")
    assert classes.definition("fakelib", "1.0", "fakelib.frame.Config").attributes == [
        "name", "size", "tags"]


@pytest.mark.parametrize("path, returns", [
    ("fakelib.frame.make", "fakelib.frame.Frame"),          # annotation
    ("fakelib.frame.maybe", "fakelib.frame.Frame"),         # Optional[...] annotation
    ("fakelib.frame.Frame.head", "fakelib.frame.Frame"),    # string annotation
    ("fakelib.frame.load", "fakelib.frame.Frame"),          # return Frame(...)
    ("fakelib.frame.Frame.sub", "fakelib.frame.Frame"),     # the same class on every path
    ("fakelib.frame.Frame.copy", "fakelib.frame.Frame"),    # return self
    ("fakelib.frame.Frame.mixed", None),                    # not always a Frame
])
def test_return_types(classes, path, returns):
    assert classes.definition("fakelib", "1.0", path).returns == returns
