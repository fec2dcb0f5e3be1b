"""A module ``__getattr__`` a factory makes (``__getattr__ = _make_getattr(__name__)``, as
attrs does): the hook it returns is read like a module's own, in the factory's module, with
the calling module's name in its warnings, also where the factory is another module's. A
closed hook keeps a stale stub's names (``__author__: str``) out of the exports."""

from __future__ import annotations

import textwrap

from helpers.fakelib import snapshot

FACTORY = textwrap.dedent('''
    def _make_getattr(mod_name):
        def __getattr__(name):
            table = {"__version__": "version", "__author__": "", "__title__": "Name"}
            if name not in table.keys():
                raise AttributeError(f"module {mod_name} has no attribute {name}")
            import warnings
            if name != "__version__":
                warnings.warn(f"Accessing {mod_name}.{name} is deprecated", DeprecationWarning)
            return table[name]
        return __getattr__
''')


def test_a_hook_made_by_a_factory_of_the_same_module_serves_its_table():
    snap = snapshot({"fakelib/__init__.py": FACTORY + "__getattr__ = _make_getattr(__name__)\n"})
    module = snap.definitions["fakelib"]
    assert module.serves == ["__author__", "__title__", "__version__"]
    assert module.deprecated_names == {
        "__author__": "Accessing fakelib.__author__ is deprecated",
        "__title__": "Accessing fakelib.__title__ is deprecated"}


def test_a_hook_made_by_another_module_s_factory_speaks_for_the_caller():
    snap = snapshot({
        "fakelib/__init__.py": "from fakelib.meta import _make_getattr\n"
                               "__getattr__ = _make_getattr(__name__)\n",
        "fakelib/meta.py": FACTORY,
    })
    module = snap.definitions["fakelib"]
    assert module.serves == ["__author__", "__title__", "__version__"]
    assert module.deprecated_names["__title__"] == "Accessing fakelib.__title__ is deprecated"


def test_a_closed_hook_leaves_out_what_only_a_stale_stub_declares():
    closed = '''
        def _make_getattr(mod_name):
            def __getattr__(name):
                if name not in ("__version__",):
                    raise AttributeError(name)
                return "1"
            return __getattr__
        __getattr__ = _make_getattr(__name__)
        def define(): pass
    '''
    stub = "from typing import TypeVar\nauthor: str\nIn = TypeVar('In')\ndef define() -> None: ...\n"
    snap = snapshot({"fakelib/__init__.py": closed, "fakelib/__init__.pyi": stub})
    assert "fakelib.define" in snap.exports
    assert "fakelib.author" not in snap.exports and "fakelib.In" not in snap.exports
    assert snap.definitions["fakelib"].serves == ["__version__"]


def test_a_factory_whose_hook_serves_an_open_set_leaves_the_module_open():
    open_hook = '''
        def _make_getattr(mod_name):
            def __getattr__(name):
                return lookup(mod_name, name)
            return __getattr__
        __getattr__ = _make_getattr(__name__)
    '''
    stub = "author: str\n"
    snap = snapshot({"fakelib/__init__.py": open_hook, "fakelib/__init__.pyi": stub})
    assert snap.definitions["fakelib"].dynamic and snap.definitions["fakelib"].serves is None
    assert "fakelib.author" in snap.exports  # only the stub can say what it serves


def test_a_name_the_hook_raises_for_is_not_served():
    hook = '''
        def __getattr__(name):
            if name == "__path__":
                raise AttributeError(name)
            if name == "old":
                return 1
            raise AttributeError(name)
    '''
    assert snapshot({"fakelib/__init__.py": hook}).definitions["fakelib"].serves == ["old"]
