from __future__ import annotations

import pytest

V1 = {"lib/__init__.py": "def fit(x, n_init=10, copy=True):\n    pass\n"}
V2 = {"lib/__init__.py": "def fit(x, n_init='auto', copy=None):\n    pass\n"}


@pytest.fixture(scope="module")
def judge(judge_releases):
    return judge_releases({"1.0": V1, "2.0": V2})


def test_a_default_the_call_relies_on_changed(judge):
    [finding] = judge("import lib\nlib.fit(x)\n", "2.0", "1.0")
    assert finding.code == "CS202" and finding.severity == "info"
    assert "`n_init` 10 -> 'auto'" in finding.message
    assert "copy" not in finding.message  # None means "decided inside": not a concrete change


def test_passing_the_value_is_quiet(judge):
    assert judge("import lib\nlib.fit(x, n_init=10)\n", "2.0", "1.0") == []


def test_two_kinds_on_one_range_are_one_finding(judge_releases):
    judge = judge_releases({
        "1.0": {"lib/__init__.py": "def swap(a, copy=True):\n    pass\n"},
        "2.0": {"lib/__init__.py": "import warnings\n\ndef swap(a, copy=False):\n"
                                   "    warnings.warn('swap is deprecated', DeprecationWarning)\n"}})
    [finding] = judge("import lib\nlib.swap(x)\n", "2.0", "1.0")
    assert finding.code == "CS201"
    assert "also: `lib.swap()` relies on default" in finding.message
