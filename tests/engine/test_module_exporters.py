"""A class decorator that sets names on the decorated class's module (matplotlib's
``@_Backend.export``): the module has those names, aliases of the class's own members where
the class body says so, in every module the decorator is used in."""

from __future__ import annotations

from helpers.fakelib import snapshot

BASES = '''
    import sys

    class Base:
        @staticmethod
        def export(cls):
            for name in ["Canvas", "show", "version"]:
                setattr(sys.modules[cls.__module__], name, getattr(cls, name))

            class Show:
                pass

            setattr(sys.modules[cls.__module__], "Show", Show)
            return cls

        @classmethod
        def show(cls):
            pass

    def register(cls):
        setattr(sys.modules[cls.__module__], "Registered", cls)
        return cls

    def plain(cls):
        return cls


    class SubBase(Base):
        pass
'''

BACKEND = '''
    from fakelib.bases import Base, register, plain

    class CanvasA:
        def __init__(self, figure):
            pass

    @Base.export
    class _BackendA(Base):
        version = "1"
        Canvas = CanvasA

    @register
    class Thing:
        pass
'''


def test_names_a_class_decorator_sets_on_the_module_exist():
    snap = snapshot({"fakelib/__init__.py": "", "fakelib/bases.py": BASES,
                     "fakelib/backend_a.py": BACKEND})
    for name in ("Canvas", "show", "version", "Show", "Registered"):
        assert f"fakelib.backend_a.{name}" in snap.exports, name
    assert snap.exports["fakelib.backend_a.Canvas"] == "fakelib.backend_a.CanvasA"


def test_an_inherited_exporter_exports_too():
    snap = snapshot({"fakelib/__init__.py": "", "fakelib/bases.py": BASES,
                     "fakelib/backend_c.py": '''
    from fakelib.bases import SubBase

    @SubBase.export
    class _BackendC(SubBase):
        Canvas = int
    '''})
    for name in ("Canvas", "show", "Show"):
        assert f"fakelib.backend_c.{name}" in snap.exports, name


def test_other_decorators_and_undecorated_classes_add_nothing():
    snap = snapshot({"fakelib/__init__.py": "", "fakelib/bases.py": BASES,
                     "fakelib/backend_b.py": '''
    from fakelib.bases import Base, plain

    @plain
    class _BackendB(Base):
        Canvas = int

    class _BackendC(Base):
        Canvas = int
    '''})
    for name in ("Canvas", "show", "Show", "Registered"):
        assert f"fakelib.backend_b.{name}" not in snap.exports, name
