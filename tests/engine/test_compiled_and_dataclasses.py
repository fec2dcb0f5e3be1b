"""Names from compiled extensions exist without a shape; dataclass constructors as declared."""

from __future__ import annotations

from helpers.fakelib import snapshot


def test_a_name_imported_from_a_compiled_sibling_module_is_exported_without_a_signature():
    files = {
        "fakelib/__init__.py": "from fakelib.optimize import linear_sum_assignment, minimize\n",
        "fakelib/optimize/__init__.py": "from ._lsap import linear_sum_assignment\nfrom ._min import minimize\n",
        "fakelib/optimize/_min.py": "def minimize(fun, x0):\n    pass\n",
    }
    snap = snapshot(files)
    assert snap.exports["fakelib.linear_sum_assignment"] == "fakelib.optimize._lsap.linear_sum_assignment"
    assert "fakelib.optimize._lsap.linear_sum_assignment" not in snap.definitions
    assert snap.exports["fakelib.minimize"] == "fakelib.optimize._min.minimize"


def test_a_name_from_a_missing_module_elsewhere_is_not_invented():
    files = {"fakelib/__init__.py": "from otherpkg._fast import helper\nfrom fakelib.nowhere.deep import thing\n"}
    exports = snapshot(files).exports
    assert "fakelib.thing" not in exports


DATACLASSES = '''
from dataclasses import KW_ONLY, dataclass, field
import attr
from typing import ClassVar

@dataclass
class Point:
    x: int
    y: int = 0
    registry: ClassVar[dict] = {}

@dataclass(kw_only=True, frozen=True)
class Options:
    verbose: bool = False

@dataclass(init=False)
class Config:
    name: str = "a"
    def __new__(cls, **kwargs):
        pass

@dataclass
class Point3(Point):
    z: int = 0

@attr.s(frozen=True)
class VersionInfo:
    _year = attr.ib(type=int)
    _minor = attr.ib(type=int)
    releaselevel = attr.ib("final")
    note: str = "not a field of the classic API"

@attr.define
class Opts:
    x: int
    y: int = attr.field(default=2, alias="why")
    _z: int = 0
    cache: dict = attr.field(factory=dict, init=True)

class Text(str):
    @staticmethod
    def __new__(cls, text, lang=None):
        return str.__new__(cls, text)

@dataclass
class Task:
    id: int
    visible: bool = field(default=True)
    fields: dict = field(default_factory=dict)
    start: float = field(default=None, init=False, repr=False)
    tag: str = field(default="", kw_only=True)
    size: int = 1
    _: KW_ONLY
    speed: float = 0.5
'''


def test_dataclass_constructors_follow_their_options():
    definitions = snapshot({"fakelib/__init__.py": DATACLASSES}).definitions
    assert definitions["fakelib.Point.__init__"].render_signature() == "__init__(x, y=0)"
    assert definitions["fakelib.Options.__init__"].render_signature() == "__init__(*, verbose=False)"
    assert "fakelib.Config.__init__" not in definitions  # init=False: __new__ decides
    assert definitions["fakelib.Point3.__init__"].params is None  # inherited fields unknown here
    # attrs: attr.ib() fields of the classic API, underscores dropped, alias= respected
    assert definitions["fakelib.VersionInfo.__init__"].render_signature() == (
        "__init__(year, minor, releaselevel='final')")
    assert definitions["fakelib.Opts.__init__"].render_signature() == (
        "__init__(x, why=2, z=0, cache=attr.field(factory=dict, init=True))")
    new = definitions["fakelib.Text.__new__"]  # type.__call__ passes cls, decorated or not
    assert new.render_signature() == "__new__(text, lang=None)" and not new.method_kind
    # field(init=False) is no parameter; field(default=X) defaults to X; kw_only ones go last
    assert definitions["fakelib.Task.__init__"].render_signature() == (
        "__init__(id, visible=True, fields=field(default_factory=dict), size=1, *, tag='', "
        "speed=0.5)")
