"""Releases written for Python 3.12+ (PEP 695 generics) still yield their signatures here."""

from __future__ import annotations

from codesync.engine.parse import parse_source
from helpers.fakelib import snapshot

GENERIC = '''
from typing import Callable

def vmap[F: Callable[..., int]](
    fun: F, in_axes=0, *, axis_name=None) -> F:
    pass

class FrozenDict[K, V](dict):
    def get[T](self, key: K, default: T | None = None): ...

type Pair[T] = tuple[T, T]
'''


def test_type_parameters_are_dropped_and_the_rest_parses_as_written():
    result = parse_source(GENERIC)
    assert result.how == "ast"
    names = [getattr(n, "name", None) for n in result.tree.body]
    assert names[1:3] == ["vmap", "FrozenDict"]


def test_generic_functions_keep_their_signatures():
    snap = snapshot({"fakelib/__init__.py": GENERIC})
    assert snap.status == "ok"
    assert snap.definitions["fakelib.vmap"].render_signature() == "vmap(fun, in_axes=0, *, axis_name=None)"
    assert snap.definitions["fakelib.FrozenDict.get"].render_signature() == "get(key, default=None)"
