"""The values that reach a warning after early exits, where an earlier ``if x not in
STRINGS: raise`` bounds what a working call passes: the bound's strings that no exit takes
are the deprecated values (scipy 1.9-1.10 ``linprog``: every method but the 'highs' ones)."""

from __future__ import annotations

import pytest

from codesync.knowledge.model import Definition
from helpers.fakelib import snapshot

FILES = {
    "fakelib/__init__.py": '''
        from .solvers import (solve, legacy_only, table_bound, undecided, other_data,
                              all_leave, unbounded, suffix, eq_exit)
    ''',
    "fakelib/solvers.py": '''
        from warnings import warn

        _KNOWN = ("fast", "fast-ds", "slow", "slower")

        def solve(c, method="fast"):
            meth = method.lower()
            methods = {"fast", "fast-ds", "fast-ipm", "simplex", "revised simplex"}
            if meth not in methods:
                raise ValueError(f"Unknown solver '{method}'")
            if meth.startswith("fast"):
                return c
            warn(f"`method='{meth}'` is deprecated", DeprecationWarning, stacklevel=2)
            return None

        def legacy_only(c, mode="a"):
            if not mode in ("a", "b", "old"):
                raise ValueError(mode)
            if mode == "a" or mode == "b":
                return c
            warn("this mode is deprecated", DeprecationWarning)

        def table_bound(c, kind="fast"):
            if kind not in _KNOWN:
                raise ValueError(kind)
            if kind in ("fast", "fast-ds"):
                return c
            warn(f"kind={kind!r} is deprecated", FutureWarning)

        def undecided(c, method="fast"):
            if method not in ("fast", "slow"):
                raise ValueError(method)
            if method.isupper():
                return c
            warn("slow is deprecated", DeprecationWarning)

        def other_data(c, method="fast"):
            if method not in ("fast", "slow"):
                raise ValueError(method)
            if c is None:
                return c
            warn("this is deprecated", DeprecationWarning)

        def all_leave(c, method="fast"):
            if method not in ("fast", "slow"):
                raise ValueError(method)
            if method.startswith("x"):
                return c
            warn("all_leave is deprecated", DeprecationWarning)

        def unbounded(c, method="fast"):
            if method.startswith("fast"):
                return c
            warn("this method is deprecated", DeprecationWarning)

        def suffix(c, method="a-new"):
            if method not in ("a-new", "b-new", "c-old"):
                raise ValueError(method)
            if method.endswith(("-new", "-newer")):
                return c
            warn("old methods are deprecated", DeprecationWarning)

        def eq_exit(c, method="fast"):
            if method not in ("fast", "slow", "slower"):
                raise ValueError(method)
            if method != "slow":
                return c
            warn("slow is deprecated", DeprecationWarning)
    ''',
}


@pytest.fixture(scope="module")
def definitions() -> dict[str, Definition]:
    return snapshot(FILES).definitions


def _values(record: Definition, param: str) -> tuple:
    [item] = record.value_deprecations[param]
    return item.values


def test_bound_less_early_exit_gives_the_deprecated_values(definitions):
    record = definitions["fakelib.solvers.solve"]
    assert record.deprecated is None and "method" not in record.param_deprecations
    assert sorted(_values(record, "method")) == ["revised simplex", "simplex"]
    [item] = record.value_deprecations["method"]
    # compared as the function compares it: ``method.lower()``
    assert item.deprecates("Simplex") and not item.deprecates("fast-ipm")


def test_a_negated_membership_bound_and_an_or_of_equalities(definitions):
    assert _values(definitions["fakelib.solvers.legacy_only"], "mode") == ("old",)


def test_an_exit_on_allowed_values_keeps_its_own_reading(definitions):
    # ``if kind in OK: return`` alone already says every other string warns
    [item] = definitions["fakelib.solvers.table_bound"].value_deprecations["kind"]
    assert [item.deprecates(v) for v in ("fast", "fast-ds", "slow", "slower")] == \
        [False, False, True, True]


def test_suffix_and_inequality_exits(definitions):
    assert _values(definitions["fakelib.solvers.suffix"], "method") == ("c-old",)
    assert _values(definitions["fakelib.solvers.eq_exit"], "method") == ("slow",)


@pytest.mark.parametrize("name", ["undecided", "other_data", "unbounded"])
def test_an_exit_it_cannot_decide_deprecates_no_values(definitions, name):
    record = definitions[f"fakelib.solvers.{name}"]
    assert not record.value_deprecations
    assert record.deprecated is None  # still no whole-function deprecation


def test_no_values_reach_when_no_value_passes_the_exits(definitions):
    # every bound value gets past ``startswith("x")``: that is no value test at all
    record = definitions["fakelib.solvers.all_leave"]
    assert not record.value_deprecations
