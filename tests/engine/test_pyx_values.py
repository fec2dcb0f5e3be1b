"""Deprecated values a compiled function warns about, read from its ``.pyx``: the parts of a
string it splits and looks up in C-level tables (its own or cimported), with a flag that
turns a test off (``not is_period``), handed to the Python callers that pass the parameter
on; and the type test of a value (``not isinstance(na, bool)``)."""

from __future__ import annotations

from codesync.knowledge.model import Definition
from helpers.fakelib import snapshot

FILES = {
    "fakelib/__init__.py": '''
        from ._offsets import to_offset
        from .ranges import asfreq, date_range, period_range, contains
    ''',
    "fakelib/ranges.py": '''
        import warnings
        from ._offsets import to_offset

        def date_range(start=None, periods=None, freq=None):
            return to_offset(freq)

        def period_range(start=None, periods=None, freq=None):
            return to_offset(freq, is_period=True)

        def asfreq(obj, freq=None):
            from ._offsets import to_offset as convert  # imported in the body
            return convert(freq)

        def resample(obj, freq=None):
            if isinstance(obj, list):  # periods: another callee allows 'M'
                return obj
            else:
                return to_offset(freq)

        def contains(pat, na=None):
            if na is not None and not isna(na) and not isinstance(na, bool):
                warnings.warn("Allowing a non-bool 'na' is deprecated", FutureWarning)

        def get_group(name, level=None):
            if is_list_like(level):
                if not isinstance(name, tuple):
                    warnings.warn("pass a length-1 tuple to get_group", FutureWarning)
    ''',
    "fakelib/_offsets.pyi": '''
        def to_offset(freq, is_period: bool = ...): ...
    ''',
    "fakelib/_tables.pyx": '''
        cdef dict c_OFFSET_DEPR = {
            "M": "ME",
            "Q": "QE",
        }
        cdef dict c_ABBREVS = {"H": "h", "T": "min"}
    ''',
    "fakelib/_offsets.pyx": '''
        import re
        import warnings
        from fakelib._tables cimport (
            c_ABBREVS,
            c_OFFSET_DEPR,
        )

        opattern = re.compile(r"(\\d*)([A-Za-z]+)")

        cpdef to_offset(freq, bint is_period=False):
            cdef:
                int n
            cdef str prefix = ""
            split = opattern.split(<str>freq)
            for n, (sep, stride, name) in enumerate(zip(split[0::4], split[1::4])):
                if not is_period and name.upper() in c_OFFSET_DEPR:
                    warnings.warn(f"'{name}' is deprecated, use "
                                  f"'{c_OFFSET_DEPR.get(name.upper())}'", FutureWarning)
                    name = c_OFFSET_DEPR[name.upper()]
                prefix = name
                if prefix in c_ABBREVS:
                    warnings.warn(f"'{prefix}' is deprecated, use '{c_ABBREVS[prefix]}'",
                                  FutureWarning)
    ''',
}


def _definitions() -> dict[str, Definition]:
    return snapshot(FILES).definitions


def _deprecated(record: Definition, name: str, value: object) -> bool:
    return any(v.deprecates(value) for v in record.value_deprecations.get(name, ()))


def test_a_compiled_function_deprecates_parts_of_a_string_from_cimported_tables():
    record = _definitions()["fakelib._offsets.to_offset"]
    assert _deprecated(record, "freq", "2H") and _deprecated(record, "freq", "19h12T")
    assert _deprecated(record, "freq", "2m")  # ``name.upper() in TABLE``
    assert not _deprecated(record, "freq", "2h") and not _deprecated(record, "freq", "ME")
    [folded] = [v for v in record.value_deprecations["freq"] if v.fold]
    assert folded.unless == ("is_period",) and folded.replaced("2m") == "2ME"
    assert "c_OFFSET_DEPR" not in str(snapshot(FILES).exports)  # a C table is no attribute


def test_the_parts_reach_callers_unless_they_pass_the_flag_that_turns_them_off():
    definitions = _definitions()
    date_range = definitions["fakelib.ranges.date_range"]
    period_range = definitions["fakelib.ranges.period_range"]
    assert _deprecated(date_range, "freq", "2M") and _deprecated(date_range, "freq", "H")
    assert not _deprecated(period_range, "freq", "M")  # valid for periods
    assert _deprecated(period_range, "freq", "2H")  # the abbreviations hold for both
    assert _deprecated(definitions["fakelib.ranges.asfreq"], "freq", "2M")
    resample = definitions["fakelib.ranges.resample"]  # the data's type picks the branch
    assert not _deprecated(resample, "freq", "M") and _deprecated(resample, "freq", "H")


def test_a_type_test_deprecates_literals_of_other_types_only_where_it_is_the_only_guard():
    definitions = _definitions()
    contains = definitions["fakelib.ranges.contains"]
    assert _deprecated(contains, "na", "foo") and _deprecated(contains, "na", 0)
    assert not _deprecated(contains, "na", True)
    assert "na" not in contains.param_deprecations  # some values, not the parameter
    assert not definitions["fakelib.ranges.get_group"].value_deprecations  # data decides
