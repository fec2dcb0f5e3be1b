from __future__ import annotations

import pytest

V1 = {"lib/__init__.py": "def read(path, names=None, prefix=None):\n    pass\n"}
V2 = {"lib/__init__.py": """
    no_default = object()

    def read(path, names=no_default, prefix=no_default):
        if names is not no_default and prefix is not no_default:
            raise ValueError("names and prefix are mutually exclusive")
    """}


@pytest.fixture(scope="module")
def judge(judge_releases):
    return judge_releases({"1.0": V1, "2.0": V2})


def test_both_arguments_given_raise_at_the_target(judge):
    [finding] = judge("import lib\nlib.read('p', names=['a'], prefix='x')\n", "2.0", "1.0")
    assert finding.code == "CS102"
    assert "passing both `names` and `prefix` raises an error" in finding.message
    assert finding.evidence.exclusive == ("names", "prefix")


def test_one_of_them_is_fine(judge):
    assert judge("import lib\nlib.read('p', names=['a'])\n", "2.0", "1.0") == []


def test_a_wrapper_forwarding_its_own_parameters_is_not_judged(judge):
    source = ("import lib\n\ndef read(path, names, prefix):\n"
              "    return lib.read(path, names=names, prefix=prefix)\n")
    assert judge(source, "2.0", "1.0") == []
