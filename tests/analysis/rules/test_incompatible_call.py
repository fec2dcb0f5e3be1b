from __future__ import annotations

import pytest

V1 = {"lib/__init__.py": "def load(path, sep=',', squeeze=None):\n    pass\n"}
V2 = {"lib/__init__.py": "def load(path, sep=','):\n    pass\n"}


@pytest.fixture(scope="module")
def judge(judge_releases):
    return judge_releases({"1.0": V1, "2.0": V2})


def test_a_keyword_the_target_lacks_is_reported_with_pythons_words(judge):
    [finding] = judge("import lib\nlib.load('p', squeeze=True)\n", "2.0", "1.0")
    assert finding.code == "CS102" and finding.changed_in == "2.0"
    assert "got an unexpected keyword argument 'squeeze'" in finding.message


def test_too_many_positionals_are_reported(judge):
    [finding] = judge("import lib\nlib.load('p', ';', True)\n", "2.0", "1.0")
    assert "takes 2 positional arguments but 3 were given" in finding.message


@pytest.mark.parametrize(("source", "baseline"), [
    ("import lib\nlib.load('p', sep=';')\n", "1.0"),
    ("import lib\nlib.load('p', nonsense=1)\n", "1.0"),  # did not fit its own baseline either
])
def test_calls_that_bind_or_never_did_are_quiet(judge, source, baseline):
    assert judge(source, "2.0", baseline) == []
