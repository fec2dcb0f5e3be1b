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


W1 = {"lib/__init__.py": "def write(data, line_terminator=None, squeeze=None):\n    pass\n"}
W15 = {"lib/__init__.py": """
    import warnings

    def write(data, line_terminator=None, lineterminator=None, squeeze=None):
        if line_terminator is not None:
            warnings.warn("line_terminator is deprecated, use lineterminator", FutureWarning)
        if squeeze is not None:
            warnings.warn("The squeeze argument has been deprecated. Append .squeeze() to "
                          "the call instead.", FutureWarning)
    """}
W2 = {"lib/__init__.py": "def write(data, lineterminator=None):\n    pass\n"}


@pytest.fixture(scope="module")
def judge_write(judge_releases):
    return judge_releases({"1.0": W1, "1.5": W15, "2.0": W2})


def test_the_range_is_the_keyword_even_lines_below_the_callee(judge_write):
    source = "import lib\nlib.write(\n    1,\n    line_terminator='x',\n)\n"
    [finding] = judge_write(source, "2.0", "1.0")
    assert (finding.line, finding.column, finding.end_line) == (4, 4, 4)


def test_a_keyword_removed_after_its_deprecation_gets_the_deprecations_advice(judge_write):
    [renamed] = judge_write("import lib\nlib.write(1, line_terminator='x')\n", "2.0", "1.0")
    assert renamed.message.endswith("; use `lineterminator`")
    [squeezed] = judge_write("import lib\nlib.write(1, squeeze=True)\n", "2.0", "1.0")
    assert "it was deprecated: Append .squeeze() to the call instead." in squeezed.message
