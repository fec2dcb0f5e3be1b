"""A deprecation warned under a test of the data a function is given (an array's dtype, the
contents of a frame) is kept as a conditional deprecation: the knowledge knows it, the checker
cannot tell it from a call. A function handing its parameters to such a function (in the same
module or another) may warn too, one call deep; warnings the knowledge reads otherwise (a
parameter deprecation, deprecated values, a default notice) are not kept twice."""

from __future__ import annotations

from helpers.fakelib import snapshot

FILES = {
    "fakelib/__init__.py": '''
        from .filters import medfilt, medfilt2d, rank, plain, quiet, interpolate
        from .frames import group
    ''',
    "fakelib/filters.py": '''
        import warnings
        import numpy as np

        def medfilt(volume, kernel_size=None):
            volume = np.atleast_1d(volume)
            if volume.dtype.char in ["O", "g"]:
                mesg = (f"Using medfilt with arrays of dtype {volume.dtype} is "
                        f"deprecated in FakeLib 1.1 and will be removed in FakeLib 1.3")
                warnings.warn(mesg, DeprecationWarning, stacklevel=2)
            return volume

        def medfilt2d(input, kernel_size=3):
            image = np.asarray(input)
            if image.dtype.type not in (np.ubyte, np.double):
                return medfilt(image, kernel_size)
            return image

        def rank(data, method="average", old=None):
            if old is not None:
                warnings.warn("`old` is deprecated", DeprecationWarning)
            if method == "first":
                warnings.warn("method='first' is deprecated", DeprecationWarning)
            return data

        def plain(data):
            return data

        def interpolate(data, method="linear"):
            fill_methods = ["ffill", "pad"]
            if method.lower() in fill_methods:
                warnings.warn(f"interpolate with method={method} is deprecated", FutureWarning)
            return data

        def quiet(source, encoding="utf-8"):
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", category=FutureWarning)
                if encoding:
                    warnings.simplefilter("ignore", DeprecationWarning)
            return source
    ''',
    "fakelib/frames.py": '''
        import warnings
        from .filters import medfilt

        def _check(frame):
            if frame.ndim > 2:
                warnings.warn("Grouping frames of three dimensions is deprecated",
                              FutureWarning)

        def _outer(frame):
            return _check(frame)

        def group(frame, size=3):
            _check(frame)
            return medfilt(frame, size)

        def deep(frame, size=3):
            return _outer(frame)
    ''',
}


def _messages(definition) -> list[str]:
    return [d.message for d in definition.conditional_deprecations]


def test_a_warning_under_a_data_test_is_kept_and_the_call_judges_nothing():
    definitions = snapshot(FILES).definitions
    medfilt = definitions["fakelib.filters.medfilt"]
    assert medfilt.deprecated is None and not medfilt.param_deprecations
    [found] = medfilt.conditional_deprecations
    assert found.message.startswith("Using medfilt with arrays of dtype")
    assert found.since == "1.1" and found.removal == "1.3" and found.form == "warn"


def test_callers_that_hand_on_parameters_may_warn_one_call_deep():
    definitions = snapshot(FILES).definitions
    [inherited] = definitions["fakelib.filters.medfilt2d"].conditional_deprecations
    assert inherited.form == "callee-warn" and "medfilt with arrays" in inherited.message
    group = definitions["fakelib.frames.group"]  # a helper here and a function of another module
    assert sorted(_messages(group)) == sorted([
        "Grouping frames of three dimensions is deprecated",
        definitions["fakelib.filters.medfilt"].conditional_deprecations[0].message])
    assert definitions["fakelib.frames.deep"].conditional_deprecations == []  # two calls deep
    assert definitions["fakelib.filters.plain"].conditional_deprecations == []


def test_warnings_read_as_parameters_or_values_are_not_kept_twice():
    rank = snapshot(FILES).definitions["fakelib.filters.rank"]
    assert "old" in rank.param_deprecations
    assert rank.value_deprecations["method"][0].values == ("first",)
    assert rank.conditional_deprecations == []


def test_a_table_the_function_binds_itself_gives_the_deprecated_values():
    interpolate = snapshot(FILES).definitions["fakelib.filters.interpolate"]
    [values] = interpolate.value_deprecations["method"]
    assert values.values == ("ffill", "pad") and values.fold == "lower"
    assert not interpolate.param_deprecations and not interpolate.conditional_deprecations


def test_the_record_survives_the_store_round_trip():
    from codesync.knowledge.definition_check import check_definition, plainly_valid
    from codesync.knowledge.model import Definition

    medfilt = snapshot(FILES).definitions["fakelib.filters.medfilt"]
    row = medfilt.to_json()
    assert plainly_valid(row)
    check_definition(medfilt.path, row)
    assert Definition.from_json(medfilt.path, row) == medfilt


def test_a_warning_filter_is_no_warning():
    quiet = snapshot(FILES).definitions["fakelib.filters.quiet"]
    assert quiet.deprecated is None and not quiet.param_deprecations
    assert quiet.conditional_deprecations == []
