"""A deprecation the library warns of under a test of the data a call hands it (an array's
dtype) is known but not reported: no reading of the call tells whether this one warns.
``explain`` lists it, with the releases that warn, and hover says the function may warn."""

from __future__ import annotations

import pytest

FILTERS_V1 = """
    import numpy as np

    def medfilt(volume, kernel_size=None):
        return np.atleast_1d(volume)

    def medfilt2d(input, kernel_size=3):
        image = np.asarray(input)
        if image.dtype.type not in (np.ubyte, np.double):
            return medfilt(image, kernel_size)
        return image
"""
FILTERS_V2 = """
    import warnings
    import numpy as np

    def medfilt(volume, kernel_size=None):
        volume = np.atleast_1d(volume)
        if volume.dtype.char in ["O", "g"]:
            warnings.warn(f"Using medfilt with arrays of dtype {volume.dtype} is deprecated "
                          "in lib 2.0 and will be removed in lib 4.0", DeprecationWarning)
        return volume

    def medfilt2d(input, kernel_size=3):
        image = np.asarray(input)
        if image.dtype.type not in (np.ubyte, np.double):
            return medfilt(image, kernel_size)
        return image
"""
INIT = "from .filters import medfilt, medfilt2d\n"
RELEASES = {"1.0": {"lib/__init__.py": INIT, "lib/filters.py": FILTERS_V1},
            "2.0": {"lib/__init__.py": INIT, "lib/filters.py": FILTERS_V2},
            "3.0": {"lib/__init__.py": INIT, "lib/filters.py": FILTERS_V1}}


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory):
    from helpers.fakelib import make_knowledge

    return make_knowledge(tmp_path_factory.mktemp("conditional"), "lib", RELEASES)


def test_the_call_is_not_judged(knowledge):
    from codesync.analysis.checker import Checker, VersionContext

    source = "import lib\nlib.medfilt([1, 2, 3], 3)\nlib.medfilt2d([[1]])\n"
    for target, baseline in (("2.0", "1.0"), ("2.0", None), ("3.0", "2.0")):
        versions = VersionContext.of({"lib": target}, {"lib": baseline} if baseline else {})
        assert Checker(knowledge, versions).check_source(source, "t.py").findings == []


def test_explain_lists_it_with_the_releases_that_warn(knowledge):
    from codesync.analysis.api_history import HistoryBuilder
    from codesync.explain import render

    for name in ("lib.medfilt", "lib.medfilt2d"):  # the caller may warn too
        text = render(HistoryBuilder(knowledge).build(name))
        assert "may warn, depending on the data given, since 2.0, planned removal 4.0, " \
               "last warned in 2.0" in text
        assert "Using medfilt with arrays of dtype" in text


def test_hover_says_the_function_may_warn(knowledge):
    from codesync.analysis.checker import Checker, VersionContext
    from codesync.hover_text import hover_markdown

    source = "import lib\nlib.medfilt([1, 2, 3], 3)\n"
    told = "May warn, depending on the data given: Using medfilt with arrays of dtype"
    for target, says in (("2.0", True), ("1.0", False), ("3.0", False)):
        checker = Checker(knowledge, VersionContext.of({"lib": target}, {}))
        text = hover_markdown(checker, source, "t.py", 2, 6)
        assert text is not None and (told in text) == says, text
