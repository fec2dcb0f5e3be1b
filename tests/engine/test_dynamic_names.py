"""Names bound at import time (loops over enums, ``globals()``, ``setattr`` on the module) and
names a module ``__getattr__`` serves from tables, branches and loops, with or without a
warning; a name's life across releases follows them (the Pillow 9 to 10 shape)."""

from __future__ import annotations

from helpers.fakelib import make_knowledge, snapshot

ENUMS = '''
    import sys
    from enum import IntEnum

    class Transpose(IntEnum):
        FLIP = 0
        ROTATE_90 = 2

    class Resampling(IntEnum):
        NEAREST = 0
        BILINEAR = 2
        LANCZOS = 1
'''


def test_enum_members_re_exported_by_loops_are_module_names():
    snap = snapshot({"fakelib/__init__.py": ENUMS + '''
    module = sys.modules[__name__]
    for enum in (Transpose, Resampling):
        for item in enum:
            setattr(module, item.name, item.value)
    ''', "fakelib/other.py": ENUMS + '''
    globals().update(Transpose.__members__)
    for _member in Resampling:
        globals()[_member.name] = _member
    for _name in ["alpha", "beta"]:
        globals()[_name] = _name.upper()
    globals().update({"gamma": 1})
    '''})
    for name in ("FLIP", "ROTATE_90", "NEAREST", "BILINEAR", "LANCZOS"):
        assert f"fakelib.{name}" in snap.exports
        assert f"fakelib.other.{name}" in snap.exports
    for name in ("alpha", "beta", "gamma"):
        assert f"fakelib.other.{name}" in snap.exports
    assert not snap.definitions["fakelib"].dynamic  # every injected name was read
    assert not snap.definitions["fakelib.other"].dynamic


def test_injections_that_cannot_be_read_leave_the_module_open():
    snap = snapshot({"fakelib/__init__.py": '''
        import sys
        for name in compute():
            globals()[name] = 1
        setattr(sys.modules[__name__], make_name(), 2)
    '''})
    assert snap.definitions["fakelib"].dynamic
    assert snap.definitions["fakelib"].serves is None


GETATTR = ENUMS + '''
    from ._deprecate import deprecate
    import warnings

    class Format(IntEnum):
        JPEG = 1

    def __getattr__(name):
        categories = {"NORMAL": 0, "SEQUENCE": 1}
        if name in categories:
            deprecate("Image categories", 10, "is_animated")
            return categories[name]
        old = {"ANTIALIAS": "LANCZOS", "CUBIC": "BICUBIC"}
        if name in old:
            deprecate(name, 10, f"{old[name]} or Resampling.{old[name]}")
            return Resampling[old[name]]
        if name in ("QUIET",):
            return 0
        for enum in (Transpose,):
            if name in enum.__members__:
                warnings.warn(name + " is deprecated. Use " + enum.__name__ + "." + name +
                              " instead.", DeprecationWarning)
                return enum[name]
        for enum, prefix in {Format: "FMT_"}.items():
            if name.startswith(prefix):
                name = name[len(prefix):]
                if name in enum.__members__:
                    deprecate(f"{prefix}{name}", 10, f"{enum.__name__}.{name}")
                    return enum[name]
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
'''


def test_getattr_branches_loops_and_local_tables_are_read():
    module = snapshot({"fakelib/__init__.py": GETATTR}).definitions["fakelib"]
    assert module.serves == sorted(["NORMAL", "SEQUENCE", "ANTIALIAS", "CUBIC", "QUIET", "FLIP",
                                    "ROTATE_90", "FMT_JPEG"])
    names = module.deprecated_names
    assert "QUIET" not in names
    assert "Use LANCZOS or Resampling.LANCZOS instead" in names["ANTIALIAS"]
    assert names["FLIP"] == "FLIP is deprecated. Use Transpose.FLIP instead."
    assert names["FMT_JPEG"].startswith("FMT_JPEG is deprecated") and "Format.JPEG" in names["FMT_JPEG"]


def test_a_getattr_class_made_by_a_decorator_serves_its_members():
    module = snapshot({"fakelib/__init__.py": '''
        from . import _api

        @_api.caching_module_getattr
        class __getattr__:
            LUTSIZE = _api.deprecated("3.5", alternative="rcParams['image.lut']")(
                property(lambda self: 256))
            plain = property(lambda self: 1)
            __version__ = property(lambda self: "1.0")
            __slots__ = ()
            _cache = {}

            def __init__(self): pass

        def get_cmap(name=None): pass
    '''}).definitions["fakelib"]
    assert module.dynamic and module.serves == ["LUTSIZE", "__version__", "plain"]
    assert set(module.deprecated_names) == {"LUTSIZE"}


def test_a_getattr_object_given_a_literal_table_serves_its_keys():
    module = snapshot({"fakelib/__init__.py": '''
        __getattr__ = _deprecated_attrs({"old": "use new", "older": "use newer"})
        def new(): pass
    '''}).definitions["fakelib"]
    assert module.serves == ["old", "older"]
    assert module.deprecated_names == {"old": "use new", "older": "use newer"}


PILLOW_LIKE = {
    # 9.0: constants are plain names
    "9.0": {"fakelib/__init__.py": '''
        NEAREST = 0
        BILINEAR = 2
        LANCZOS = ANTIALIAS = 1
        def resize(size, resample=BILINEAR): pass
    '''},
    # 9.5: constants moved into an enum and re-exported by a loop; ANTIALIAS served with a warning
    "9.5": {"fakelib/__init__.py": ENUMS + '''
    import warnings
    def __getattr__(name):
        if name == "ANTIALIAS":
            warnings.warn("ANTIALIAS is deprecated. Use LANCZOS instead.", DeprecationWarning)
            return Resampling.LANCZOS
        raise AttributeError(name)
    for enum in (Transpose, Resampling):
        for item in enum:
            globals()[item.name] = item.value
    def resize(size, resample=Resampling.BILINEAR): pass
    '''},
    # 10.0: ANTIALIAS removed, the re-exported constants stay
    "10.0": {"fakelib/__init__.py": ENUMS + '''
    for enum in (Transpose, Resampling):
        for item in enum:
            globals()[item.name] = item.value
    def resize(size, resample=Resampling.BILINEAR): pass
    '''},
}


def test_a_names_life_follows_the_releases(tmp_path):
    knowledge = make_knowledge(tmp_path, "fakelib", PILLOW_LIKE)
    try:
        assert knowledge.export("fakelib", "9.5", "fakelib.BILINEAR") is not None
        assert knowledge.export("fakelib", "10.0", "fakelib.BILINEAR") is not None
        assert knowledge.export("fakelib", "9.5", "fakelib.ANTIALIAS") is None
        module = knowledge.definition("fakelib", "9.5", "fakelib")
        assert "ANTIALIAS" in module.deprecated_names and module.serves == ["ANTIALIAS"]
        later = knowledge.definition("fakelib", "10.0", "fakelib")
        assert not later.dynamic and "ANTIALIAS" not in later.deprecated_names
    finally:
        knowledge.close()


def test_reading_globals_is_not_binding_names():
    module = snapshot({"fakelib/__init__.py": '''
        for name in dir(roles):
            if name in globals():
                impl = globals()[name](1)
                value = globals().get(name)
    '''}).definitions["fakelib"]
    assert not module.dynamic


def test_importing_a_submodule_in_a_package_sets_it_on_the_package():
    found = snapshot({
        "fakelib/__init__.py": "from .algorithms import *\n",
        "fakelib/algorithms/__init__.py": "from .centrality import *\nfrom .flow import maxflow\n",
        "fakelib/algorithms/centrality.py": "__all__ = ['degree']\ndef degree(g): pass\n",
        "fakelib/algorithms/flow.py": "def maxflow(g): pass\n",
    }).exports
    assert found["fakelib.algorithms.centrality"] == "fakelib.algorithms.centrality"
    assert found["fakelib.centrality"] == "fakelib.algorithms.centrality"  # through the star
    assert found["fakelib.flow"] == "fakelib.algorithms.flow"
    assert found["fakelib.degree"] == "fakelib.algorithms.centrality.degree"


SHIMS = {
    "fakelib/__init__.py": "from . import _core\n",
    "fakelib/_core/__init__.py": "from .numeric import *\n",
    "fakelib/_core/_multi.py": "BUFSIZE = 8192\n",
    "fakelib/_core/numeric.py": '''
        from ._multi import BUFSIZE
        __all__ = ["zeros", "ones"]
        def zeros(n): pass
        def ones(n): pass
        def _hidden(): pass
    ''',
    "fakelib/core/__init__.py": '''
        from fakelib import _core
        from ._utils import _raise_warning
        __all__ = ["numeric"]
        def __getattr__(attr_name):
            attr = getattr(_core, attr_name)
            _raise_warning(attr_name)
            return attr
    ''',
    "fakelib/core/_utils.py": '''
        import warnings
        def _raise_warning(attr, submodule=None):
            warnings.warn(f"fakelib.core is deprecated, use fakelib._core.{attr}", DeprecationWarning)
    ''',
    "fakelib/core/numeric.py": '''
        def __getattr__(attr_name):
            import warnings
            from fakelib._core import numeric
            sentinel = object()
            ret = getattr(numeric, attr_name, sentinel)
            if ret is sentinel:
                raise AttributeError(attr_name)
            warnings.warn(f"fakelib.core.numeric is private, use fakelib.{attr_name}",
                          DeprecationWarning)
            return ret
    ''',
}


def test_a_shim_that_forwards_every_name_with_a_warning_serves_the_other_modules_names():
    snap = snapshot(SHIMS)
    numeric = snap.definitions["fakelib.core.numeric"]
    # getattr finds what the module imports without listing it, too
    assert numeric.dynamic and numeric.serves == ["BUFSIZE", "ones", "zeros"]
    assert numeric.deprecated_names["zeros"] == "fakelib.core.numeric is private, use fakelib.zeros"
    package = snap.definitions["fakelib.core"]
    assert set(package.deprecated_names) == {"ones", "zeros"}  # not its submodule ``numeric``
    # a helper warns: the text says what the shim does
    assert package.deprecated_names["ones"].startswith("fakelib.core.ones is deprecated")


def test_a_shim_forwarding_to_a_module_compiled_code_fills_warns_for_any_name(tmp_path):
    """``numpy.core`` in numpy 2 forwards to ``numpy._core``, whose names come partly from
    compiled code (``NINF``): the names it lacks are served too, each with the warning, so the
    module's record carries the deprecation (the checker reports any public name read there)."""
    from codesync.analysis.checker import Checker, VersionContext

    shims = dict(SHIMS)
    shims["fakelib/_core/__init__.py"] = "from .numeric import *\nfrom ._umath import *\n"
    releases = {"1.0": {"fakelib/__init__.py": "NINF = float('-inf')\n"}, "2.0": shims}
    snap = snapshot(shims)
    package = snap.definitions["fakelib.core"]
    assert package.dynamic and package.serves is None  # the compiled names are unknown here
    assert package.deprecated is not None and "{attr_name}" in package.deprecated.message
    assert snapshot(SHIMS).definitions["fakelib.core"].deprecated is None  # names all known
    knowledge = make_knowledge(tmp_path, "fakelib", releases)
    findings = Checker(knowledge, VersionContext.of({"fakelib": "2.0"}, {})).check_source(
        "import fakelib.core\nx = fakelib.core.NINF\ny = fakelib.core.ones(3)\n", "t.py").findings
    assert [(f.code, f.line) for f in findings] == [("CS201", 2), ("CS201", 3)], findings

