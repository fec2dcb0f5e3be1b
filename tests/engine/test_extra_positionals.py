"""Extra positional arguments a function warns about (its ``*args`` reaches a warning whenever
it is not empty): read from its own body or from a module helper it hands ``*args`` to."""

from __future__ import annotations

import pytest

from helpers.fakelib import snapshot

FILES = {
    "fakelib/__init__.py": '''
        from .resample import Resampler, own_check, guarded_call, always, maybe_data
    ''',
    "fakelib/resample.py": '''
        import warnings

        def _warn_extra(cls, kernel, args, kwargs):
            warn_args = args is not None and len(args) > 0
            warn_kwargs = kwargs is not None and len(kwargs) > 0
            if warn_args and warn_kwargs:
                msg = "args and kwargs"
            elif warn_args:
                msg = "args"
            elif warn_kwargs:
                msg = "kwargs"
            else:
                return
            warnings.warn(f"Passing additional {msg} to {cls.__name__}.{kernel} is "
                          "deprecated", FutureWarning)

        def _empty_first(args):
            if not args:
                return
            warnings.warn("extra arguments are deprecated", FutureWarning)

        def _always(args):
            warnings.warn("this helper is deprecated", FutureWarning)

        def _data(args, flag):
            if flag:
                return
            warnings.warn("extra arguments are deprecated", FutureWarning)

        class Resampler:
            def sum(self, numeric_only=False, min_count=0, *args, **kwargs):
                _warn_extra(type(self), "sum", args, kwargs)
                return 1

            def mean(self, numeric_only=False, *args, **kwargs):
                _empty_first(args)

            @staticmethod
            def ohlc(x, *args):
                _warn_extra(None, "ohlc", args, None)

            def conditional(self, how=None, *args):
                if how == "x":
                    _warn_extra(type(self), "conditional", args, None)

            def late(self, how=None, *args):
                if how is None:
                    return 0
                _warn_extra(type(self), "late", args, None)

        def own_check(a, *args):
            if args:
                warnings.warn("positional extras are deprecated", FutureWarning)
            return a

        def guarded_call(a, *args):
            if len(args) > 0 and a:
                warnings.warn("extra arguments are deprecated with a", FutureWarning)

        def always(a, *args):
            _always(args)

        def maybe_data(a, *args):
            _data(args, a)
    ''',
}


@pytest.fixture(scope="module")
def definitions():
    return snapshot(FILES).definitions


@pytest.mark.parametrize("path,limit", [
    ("fakelib.resample.Resampler.sum", 2),  # flags, an if/elif chain whose else returns
    ("fakelib.resample.Resampler.mean", 1),  # ``if not args: return`` before the warning
    ("fakelib.resample.Resampler.ohlc", 1),  # a static method counts its first parameter
    ("fakelib.resample.own_check", 1),  # its own ``if args: warn(...)``
])
def test_star_args_reaching_a_warning_limit_the_positionals(definitions, path, limit):
    assert definitions[path].positional_limit == limit


@pytest.mark.parametrize("path", [
    "fakelib.resample.Resampler.conditional",  # the helper is called under a condition
    "fakelib.resample.Resampler.late",  # the function may return before the call
    "fakelib.resample.guarded_call",  # the warning needs another test too: data decides
    "fakelib.resample.always",  # the helper warns for every call: not about the extras
    "fakelib.resample.maybe_data",  # a non-empty args may still leave before the warning
])
def test_other_paths_to_a_warning_set_no_limit(definitions, path):
    assert definitions[path].positional_limit is None
