"""Deprecated literal values of a parameter: a warning guarded by ``param == "lit"``,
``param in (...)``, ``param in TABLE`` (a module-level dict that also gives the value to use),
``self.param not in (...)`` (every other string), through an alias of a constructor
parameter, and handed on to a helper in the same module or another one."""

from __future__ import annotations

from codesync.knowledge.model import Definition
from helpers.fakelib import snapshot

FILES = {
    "fakelib/__init__.py": '''
        import warnings
        from .cluster import KMeans, Centroid
        from .ranges import date_range, period_range

        def fill(a, method=None, limit=None):
            if method == "pad":
                warnings.warn("method='pad' is deprecated, use 'ffill'", FutureWarning)
            if limit is not None:
                warnings.warn("the 'limit' keyword is deprecated", FutureWarning)
            if method == "nearest":
                if a is None:
                    warnings.warn("empty input is deprecated", FutureWarning)
    ''',
    "fakelib/cluster.py": '''
        import warnings

        class KMeans:
            def __init__(self, n_clusters=8, algorithm="lloyd"):
                self.n_clusters = n_clusters
                self.algorithm = algorithm

            def _check(self, X):
                self._algorithm = self.algorithm
                if self._algorithm in ("auto", "full"):
                    warnings.warn(f"algorithm='{self._algorithm}' is deprecated, it will be "
                                  "removed in 1.3.", FutureWarning)

            def fit(self, X):
                self._check(X)
                return self

        class Centroid:
            def __init__(self, metric="euclidean"):
                self.metric = metric

            def fit(self, X):
                if isinstance(self.metric, str) and self.metric not in ("manhattan", "euclidean"):
                    warnings.warn("Support for distance metrics other than euclidean and "
                                  "manhattan was deprecated in version 1.3", FutureWarning)
    ''',
    "fakelib/_offsets.py": '''
        import warnings

        _DEPRECATED_ALIASES = {"H": "h", "T": "min"}

        def to_offset(freq):
            if freq in _DEPRECATED_ALIASES:
                warnings.warn(f"'{freq}' is deprecated, please use "
                              f"'{_DEPRECATED_ALIASES[freq]}' instead.", FutureWarning)
            return freq
    ''',
    "fakelib/ranges.py": '''
        from ._offsets import to_offset

        def _generate(start, freq):
            return to_offset(freq)

        def date_range(start=None, periods=None, freq="D"):
            return _generate(start, freq)

        def period_range(start=None, freq=None):
            return to_offset(freq)
    ''',
}


def _values(definition: Definition) -> dict[str, list[tuple]]:
    return {name: [(v.values, v.others) for v in items]
            for name, items in definition.value_deprecations.items()}


def test_values_guarded_in_the_function_itself():
    fill = snapshot(FILES).definitions["fakelib.fill"]
    assert _values(fill) == {"method": [(("pad",), False)]}  # not the outer "nearest" test
    assert set(fill.param_deprecations) == {"limit"}  # passing it at all: a parameter's
    assert fill.value_deprecations["method"][0].deprecation.message.startswith("method='pad'")


def test_values_of_a_constructor_parameter_warned_in_a_method():
    definitions = snapshot(FILES).definitions
    kmeans = definitions["fakelib.cluster.KMeans.__init__"]
    assert _values(kmeans) == {"algorithm": [(("auto", "full"), False)]}
    assert not kmeans.param_deprecations  # "lloyd" is fine: the parameter is not deprecated
    centroid = definitions["fakelib.cluster.Centroid.__init__"]
    assert _values(centroid) == {"metric": [(("manhattan", "euclidean"), True)]}
    deprecated = centroid.value_deprecations["metric"][0]
    assert deprecated.deprecates("cosine") and not deprecated.deprecates("manhattan")
    assert deprecated.deprecation.since == "1.3"


def test_a_table_gives_values_and_replacements_that_travel_to_callers():
    definitions = snapshot(FILES).definitions
    offset = definitions["fakelib._offsets.to_offset"].value_deprecations["freq"][0]
    assert offset.values == ("H", "T") and offset.replacements == {"H": "h", "T": "min"}
    for path in ("fakelib.ranges.date_range", "fakelib.ranges.period_range"):
        found = definitions[path].value_deprecations["freq"][0]
        assert found.replacements == {"H": "h", "T": "min"}
        assert not definitions[path].param_deprecations


def test_the_record_survives_its_text_form():
    kmeans = snapshot(FILES).definitions["fakelib.cluster.KMeans.__init__"]
    again = Definition.from_json(kmeans.path, kmeans.to_json())
    assert again.value_deprecations == kmeans.value_deprecations
    assert again.value_deprecations["algorithm"][0].deprecates("auto")
    assert not again.value_deprecations["algorithm"][0].deprecates(True)


def test_an_else_branch_deprecates_the_values_its_test_refuses():
    files = {"fakelib/__init__.py": '''
        import warnings

        def pick(kind="a", how="x"):
            if kind in ("a", "b"):
                pass
            else:
                warnings.warn("kinds other than 'a' and 'b' are deprecated", FutureWarning)
            if how not in ("x", "y"):
                pass
            else:
                warnings.warn("how is deprecated", FutureWarning)
            if how == "z":
                pass
            else:
                warnings.warn("how!", FutureWarning)
    '''}
    pick = snapshot(files).definitions["fakelib.pick"]
    # "x", the default, warns for calls that leave `how` out: no value a call passes
    assert _values(pick) == {"kind": [(("a", "b"), True)], "how": [(("y",), False)]}


def test_a_value_test_joined_to_a_data_test_or_of_the_default_is_no_value_deprecation():
    files = {"fakelib/__init__.py": '''
        import warnings

        class Imputer:
            def __init__(self, strategy="mean", keep_empty=False, n_splits="warn"):
                self.strategy = strategy
                self.keep_empty = keep_empty
                self.n_splits = n_splits

            def fit(self, X):
                if self.strategy == "constant" and not self.keep_empty and X.any():
                    warnings.warn("strategy='constant' will keep empty features", FutureWarning)
                if self.strategy == "median":
                    if X.any():
                        warnings.warn("strategy='median' with odd data is deprecated",
                                      FutureWarning)
                if self.n_splits == "warn":
                    warnings.warn("", FutureWarning)
    '''}
    init = snapshot(files).definitions["fakelib.Imputer.__init__"]
    assert init.value_deprecations == {}
    assert set(init.param_deprecations) == set()


def test_the_else_of_a_value_test_can_deprecate_the_parameter():
    files = {"fakelib/__init__.py": '''
        import warnings

        def group(by=None, axis=None):
            if axis is not None:
                if axis == 1:
                    warnings.warn("group with axis=1 is deprecated", FutureWarning)
                else:
                    warnings.warn("The 'axis' keyword in group is deprecated", FutureWarning)
    '''}
    group = snapshot(files).definitions["fakelib.group"]
    assert _values(group) == {"axis": [((1,), False)]}
    assert set(group.param_deprecations) == {"axis"}


def test_a_text_that_deprecates_the_parameter_keeps_it_deprecated_as_a_whole():
    files = {"fakelib/__init__.py": '''
        import warnings

        class Model:
            def __init__(self, multi_class="deprecated", loss="squared"):
                self.multi_class = multi_class
                self.loss = loss

            def fit(self, X):
                if self.multi_class in ("multinomial", "auto"):
                    warnings.warn("'multi_class' was deprecated in version 1.5", FutureWarning)
                if self.loss == "log":
                    warnings.warn("The loss 'log' was deprecated in v1.1", FutureWarning)
    '''}
    init = snapshot(files).definitions["fakelib.Model.__init__"]
    assert set(init.param_deprecations) == {"multi_class"}
    assert _values(init) == {"multi_class": [(("multinomial", "auto"), False)],
                             "loss": [(("log",), False)]}


def test_a_pair_passed_together_is_deprecated_not_either_parameter():
    files = {"fakelib/__init__.py": '''
        import warnings
        _no_default = object()

        def shift(periods=1, freq=None, fill_value=_no_default):
            if freq is not None and fill_value is not _no_default:
                warnings.warn("Passing a 'freq' together with a 'fill_value' is deprecated",
                              FutureWarning)

        def resample(obj, freq=None, fill_value=_no_default):
            return shift(1, freq, fill_value=fill_value)

        def window(a=None, b=None):
            if a is not None and b is not None:
                warnings.warn("this is deprecated", FutureWarning)  # names neither: data
    '''}
    definitions = snapshot(files).definitions
    shift = definitions["fakelib.shift"]
    assert not shift.param_deprecations
    [pair] = shift.value_deprecations["freq"]
    assert pair.together == ("fill_value",) and pair.values == ()
    [handed] = definitions["fakelib.resample"].value_deprecations["freq"]
    assert handed.together == ("fill_value",)
    assert not definitions["fakelib.window"].value_deprecations
