"""Deprecated values that hold only where a flag is true (``if is_period and name in TABLE``),
and spellings of them (``if name.upper() != name`` inside that test: ``'m'``, not ``'M'``),
read from a compiled function's ``.pyx`` and from Python, and handed on to the callers that
pass the flag ``True`` or one of their own parameters; values of a deprecated type
(``if is_float(periods)``)."""

from __future__ import annotations

import pytest

from codesync.knowledge.model import Definition
from helpers.fakelib import snapshot

FILES = {
    "fakelib/__init__.py": '''
        from ._offsets import to_offset
        from .ranges import date_range, period_range, convert, unknown, strict_check
        from .periods import timedelta_range, by_data, named_check, xs, sort_values, iqr
    ''',
    "fakelib/ranges.py": '''
        import warnings
        from ._offsets import to_offset

        def _generate(start, freq):
            return to_offset(freq, is_period=True)

        def period_range(start=None, freq=None):
            return _generate(start, freq)

        def date_range(start=None, freq=None):
            return to_offset(freq)

        def convert(freq=None, is_period=False):
            return to_offset(freq, is_period=is_period)

        def unknown(freq=None, mode=None):
            return to_offset(freq, is_period=mode == "p")

        def strict_check(method=None, strict=False):
            if strict and method in ("pad", "backfill"):
                warnings.warn(f"method='{method}' is deprecated", FutureWarning)
    ''',
    "fakelib/periods.py": '''
        import warnings
        from ._lib import is_float, is_integer

        def _validate_periods(periods):
            if periods is not None:
                if is_float(periods):
                    warnings.warn("Non-integer 'periods' are deprecated", FutureWarning)
                    periods = int(periods)
                elif not is_integer(periods):
                    raise TypeError(periods)
            return periods

        def timedelta_range(start=None, periods=None):
            return _validate_periods(periods)

        def by_data(x=None, data=None):
            if data.any():
                if isinstance(x, float):
                    warnings.warn("a float x is deprecated", FutureWarning)

        def xs(key=None):
            if isinstance(key, list):
                warnings.warn("Passing lists as key is deprecated", FutureWarning)

        def sort_values(by=None):
            return xs(by)

        def iqr(x, scale=1.0):
            if isinstance(scale, str):
                scale_key = scale.lower()
                if scale_key == "raw":
                    warnings.warn("The use of scale=raw is deprecated", FutureWarning)

        def named_check(x=None):
            if isinstance(x, str) and x in ("a", "b"):
                warnings.warn("x='a' is deprecated", FutureWarning)
    ''',
    "fakelib/_lib.py": '''
        def is_float(x): ...
        def is_integer(x): ...
    ''',
    "fakelib/_offsets.pyi": '''
        def to_offset(freq, is_period: bool = ...): ...
    ''',
    "fakelib/_offsets.pyx": '''
        import re
        import warnings

        cdef dict c_DEPR = {"M": "ME", "Q-SEP": "QE-SEP"}
        opattern = re.compile(r"(\\d*)([A-Za-z]+(?:-[A-Za-z]+)?)")

        cpdef to_offset(freq, bint is_period=False):
            split = opattern.split(freq)
            for n, (sep, stride, name) in enumerate(zip(split[0::3], split[1::3], split[2::3])):
                if not is_period and name.upper() in c_DEPR:
                    warnings.warn(f"'{name}' is deprecated, use '{c_DEPR.get(name.upper())}'",
                                  FutureWarning)
                elif is_period and name.upper() in c_DEPR:
                    if name.upper().startswith("Q"):
                        warnings.warn("quarters are deprecated", FutureWarning)
                    if name.upper() != name:
                        warnings.warn(f"'{name}' is deprecated, please use '{name.upper()}'",
                                      FutureWarning)
    ''',
}


@pytest.fixture(scope="module")
def definitions() -> dict[str, Definition]:
    return snapshot(FILES).definitions


def _items(record: Definition, name: str, value: object) -> list:
    return [v for v in record.value_deprecations.get(name, ()) if v.deprecates(value)]


def test_a_spelling_test_takes_its_values_from_the_enclosing_flag_test(definitions):
    record = definitions["fakelib._offsets.to_offset"]
    [spelled] = [v for v in record.value_deprecations["freq"] if v.when]
    assert spelled.when == ("is_period",) and spelled.refold and not spelled.unless
    assert spelled.deprecates("2m") and spelled.deprecates("2q-sep")
    assert not spelled.deprecates("2M") and not spelled.deprecates("Q-SEP")
    assert spelled.replaced("2m") == "2M" and spelled.replaced("2q-sep") == "2Q-SEP"
    assert "please use '{name.upper()}'" in spelled.deprecation.message
    # ``name.upper().startswith("Q")`` names no values: data decides
    assert not any("quarters" in v.deprecation.message for v in record.value_deprecations["freq"])


def test_callers_that_pass_the_flag_true_hold_the_values_without_it(definitions):
    [item] = _items(definitions["fakelib.ranges.period_range"], "freq", "2m")
    assert item.refold and not item.when and not item.unless
    assert not _items(definitions["fakelib.ranges.period_range"], "freq", "2M")


def test_a_caller_handing_on_its_own_flag_keeps_the_condition(definitions):
    [item] = [v for v in definitions["fakelib.ranges.convert"].value_deprecations["freq"]
              if v.refold]
    assert item.when == ("is_period",)


def test_callers_that_leave_the_flag_out_or_compute_it_do_not_hold_the_values(definitions):
    assert not any(v.when or v.refold for v in
                   definitions["fakelib.ranges.date_range"].value_deprecations["freq"])
    assert not any(v.when or v.refold for v in
                   definitions["fakelib.ranges.unknown"].value_deprecations.get("freq", ()))


def test_a_true_flag_beside_a_value_test_in_python(definitions):
    [item] = definitions["fakelib.ranges.strict_check"].value_deprecations["method"]
    assert item.when == ("strict",) and item.values == ("pad", "backfill")
    assert "strict" not in definitions["fakelib.ranges.strict_check"].param_deprecations


def test_a_value_of_a_deprecated_type_travels_to_callers(definitions):
    [item] = definitions["fakelib.periods.timedelta_range"].value_deprecations["periods"]
    assert item.of_types == ("float",) and item.deprecates(10.5)
    assert not item.deprecates(10) and not item.deprecates(None)
    assert "periods" not in definitions["fakelib.periods.timedelta_range"].param_deprecations
    assert not definitions["fakelib.periods.by_data"].value_deprecations  # data decides
    [named] = definitions["fakelib.periods.named_check"].value_deprecations["x"]
    assert named.values == ("a", "b") and not named.of_types  # a value test beside it


def test_a_deprecated_container_type_stays_with_the_callee(definitions):
    [item] = definitions["fakelib.periods.xs"].value_deprecations["key"]
    assert item.of_types == ("list",) and "key" not in definitions[
        "fakelib.periods.xs"].param_deprecations  # lists only: not the parameter
    assert not definitions["fakelib.periods.sort_values"].value_deprecations  # by = by[0]


def test_a_folded_copy_of_the_parameter_compares_its_spellings(definitions):
    [item] = definitions["fakelib.periods.iqr"].value_deprecations["scale"]
    assert item.values == ("raw",) and item.fold == "lower"
    assert item.deprecates("raw") and item.deprecates("RAW") and not item.deprecates(1.0)
    assert "scale" not in definitions["fakelib.periods.iqr"].param_deprecations
