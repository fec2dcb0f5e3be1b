from __future__ import annotations

import pytest

V1 = {"lib/__init__.py": """
    import warnings

    def _generate(start, **kwargs):
        pass

    def span(start, closed=None, **kwargs):
        return _generate(start, **kwargs)

    def keep(start, closed=None, **kwargs):
        pass
    """}
V15 = {"lib/__init__.py": V1["lib/__init__.py"].replace(
    "def span(start, closed=None, **kwargs):\n        return",
    "def span(start, closed=None, **kwargs):\n"
    "        if closed is not None:\n"
    "            warnings.warn('closed is deprecated, use inclusive', FutureWarning)\n"
    "        return").replace(
    "def keep(start, closed=None, **kwargs):\n        pass",
    "def keep(start, closed=None, **kwargs):\n"
    "        if closed is not None:\n"
    "            warnings.warn('closed is deprecated', FutureWarning)")}
V2 = {"lib/__init__.py": """
    def _generate(start, **kwargs):
        pass

    def span(start, inclusive="both", **kwargs):
        return _generate(start, **kwargs)

    def keep(start, inclusive="both", **kwargs):
        self_options = kwargs
    """}


@pytest.fixture(scope="module")
def judge(judge_releases):
    return judge_releases({"1.0": V1, "1.5": V15, "2.0": V2})


def test_a_deprecated_then_removed_keyword_is_incompatible_though_kwargs_takes_it(judge):
    [finding] = judge("import lib\nlib.span(1, closed='left')\n", "2.0", "1.5")
    assert finding.code == "CS102" and finding.changed_in == "2.0"
    assert "`closed` was deprecated, then removed in lib 2.0" in finding.message
    assert "use `inclusive`" in finding.message


def test_kwargs_that_are_only_stored_take_the_name_silently(judge):
    assert judge("import lib\nlib.keep(1, closed='left')\n", "2.0", "1.5") == []
