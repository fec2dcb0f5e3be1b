"""CS201 for a deprecated literal value of a parameter: reported on the value, with the
release and the library's advice; fixed only where the library's table names the value to
use."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers.fake_core import write_knowledge

V1 = {"lib/__init__.py": """
    def date_range(start=None, periods=None, freq="D"):
        pass

    class KMeans:
        def __init__(self, n_clusters=8, algorithm="lloyd"):
            self.algorithm = algorithm

        def fit(self, X):
            return self
    """}
V2 = {"lib/__init__.py": """
    import warnings

    _DEPRECATED = {"H": "h", "T": "min"}

    def date_range(start=None, periods=None, freq="D"):
        if freq in _DEPRECATED:
            warnings.warn(f"'{freq}' is deprecated, please use '{_DEPRECATED[freq]}' instead.",
                          FutureWarning)

    class KMeans:
        def __init__(self, n_clusters=8, algorithm="lloyd"):
            self.algorithm = algorithm

        def fit(self, X):
            self._algorithm = self.algorithm
            if self._algorithm in ("auto", "full"):
                warnings.warn(f"algorithm='{self._algorithm}' is deprecated, it will be "
                              "removed in 2.3. Using 'lloyd' instead.", FutureWarning)
            return self
    """}
RELEASES = {"1.0": V1, "2.0": V2, "2.1": V2}


@pytest.fixture(scope="module")
def judge(judge_releases):
    return judge_releases(RELEASES)


def test_a_deprecated_value_is_reported_on_the_value_with_the_table_s_successor(judge):
    source = "import lib\nlib.date_range('2024', periods=3, freq='H')\n"
    [finding] = judge(source, "2.1", "1.0")
    assert finding.code == "CS201"
    assert finding.message.startswith("passing `freq='H'` to `lib.date_range()` is deprecated "
                                      "since 2.0")
    assert finding.message.endswith("; use `freq='h'`")
    assert finding.column == source.splitlines()[1].index("'H'")
    assert finding.evidence.value_replacement == "h"


@pytest.mark.parametrize("call", ["lib.date_range('2024', freq='h')", "lib.date_range(freq=f)",
                                  "lib.date_range('2024')", "lib.KMeans(algorithm='lloyd')",
                                  "lib.KMeans(3, 'elkan')"])
def test_other_values_and_names_are_quiet(judge, call):
    assert judge(f"import lib\n{call}\n", "2.1", "1.0") == []


def test_a_positional_value_and_a_constructor_parameter_warned_in_a_method(judge):
    [finding] = judge("import lib\nlib.KMeans(3, 'auto').fit(x)\n", "2.1")
    assert "passing `algorithm='auto'` to `lib.KMeans()` is deprecated" in finding.message
    assert "algorithm='auto' is deprecated, it will be removed in 2.3" in finding.message
    assert finding.evidence.value_replacement is None  # no table: no fix
    assert finding.evidence.deprecation.replacement is None


def test_the_release_before_the_deprecation_is_quiet(judge):
    assert judge("import lib\nlib.date_range(freq='H')\n", "1.0") == []


def test_check_and_fix_on_a_project(tmp_path_factory):
    """End to end: ``codesync check`` reports the value; ``codesync fix`` writes 'h'."""
    root = write_knowledge(tmp_path_factory.mktemp("knowledge") / "api", "lib",
                           {"1.0": V1, "2.0": V2})
    project = tmp_path_factory.mktemp("project")
    (project / "pyproject.toml").write_text('[tool.codesync]\ntarget = { lib = "2.0" }\n')
    (project / "main.py").write_text('import lib\nlib.date_range(freq="H")\n'
                                     'lib.KMeans(algorithm="full")\n')
    env = {**os.environ, "CODESYNC_KNOWLEDGE": str(root),
           "CODESYNC_CACHE": str(tmp_path_factory.mktemp("cache"))}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "codesync.cli", *args], cwd=project,
                              env=env, capture_output=True, text=True, timeout=120)

    checked = run("check", "main.py")
    assert checked.returncode == 0, checked.stderr  # warnings: the check passes
    lines = checked.stdout.splitlines()
    assert any(line.startswith("main.py:2:21: CS201 [*]") for line in lines), checked.stdout
    assert any(line.startswith("main.py:3:22: CS201") and "[*]" not in line
               for line in lines), checked.stdout
    fixed = run("fix", "main.py")
    assert fixed.returncode == 0, fixed.stderr
    assert (project / "main.py").read_text() == ('import lib\nlib.date_range(freq="h")\n'
                                                 'lib.KMeans(algorithm="full")\n')


def test_a_parameter_deprecated_as_a_whole_is_reported_once(judge_releases):
    warns = {"lib/__init__.py": """
        import warnings

        def fill(a, method=None):
            if method is not None:
                warnings.warn("the 'method' keyword is deprecated", FutureWarning)
            if method == "pad":
                warnings.warn("method='pad' is deprecated", FutureWarning)
        """}
    judge = judge_releases({"1.0": {"lib/__init__.py": "def fill(a, method=None):\n    pass\n"},
                            "2.0": warns})
    [finding] = judge("import lib\nlib.fill(1, method='pad')\n", "2.0", "1.0")
    assert "the `method` argument of `lib.fill()` is deprecated" in finding.message
    [positional] = judge("import lib\nlib.fill(1, 'pad')\n", "2.0", "1.0")
    assert "passing `method='pad'`" in positional.message


@pytest.mark.parametrize(("call", "target", "reported"), [
    ("KMeans(8, algorithm='full')", {"scikit-learn": "1.2.2"}, True),
    ("KMeans(algorithm='lloyd')", {"scikit-learn": "1.2.2"}, False),
    ("KMeans(algorithm='full')", {"scikit-learn": "1.0.2"}, False),  # before it was deprecated
    ("pd.to_datetime(s, errors='ignore')", {"pandas": "2.2.3"}, True),
    ("pd.to_datetime(s, errors='coerce')", {"pandas": "2.2.3"}, False),
    ("pd.period_range('2024-01', periods=3, freq='2m')", {"pandas": "2.3.3"}, True),
    ("pd.period_range('2024-01', periods=3, freq='2M')", {"pandas": "2.3.3"}, False),
    ("pd.date_range('2024-01', periods=3, freq='2m')", {"pandas": "2.3.3"}, True),  # 'ME'
    ("pd.timedelta_range('1 day', periods=10.5)", {"pandas": "2.3.3"}, True),
    ("pd.timedelta_range('1 day', periods=10)", {"pandas": "2.3.3"}, False),
    ("pd.Series([1]).resample('D').sum(False, 0, 1)", {"pandas": "2.3.3"}, True),
    ("pd.Series([1]).resample('D').sum(False, 0)", {"pandas": "2.3.3"}, False),
])
def test_values_deprecated_in_the_shipped_knowledge(call, target, reported):
    from codesync.analysis.checker import Checker, VersionContext
    from codesync.knowledge.store import open_knowledge

    source = f"import pandas as pd\nfrom sklearn.cluster import KMeans\n{call}\n"
    findings = Checker(open_knowledge(), VersionContext.of(target, {})).check_source(
        source, "t.py").findings
    deprecations = [f.code for f in findings if f.code != "CS202"]  # n_init's notice aside
    assert deprecations == (["CS201"] if reported else []), findings


def test_explain_lists_the_deprecated_values(tmp_path_factory):
    from codesync.analysis.api_history import HistoryBuilder
    from codesync.explain import render
    from helpers.fakelib import make_knowledge

    knowledge = make_knowledge(tmp_path_factory.mktemp("explain"), "lib", RELEASES)
    text = render(HistoryBuilder(knowledge).build("lib.KMeans"))
    assert "values 'auto', 'full' of parameter `algorithm` deprecated since 2.0" in text


PARTS = {"lib/__init__.py": """
    import re
    import warnings

    _DEPRECATED = {"M": "ME"}
    _pattern = re.compile(r"(\\\\d*)([A-Za-z]+)")

    def to_offset(freq, is_period=False):
        for name in _pattern.split(freq):
            if not is_period and name.upper() in _DEPRECATED:
                warnings.warn(f"'{name}' is deprecated, use '{_DEPRECATED[name.upper()]}'",
                              FutureWarning)

    def contains(pat, na=None):
        if na is not None and not isinstance(na, bool):
            warnings.warn("Allowing a non-bool 'na' is deprecated", FutureWarning)
    """}
BEFORE_PARTS = {"lib/__init__.py": """
    def to_offset(freq, is_period=False):
        pass

    def contains(pat, na=None):
        pass
    """}


@pytest.fixture(scope="module")
def judge_parts(judge_releases):
    return judge_releases({"1.0": BEFORE_PARTS, "2.0": PARTS})


def test_a_deprecated_part_of_a_string_is_reported_with_the_string_rewritten(judge_parts):
    [finding] = judge_parts("import lib\nlib.to_offset('2m')\n", "2.0", "1.0")
    assert finding.code == "CS201" and finding.message.endswith("; use `freq='2ME'`")
    assert finding.evidence.value_replacement == "2ME"


@pytest.mark.parametrize("call", ["lib.to_offset('2ME')", "lib.to_offset('M', is_period=True)",
                                  "lib.to_offset('M', True)", "lib.contains('a', na=True)",
                                  "lib.contains('a', na=f)"])
def test_a_flag_that_turns_the_warning_off_and_allowed_types_are_quiet(judge_parts, call):
    assert judge_parts(f"import lib\n{call}\n", "2.0", "1.0") == []


def test_a_literal_of_another_type_than_the_test_allows_is_reported(judge_parts):
    [finding] = judge_parts("import lib\nlib.contains('a', na='foo')\n", "2.0", "1.0")
    assert "passing `na='foo'`" in finding.message
    assert "Allowing a non-bool 'na' is deprecated" in finding.message


def test_a_pair_deprecated_together_is_reported_only_when_both_are_passed(judge_releases):
    warns = {"lib/__init__.py": """
        import warnings
        _no_default = object()

        def shift(periods=1, freq=None, fill_value=_no_default):
            if freq is not None and fill_value is not _no_default:
                warnings.warn("Passing a 'freq' together with a 'fill_value' is deprecated",
                              FutureWarning)
        """}
    before = {"lib/__init__.py": "_no_default = object()\n"
                                 "def shift(periods=1, freq=None, fill_value=_no_default):\n"
                                 "    pass\n"}
    judge = judge_releases({"1.0": before, "2.0": warns})
    [finding] = judge("import lib\nlib.shift(1, 'D', fill_value=0)\n", "2.0", "1.0")
    assert finding.message.startswith("passing `freq` together with `fill_value` to "
                                      "`lib.shift()` is deprecated since 2.0")
    for call in ("lib.shift(1, freq='D')", "lib.shift(fill_value=0)",
                 "lib.shift(freq='D', fill_value=None)", "lib.shift(freq=f, fill_value=v)"):
        assert judge(f"import lib\n{call}\n", "2.0", "1.0") == [], call


def test_a_spelling_deprecated_where_a_flag_is_true(judge_releases):
    warns = {"lib/__init__.py": """
        import warnings
        _DEPR = {"M": "ME", "Q": "QE"}

        def to_offset(freq, is_period=False):
            if is_period and freq.upper() in _DEPR:
                if freq.upper() != freq:
                    warnings.warn(f"'{freq}' is deprecated, please use '{freq.upper()}'",
                                  FutureWarning)
        """}
    before = {"lib/__init__.py": "def to_offset(freq, is_period=False):\n    pass\n"}
    judge = judge_releases({"1.0": before, "2.0": warns})
    [finding] = judge("import lib\nlib.to_offset('m', is_period=True)\n", "2.0", "1.0")
    assert finding.code == "CS201" and finding.message.endswith("; use `freq='M'`")
    for call in ("lib.to_offset('m')", "lib.to_offset('M', is_period=True)",
                 "lib.to_offset('m', is_period=flag)", "lib.to_offset('m', is_period=False)",
                 "lib.to_offset('x', is_period=True)"):
        assert judge(f"import lib\n{call}\n", "2.0", "1.0") == [], call


def test_a_literal_of_a_deprecated_type_is_reported(judge_releases):
    warns = {"lib/__init__.py": """
        import warnings

        def date_range(start=None, periods=None):
            if periods is not None:
                if isinstance(periods, float):
                    warnings.warn("Non-integer 'periods' are deprecated", FutureWarning)
        """}
    before = {"lib/__init__.py": "def date_range(start=None, periods=None):\n    pass\n"}
    judge = judge_releases({"1.0": before, "2.0": warns})
    [finding] = judge("import lib\nlib.date_range('2024', 10.5)\n", "2.0", "1.0")
    assert finding.message.startswith("passing `periods=10.5` to `lib.date_range()`")
    for call in ("lib.date_range('2024', 10)", "lib.date_range(periods=n)",
                 "lib.date_range(periods=None)"):
        assert judge(f"import lib\n{call}\n", "2.0", "1.0") == [], call
