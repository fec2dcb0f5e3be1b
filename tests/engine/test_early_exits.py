"""A warning after an ``if`` whose body always leaves (return, raise, continue, break, or an
``if``/``else`` whose branches all do) runs only where that test failed: it is guarded by the
negated test, as if it sat in the ``else`` branch, and never deprecates the whole function;
a body that leaves only by raising rejects the calls that take it and guards nothing.
scipy's ``linprog`` (1.9+) returns for ``method`` values starting with 'highs' and only then
warns that the other methods are deprecated."""

from __future__ import annotations

import pytest

from codesync.knowledge.model import Definition
from helpers.fakelib import snapshot

FILES = {
    "fakelib/__init__.py": '''
        from .solvers import (linprog, early_raise, both_return, legacy, chosen, unconditional,
                              given, else_leaves, loop_skip, elif_chain, nothing_after,
                              passed_then_typed, direct_prefix, kept_self,
                              raise_or_return, flagged, legacy_flag, write_dataset,
                              to_expr, factor)
    ''',
    "fakelib/solvers.py": '''
        import warnings
        from warnings import warn

        _DEPR_MESSAGE = "{} operated on the grouping columns; this is deprecated"

        def linprog(c, method="highs", options=None):
            meth = method.lower()
            if meth.startswith("highs"):
                sol = c
                return sol
            warn(f"`method='{meth}'` is deprecated and will be removed in SciPy 1.11.0.",
                 DeprecationWarning, stacklevel=2)
            return None

        def early_raise(x, strict=False):
            if x is None:
                raise ValueError("x is needed")
            warnings.warn("early_raise is deprecated", DeprecationWarning)

        def raise_or_return(x, strict=False):
            if x is None:
                if strict:
                    raise ValueError("x is needed")
                else:
                    return None
            warnings.warn("raise_or_return is deprecated", DeprecationWarning)

        def both_return(x, y=None):
            if x:
                if y:
                    return 1
                else:
                    return 2
            warnings.warn("both_return is deprecated", DeprecationWarning)

        def legacy(x, mode=None):
            if mode is None:
                return x
            warnings.warn("mode is deprecated and will be removed", FutureWarning)
            return x

        def chosen(x, method="new"):
            if method in ("new", "newer"):
                return x
            warnings.warn(f"method={method!r} is deprecated", FutureWarning)
            return x

        def unconditional(x):
            y = x + 1
            if y > 2:
                y = 2
            warnings.warn("unconditional is deprecated", DeprecationWarning)
            return y

        def given(x, periods=None):
            if periods is None:
                return x
            if isinstance(periods, float):
                warnings.warn("a float periods is deprecated", FutureWarning)
            return x

        def else_leaves(x, mode=None):
            if mode is not None:
                pass
            else:
                return x
            warnings.warn("mode is deprecated", FutureWarning)

        def loop_skip(items):
            for item in items:
                if item:
                    continue
                warnings.warn("loop_skip is deprecated", DeprecationWarning)

        def elif_chain(x, method="a"):
            if method == "a":
                return 1
            elif method == "b":
                return 2
            warnings.warn("elif_chain is deprecated", DeprecationWarning)

        def nothing_after(x):
            if x:
                return 1
            else:
                raise ValueError(x)
            warnings.warn("never reached", DeprecationWarning)

        def direct_prefix(c, method="highs"):
            if method.lower().startswith("highs"):
                return c
            warnings.warn(f"method={method!r} is deprecated", DeprecationWarning)

        class kept_self:
            def __init__(self, normalize=None):
                self.normalize = normalize

            def fit(self, X):
                if self.normalize is None:
                    return self
                warnings.warn("'normalize' was deprecated", FutureWarning)
                return self

        class flagged:
            def apply(self, func, include_groups=True):
                if not include_groups:
                    return func(self)
                if self.shape:
                    warnings.warn(_DEPR_MESSAGE.format("apply"), FutureWarning)
                return func(self)

        def legacy_flag(source, use_legacy=False):
            if not use_legacy:
                return source
            warnings.warn("Passing 'use_legacy=True' is deprecated", FutureWarning)
            return source

        def write_dataset(table, use_legacy=None, filename_cb=None):
            if not use_legacy:
                return table
            if filename_cb:
                warnings.warn(_DEPR_MESSAGE.format("filename_cb"), FutureWarning)
            return table

        _converters = {int: int, float: float}

        def to_expr(a, strict=False):
            conv = _converters.get(type(a))
            if conv is not None:
                return conv(a)
            if not isinstance(a, str):
                warnings.warn("String fallback in to_expr", DeprecationWarning)
                a = str(a)
            return a

        def factor(n):
            n = to_expr(n)
            return n

        def passed_then_typed(x, na=None):
            if x is None:
                return None
            if not isinstance(na, bool):
                warnings.warn("a non-bool na is deprecated", FutureWarning)
    ''',
}


@pytest.fixture(scope="module")
def definitions() -> dict[str, Definition]:
    return snapshot(FILES).definitions


def test_early_return_then_warn_is_no_whole_function_deprecation(definitions):
    record = definitions["fakelib.solvers.linprog"]
    assert record.deprecated is None
    # values not starting with 'highs' have no representation: no deprecation at all
    assert not record.param_deprecations and not record.value_deprecations


def test_an_early_raise_rejects_bad_calls_and_guards_nothing(definitions):
    # every call that works reaches the warning (networkx 3.3's
    # single_target_shortest_path_length raises NodeNotFound first, then warns)
    assert definitions["fakelib.solvers.early_raise"].deprecated is not None
    # a block that raises on one path and returns on another lets working calls skip it
    assert definitions["fakelib.solvers.raise_or_return"].deprecated is None


def test_nested_if_else_both_returning(definitions):
    assert definitions["fakelib.solvers.both_return"].deprecated is None


def test_early_return_on_a_parameter_test_deprecates_the_parameter(definitions):
    record = definitions["fakelib.solvers.legacy"]
    assert record.deprecated is None
    assert "mode" in record.param_deprecations


def test_early_return_for_allowed_values_deprecates_the_other_values(definitions):
    record = definitions["fakelib.solvers.chosen"]
    assert record.deprecated is None and "method" not in record.param_deprecations
    [item] = record.value_deprecations["method"]
    assert item.others and item.deprecates("old") and not item.deprecates("newer")


def test_an_unconditional_warning_still_deprecates_the_function(definitions):
    record = definitions["fakelib.solvers.unconditional"]
    assert record.deprecated is not None
    assert "unconditional is deprecated" in record.deprecated.message


def test_a_type_test_after_leaving_when_not_passed(definitions):
    record = definitions["fakelib.solvers.given"]
    assert record.deprecated is None and "periods" not in record.param_deprecations
    [item] = record.value_deprecations["periods"]
    assert item.of_types == ("float",) and item.deprecates(1.5) and not item.deprecates(1)


def test_an_else_that_always_leaves_guards_by_the_test(definitions):
    record = definitions["fakelib.solvers.else_leaves"]
    assert record.deprecated is None and "mode" in record.param_deprecations


def test_continue_in_a_loop_and_an_elif_chain(definitions):
    assert definitions["fakelib.solvers.loop_skip"].deprecated is None
    record = definitions["fakelib.solvers.elif_chain"]
    # every value but 'a' and 'b' warns: no whole-parameter deprecation (method='a' is fine)
    assert record.deprecated is None and not record.param_deprecations
    assert not record.value_deprecations  # ``!=`` names no deprecated values


def test_a_test_of_the_value_that_names_no_values_deprecates_nothing(definitions):
    record = definitions["fakelib.solvers.direct_prefix"]
    assert record.deprecated is None and not record.param_deprecations
    assert not record.value_deprecations


def test_an_attribute_given_after_an_early_exit_is_the_constructor_parameter(definitions):
    init = definitions["fakelib.solvers.kept_self.__init__"]
    assert "normalize" in init.param_deprecations
    assert definitions["fakelib.solvers.kept_self.fit"].deprecated is None


def test_a_warning_no_path_reaches(definitions):
    assert definitions["fakelib.solvers.nothing_after"].deprecated is None


def test_values_of_a_type_after_an_early_exit_on_other_data(definitions):
    record = definitions["fakelib.solvers.passed_then_typed"]
    assert record.deprecated is None and "na" not in record.param_deprecations
    [item] = record.value_deprecations["na"]  # as without the early exit: its test alone
    assert item.types == ("bool",) and item.deprecates("a") and not item.deprecates(True)


KWARGS = {
    "fakelib/__init__.py": "from .shim import plot, draw\n",
    "fakelib/shim.py": '''
        import warnings

        def plot(x, **kwargs):
            if "size" not in kwargs:
                return x
            warnings.warn("'size' is deprecated, use 'width'", FutureWarning)

        def draw(x, **kwargs):
            if "width" in kwargs:
                return x
            warnings.warn("calling draw without width is deprecated", FutureWarning)
    ''',
}


def test_a_keyword_tested_in_kwargs_before_an_early_exit():
    definitions = snapshot(KWARGS).definitions
    plot = definitions["fakelib.shim.plot"]
    assert plot.deprecated is None and "size" in plot.param_deprecations
    draw = definitions["fakelib.shim.draw"]
    assert draw.deprecated is None and "width" not in draw.param_deprecations


def test_a_flag_whose_true_default_reaches_the_warning_is_not_deprecated(definitions):
    # pandas' GroupBy.apply: include_groups=False is the way out, not a deprecated keyword
    record = definitions["fakelib.solvers.flagged.apply"]
    assert record.deprecated is None and not record.param_deprecations


def test_a_flag_whose_false_default_leaves_early_is_deprecated_when_passed(definitions):
    record = definitions["fakelib.solvers.legacy_flag"]
    assert record.deprecated is None and "use_legacy" in record.param_deprecations


def test_the_if_around_a_warning_names_its_parameter_before_an_early_exit_does(definitions):
    # pyarrow 8-14's write_to_dataset: partition_filename_cb under the legacy path
    record = definitions["fakelib.solvers.write_dataset"]
    assert record.deprecated is None and set(record.param_deprecations) == {"filename_cb"}


def test_a_type_test_after_early_returns_for_other_types_deprecates_no_type(definitions):
    # sympy 1.6-1.12's sympify: numbers return through a converter before the string
    # fallback warns, so factorint(10) is no deprecated non-str value
    for path in ("fakelib.solvers.to_expr", "fakelib.solvers.factor"):
        record = definitions[path]
        assert record.deprecated is None and not record.value_deprecations, path
        assert not record.param_deprecations, path
