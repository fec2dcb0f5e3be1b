"""What overloads return together: one class, a union of classes, or nothing."""

from __future__ import annotations

from helpers.fakelib import snapshot

SOURCE = '''
from typing import overload

class Frame: ...
class Reader: ...

@overload
def read(path, iterator: bool = False) -> Frame: ...
@overload
def read(path, chunksize: int = 1) -> Reader: ...
def read(path, iterator=False, chunksize=None):
    pass

@overload
def head(n: int) -> Frame: ...
@overload
def head(n: None) -> Frame: ...
def head(n=None):
    pass

@overload
def concat(objs: list) -> Frame: ...
@overload
def concat(objs: tuple) -> Frame | Reader: ...
def concat(objs):
    pass

def maybe() -> "Frame | None":
    pass

@overload
def values(kind: int) -> list[int]: ...
@overload
def values(kind: str) -> Frame: ...
def values(kind):
    pass
'''


def test_overload_results_are_combined():
    definitions = snapshot({"fakelib/__init__.py": SOURCE}).definitions
    assert definitions["fakelib.read"].returns == "fakelib.Frame|fakelib.Reader"
    assert definitions["fakelib.head"].returns == "fakelib.Frame"
    assert definitions["fakelib.concat"].returns == "fakelib.Frame|fakelib.Reader"
    assert definitions["fakelib.maybe"].returns == "fakelib.Frame"
    assert definitions["fakelib.values"].returns is None  # one result says nothing we can use
