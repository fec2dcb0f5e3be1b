from __future__ import annotations

import pytest

V1 = {"lib/__init__.py": "def product(a):\n    pass\n\ndef prod(a):\n    pass\n"}
V2 = {"lib/__init__.py": """
    import warnings

    def product(a):
        warnings.warn("product is deprecated, use prod instead", DeprecationWarning)

    def prod(a):
        pass
    """}


@pytest.fixture(scope="module")
def judge(judge_releases):
    return judge_releases({"1.0": V1, "2.0": V2})


def test_a_deprecated_function_says_since_when_and_what_to_use(judge):
    [finding] = judge("import lib\nlib.product([1])\n", "2.0", "1.0")
    assert finding.code == "CS201" and finding.severity == "warning"
    assert "`lib.product` is deprecated since 2.0" in finding.message
    assert "use `" in finding.message and "prod" in finding.message.split("use `")[1]


def test_before_the_deprecation_it_is_quiet(judge):
    assert judge("import lib\nlib.product([1])\n", "1.0") == []
