from __future__ import annotations

import pytest

V1 = {"lib/__init__.py": "def drop(labels, axis=0, inplace=False):\n    pass\n"}
V2 = {"lib/__init__.py": """
    from ._decorators import deprecate_nonkeyword_arguments

    @deprecate_nonkeyword_arguments(version=None, allowed_args=["labels"])
    def drop(labels, axis=0, inplace=False):
        pass
    """, "lib/_decorators.py": "def deprecate_nonkeyword_arguments(version, allowed_args):\n"
                               "    pass\n"}


@pytest.fixture(scope="module")
def judge(judge_releases):
    return judge_releases({"1.0": V1, "2.0": V2})


def test_more_positionals_than_allowed_is_deprecated(judge):
    [finding] = judge("import lib\nlib.drop('a', 1)\n", "2.0", "1.0")
    assert finding.code == "CS201" and finding.evidence.positional_limit == 1
    assert "passing more than 1 positional argument to `lib.drop()` is deprecated" in finding.message


def test_keywords_beyond_the_limit_are_fine(judge):
    assert judge("import lib\nlib.drop('a', axis=1)\n", "2.0", "1.0") == []


STAR_V1 = {"lib/__init__.py": "class R:\n    def sum(self, numeric_only=False, *args):\n"
                              "        return 0\n"}
STAR_V2 = {"lib/__init__.py": """
    import warnings

    def _warn_extra(args):
        if len(args) > 0:
            warnings.warn("Passing additional args is deprecated", FutureWarning)

    class R:
        def sum(self, numeric_only=False, *args):
            _warn_extra(args)
            return 0
    """}


def test_extra_positionals_into_a_warned_star_args(judge_releases):
    judge = judge_releases({"1.0": STAR_V1, "2.0": STAR_V2})
    source = "import lib\nlib.R().sum(False, 1, 2)\nlib.R().sum(False)\n"
    [finding] = judge(source, "2.0", "1.0")
    assert finding.code == "CS201" and finding.evidence.positional_limit == 1
    assert "the extra ones have no named parameter" in finding.message
