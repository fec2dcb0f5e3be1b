"""Lists of names a module computes by filtering its own namespace at import time: a helper
of the distribution run over ``globals()`` (instances of a base class in one list, the
subclasses named ``*_gen`` in another), or a comprehension. ``__all__`` built from such a
list (here or in another module) holds what the run keeps, not every name the module binds."""

from __future__ import annotations

from helpers.fakelib import snapshot

BASE = {
    "fakelib/__init__.py": '''
        from .dists import *
        from . import dists
    ''',
    "fakelib/_infra.py": '''
        class BaseDist:
            def __init__(self, name=None):
                self.name = name

        def collect_names(namespace_pairs, base_class):
            """Names of the instances, and of the generator classes."""
            names = []
            gen_names = []
            for name, value in namespace_pairs:
                if name.startswith('_'):
                    continue
                if name.endswith('_gen') and issubclass(value, base_class):
                    gen_names.append(name)
                if isinstance(value, base_class):
                    names.append(name)
            return names, gen_names
    ''',
    "fakelib/_shapes.py": '''
        import math
        from ._infra import BaseDist, collect_names

        class alpha_gen(BaseDist):
            pass

        alpha = alpha_gen(name="alpha")

        class beta_gen(alpha_gen):
            pass

        beta = beta_gen(name="beta")

        def helper(x):
            return x

        CONSTANT = 3
        pairs = list(globals().copy().items())
        _names, _gen_names = collect_names(pairs, BaseDist)
        __all__ = _names + _gen_names + ["Histogram"]

        class Histogram(BaseDist):
            pass
    ''',
    "fakelib/dists.py": '''
        from ._infra import BaseDist
        from . import _shapes
        from ._shapes import *

        __all__ = ["BaseDist"]
        __all__ += _shapes._names
    ''',
}


def test_filtered_namespace_gives_the_listed_names():
    snap = snapshot(BASE)
    exports = set(snap.exports)
    assert {"fakelib.alpha", "fakelib.beta", "fakelib.BaseDist"} <= exports
    assert {"fakelib.dists.alpha", "fakelib.dists.beta"} <= exports
    # the generator classes are in _shapes' __all__, not in dists': fakelib has none
    for gone in ("alpha_gen", "beta_gen", "helper", "pairs", "CONSTANT", "math",
                 "collect_names", "Histogram"):
        assert f"fakelib.{gone}" not in exports, gone
    assert "fakelib.dists.helper" not in exports
    assert snap.exports["fakelib.beta"] == "fakelib._shapes.beta"


def test_a_test_it_cannot_decide_leaves_the_list_open():
    files = dict(BASE)
    files["fakelib/_shapes.py"] = files["fakelib/_shapes.py"].replace(
        "if name.endswith('_gen') and issubclass", "if issubclass")
    files["fakelib/_infra.py"] = files["fakelib/_infra.py"].replace(
        "if name.endswith('_gen') and issubclass", "if issubclass")
    exports = set(snapshot(files).exports)
    # issubclass on a module or an instance raises at run time: the list is unknown, and the
    # module's bound names stand in for it, as for any computed __all__
    assert {"fakelib.alpha", "fakelib.beta", "fakelib.helper"} <= exports


def test_a_comprehension_over_globals():
    files = {
        "fakelib/__init__.py": "from .plugins import *\n",
        "fakelib/plugins.py": '''
            class Plugin:
                pass

            class Csv(Plugin):
                pass

            csv = Csv()
            other = 3
            __all__ = [name for name, obj in globals().items()
                       if isinstance(obj, Plugin) and not name.startswith("_")]
            __all__ += ["Plugin"]
        ''',
    }
    exports = set(snapshot(files).exports)
    assert {"fakelib.csv", "fakelib.Plugin"} <= exports
    assert "fakelib.other" not in exports
    assert "fakelib.plugins.Csv" in exports  # a class the module defines is an attribute
    assert "fakelib.Csv" not in exports


def test_star_imported_names_left_out_of_all_are_unlisted():
    """``dists`` star-imports ``_shapes`` (whose ``__all__`` has the generator classes) and
    lists only the instances: the classes are attributes of ``dists``, not its exports."""
    record = snapshot(BASE).definitions["fakelib.dists"]
    assert {"alpha_gen", "beta_gen"} <= set(record.unlisted)
    assert "alpha" not in record.unlisted
