from __future__ import annotations

import pytest

V1 = {"lib/__init__.py": "def read(path, squeeze=None):\n    pass\n"}
V2 = {"lib/__init__.py": """
    import warnings

    def read(path, squeeze=None):
        if squeeze is not None:
            warnings.warn("The squeeze argument has been deprecated", FutureWarning)
    """}


@pytest.fixture(scope="module")
def judge(judge_releases):
    return judge_releases({"1.0": V1, "2.0": V2})


def test_a_deprecated_keyword_is_reported_on_the_keyword(judge):
    source = "import lib\nlib.read('p', squeeze=True)\n"
    [finding] = judge(source, "2.0", "1.0")
    assert finding.code == "CS201" and finding.evidence.keyword == "squeeze"
    assert "the `squeeze` argument of `lib.read()` is deprecated" in finding.message
    assert finding.column == source.splitlines()[1].index("squeeze")


def test_the_call_without_it_is_quiet(judge):
    assert judge("import lib\nlib.read('p')\n", "2.0", "1.0") == []
