from __future__ import annotations

import pytest

V1 = {"lib/__init__.py": "def resample(x, factor=2):\n    pass\n"}
V2 = {"lib/__init__.py": "def resample(x, axis=0, factor=2):\n    pass\n"}


@pytest.fixture(scope="module")
def judge(judge_releases):
    return judge_releases({"1.0": V1, "2.0": V2})


def test_a_positional_that_lands_on_a_new_parameter(judge):
    [finding] = judge("import lib\nlib.resample(d, 3)\n", "2.0", "1.0")
    assert finding.code == "CS103" and finding.changed_in == "2.0"
    assert "positional argument 2 now binds to `axis` instead of `factor`" in finding.message


@pytest.mark.parametrize("source", ["import lib\nlib.resample(d, factor=3)\n",
                                    "import lib\nlib.resample(d)\n"])
def test_keywords_and_untouched_slots_keep_their_meaning(judge, source):
    assert judge(source, "2.0", "1.0") == []


def test_without_a_baseline_there_is_nothing_to_compare(judge):
    assert judge("import lib\nlib.resample(d, 3)\n", "2.0") == []
