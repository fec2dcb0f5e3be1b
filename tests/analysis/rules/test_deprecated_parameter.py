from __future__ import annotations

import pytest

V1 = {"lib/__init__.py": """
    def read(path, squeeze=None):
        pass

    def delta(value, unit=None, errors="raise"):
        pass

    def frame(data=None, index=None):
        pass
    """}
V2 = {"lib/__init__.py": """
    import warnings

    def read(path, squeeze=None):
        if squeeze is not None:
            warnings.warn("The squeeze argument has been deprecated", FutureWarning)

    def delta(value, unit=None, errors="raise"):
        if unit in ("H", "T"):
            warnings.warn("Units 'H' and 'T' are deprecated; use 'h' and 'min'", FutureWarning)
        if errors == "ignore":
            warnings.warn("errors='ignore' is deprecated", FutureWarning)

    def frame(data=None, index=None):
        if isinstance(data, dict) and index is not None:
            warnings.warn("Passing a dict with an index is deprecated", DeprecationWarning)
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


@pytest.mark.parametrize(("call", "reported"), [
    ("lib.delta(1, unit='T')", True),
    ("lib.delta(1, unit='min')", False),      # a value the text does not name
    ("lib.delta(1, unit=u)", False),          # not a literal: unknown
    ("lib.delta(1, errors='ignore')", True),
    ("lib.delta(1, errors='coerce')", False),
    ("lib.frame({}, index=[0])", False),      # the text does not say the parameter is deprecated
])
def test_a_deprecation_of_some_values_is_reported_for_those_values(judge, call, reported):
    findings = judge(f"import lib\n{call}\n", "2.0", "1.0")
    assert bool(findings) is reported, findings
    if reported:
        assert "passing `" in findings[0].message and "is deprecated" in findings[0].message


@pytest.mark.parametrize("text", ["``closed`` is deprecated", "The 'closed' keyword is deprecated",
                                  "closed is deprecated, use inclusive",
                                  "Argument `closed` is deprecated"])
def test_texts_that_deprecate_the_parameter_itself(text):
    from codesync.analysis.deprecation_scope import parameter_scope
    from codesync.knowledge.model import Deprecation

    assert parameter_scope(Deprecation(message=text, form="warn"), "closed").whole


def test_a_parameter_note_about_some_values_only_is_not_reported_for_any_value(judge_releases):
    note = '''
        def expand(a, axis):
            """Expand.

            Parameters
            ----------
            axis : int
                .. deprecated:: 2.0
                    Passing an axis where ``axis > a.ndim`` will be treated as
                    ``axis == a.ndim``. This behavior is deprecated.
            """
        '''
    judge = judge_releases({"1.0": {"lib/__init__.py": "def expand(a, axis):\n    pass\n"},
                            "2.0": {"lib/__init__.py": note}})
    assert judge("import lib\nlib.expand(x, axis=0)\n", "2.0", "1.0") == []
