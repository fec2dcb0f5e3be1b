"""A decorator of the distribution that appends parameters to ``__signature__`` (networkx's
dispatch decorator, matplotlib's ``_preprocess_data``) gives what it decorates those
parameters, as ``inspect.signature`` shows them."""

from __future__ import annotations

from codesync.knowledge.model import KEYWORD_ONLY, VAR_KEYWORD
from helpers.fakelib import snapshot

LIBRARY = {
    "fakelib/__init__.py": '''
        from .utils.dispatch import *
        from .algos import rank, spread, plain
        from .plotting import plot
    ''',
    "fakelib/utils/__init__.py": "",
    "fakelib/utils/dispatch.py": '''
        import inspect
        __all__ = ["_dispatchable"]

        class _dispatchable:
            def __new__(cls, func=None, *, name=None):
                return object.__new__(cls)

            @property
            def __signature__(self):
                sig = inspect.signature(self.orig_func)
                if not any(p.kind == inspect.Parameter.VAR_KEYWORD
                           for p in sig.parameters.values()):
                    return sig.replace(parameters=[
                        *sig.parameters.values(),
                        inspect.Parameter("backend", inspect.Parameter.KEYWORD_ONLY, default=None),
                        inspect.Parameter("backend_kwargs", inspect.Parameter.VAR_KEYWORD),
                    ])
                *params, var_keyword = sig.parameters.values()
                return sig.replace(parameters=[
                    *params,
                    inspect.Parameter("backend", inspect.Parameter.KEYWORD_ONLY, default=None),
                    var_keyword,
                ])
    ''',
    "fakelib/algos.py": '''
        import fakelib as fl

        @fl._dispatchable(name="rank")
        def rank(graph, alpha=0.85):
            pass

        @fl._dispatchable
        def spread(graph, **options):
            pass

        def plain(graph):
            pass
    ''',
    "fakelib/plotting.py": '''
        import functools
        from inspect import Parameter, signature

        def _with_data(func):
            @functools.wraps(func)
            def inner(*args, data=None, **kwargs):
                return func(*args, **kwargs)
            params = list(signature(func).parameters.values())
            params.insert(-1, Parameter("data", Parameter.KEYWORD_ONLY, default=None))
            inner.__signature__ = signature(func).replace(parameters=params)
            return inner

        @_with_data
        def plot(x, y, **kwargs):
            pass
    ''',
}


def _params(snap, path: str) -> list[tuple]:
    return [(p.name, p.kind, p.default) for p in snap.definitions[path].params]


def test_dispatch_class_appends_its_keyword_and_keeps_its_var_keyword_apart():
    snap = snapshot(LIBRARY)
    assert _params(snap, "fakelib.algos.rank") == [
        ("graph", "a", None), ("alpha", "a", "0.85"), ("backend", KEYWORD_ONLY, "None")]
    assert snap.definitions["fakelib.algos.rank"].decorator_kwargs == "backend_kwargs"


def test_an_own_var_keyword_stays_last_and_none_is_added():
    snap = snapshot(LIBRARY)
    assert _params(snap, "fakelib.algos.spread") == [
        ("graph", "a", None), ("backend", KEYWORD_ONLY, "None"), ("options", VAR_KEYWORD, None)]
    assert snap.definitions["fakelib.algos.spread"].decorator_kwargs == ""


def test_undecorated_functions_are_untouched():
    snap = snapshot(LIBRARY)
    assert _params(snap, "fakelib.algos.plain") == [("graph", "a", None)]


def test_a_decorator_function_that_sets_signature_on_its_wrapper():
    snap = snapshot(LIBRARY)
    assert _params(snap, "fakelib.plotting.plot") == [
        ("x", "a", None), ("y", "a", None), ("data", KEYWORD_ONLY, "None"),
        ("kwargs", VAR_KEYWORD, None)]
