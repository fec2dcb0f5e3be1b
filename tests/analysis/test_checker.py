"""The checker against a fake library whose three releases exercise every finding kind."""

from __future__ import annotations

import pytest

from codesync.analysis.checker import Checker, VersionContext
from codesync.fixes.apply import attach_fixes, fix_source


def check(knowledge, source: str, target: str = "2.0", baseline: str | None = "1.0"):
    versions = VersionContext.of({"fakelib": target}, {"fakelib": baseline} if baseline else {})
    return Checker(knowledge, versions).check_source(source, "t.py")


def kinds(result) -> list[tuple[int, str]]:
    return [(f.line, f.kind) for f in result.findings]


def test_removed_function_names_release_and_replacement(fake_knowledge):
    result = check(fake_knowledge, "import fakelib as fl\nfl.old_func(1)\n")
    [finding] = result.findings
    assert finding.kind == "removed" and finding.code == "CS101"
    assert finding.changed_in == "2.0"
    assert "use `fakelib.new_func`" in finding.message
    assert (finding.line, finding.column) == (2, 3)


def test_removed_without_baseline_uses_history(fake_knowledge):
    result = check(fake_knowledge, "import fakelib\nfakelib.old_func(1)\n", baseline=None)
    assert kinds(result) == [(2, "removed")]


def test_incompatible_call_on_removed_keyword(fake_knowledge):
    result = check(fake_knowledge, "import fakelib as fl\nfl.load('p', squeeze=True)\n")
    [finding] = result.findings
    assert finding.kind == "incompatible-call"
    assert "unexpected keyword argument 'squeeze'" in finding.message
    assert finding.changed_in == "2.0"


def test_meaning_changed_when_positions_shift(fake_knowledge):
    result = check(fake_knowledge, "import fakelib as fl\nfl.shifted(1, 2)\n")
    [finding] = result.findings
    assert finding.kind == "meaning-changed"
    assert "now binds to `c` instead of `b`" in finding.message


def test_keyword_call_keeps_meaning(fake_knowledge):
    assert check(fake_knowledge, "import fakelib as fl\nfl.shifted(1, b=2)\n").findings == []


def test_deprecated_api_and_keyword(fake_knowledge):
    source = "import fakelib as fl\nfl.product([1])\nfl.renamed_kw(1, line_terminator='x')\n"
    result = check(fake_knowledge, source, target="1.5")
    by_line = {f.line: f for f in result.findings}
    assert by_line[2].kind == "deprecated" and "use `fakelib.prod`" in by_line[2].message
    assert by_line[2].severity == "warning"
    # the declared signature no longer has the old name; a decorator shim still accepts it
    assert by_line[3].kind == "incompatible-call"
    assert "`line_terminator` was renamed to `lineterminator`" in by_line[3].message
    assert "shim still accepts it" in by_line[3].message


def test_default_changed(fake_knowledge):
    result = check(fake_knowledge, "import fakelib\nfakelib.sub.helper(1)\n")
    [finding] = result.findings
    assert finding.kind == "default-changed" and "'a' -> 'b'" in finding.message


@pytest.mark.parametrize("source", [
    "import fakelib as fl\nf = fl.Frame()\nf.append(f)\n",                     # constructor
    "from fakelib import Frame as F\nf = F()\nf.append(f)\n",                   # from-import alias
    "import fakelib\nf = fakelib.load('p')\nf.append(f)\n",                     # return annotation
    "import fakelib as fl\ndef g(f: fl.Frame):\n    f.append(f)\n",            # annotated parameter
    "import fakelib as fl\nfl.Frame().head().append(1)\n",                     # chained calls
    "import fakelib.core\nfakelib.core.Frame().append(1)\n",                   # attribute chain
])
def test_resolution_forms_find_the_removed_method(fake_knowledge, source):
    result = check(fake_knowledge, source)
    assert [f.kind for f in result.findings] == ["removed"]
    assert result.findings[0].api.endswith("Frame.append")


def test_inherited_method_is_found_through_bases(fake_knowledge):
    result = check(fake_knowledge, "import fakelib as fl\nfl.Frame().inherited(1, 2, 3)\n", baseline=None)
    assert [f.kind for f in result.findings] == ["incompatible-call"]


@pytest.mark.parametrize("source", [
    "x = []\nx.append(1)\n",
    "def g(f):\n    f.append(f)\n",
    "import fakelib as fl\nfl = None\nfl.old_func(1)\n",
    "import fakelib as fl\nfor fl in range(3):\n    fl.old_func(1)\n",
])
def test_unresolved_receivers_produce_nothing(fake_knowledge, source):
    assert check(fake_knowledge, source).findings == []


def test_unknown_release_is_reported_once(fake_knowledge):
    result = check(fake_knowledge, "import fakelib as fl\nfl.load(1)\nfl.load(2)\n", target="9.9")
    assert [f.kind for f in result.findings] == ["unknown-release"]
    assert result.unknown == {"fakelib": "9.9"}


def test_syntax_error_is_reported_not_raised(fake_knowledge):
    result = check(fake_knowledge, "import fakelib as fl\nfl.load(\n")
    assert result.findings == [] and "line" in result.syntax_error


def _fixed(knowledge, source: str, target: str = "2.0") -> str:
    checker = Checker(knowledge, VersionContext.of({"fakelib": target}, {"fakelib": "1.0"}))
    fixed, _ = fix_source(checker, source, "t.py")
    return fixed


@pytest.mark.parametrize(("source", "expected"), [
    ("import fakelib as fl\nfl.shifted(1, 2)\n", "import fakelib as fl\nfl.shifted(1, b=2)\n"),
    ("import fakelib as fl\nfl.renamed_kw(1, line_terminator='x')  # keep\n",
     "import fakelib as fl\nfl.renamed_kw(1, lineterminator='x')  # keep\n"),
    ("import fakelib as fl\nfl.load('p', squeeze=None)\n", "import fakelib as fl\nfl.load('p')\n"),
    ("import fakelib as fl\nfl.product([1], axis=0)\n", "import fakelib as fl\nfl.prod([1], axis=0)\n"),
])
def test_exact_fixes(fake_knowledge, source, expected):
    fixed = _fixed(fake_knowledge, source)
    assert fixed == expected
    assert _fixed(fake_knowledge, fixed) == fixed  # idempotent
    errors = [f for f in check(fake_knowledge, fixed, baseline=None).findings if f.severity == "error"]
    assert errors == []


def test_fix_renames_a_keyword_behind_a_shim(fake_knowledge):
    source = "import fakelib as fl\nfl.renamed_kw(1, line_terminator='x')\n"
    assert _fixed(fake_knowledge, source, target="1.5") == source.replace("line_terminator", "lineterminator")


def test_no_fix_when_a_removed_parameter_had_a_real_value(fake_knowledge):
    source = "import fakelib as fl\nfl.load('p', squeeze=True)\n"
    assert _fixed(fake_knowledge, source) == source


def test_fix_edits_are_attached_with_1_based_json_columns(fake_knowledge):
    source = "import fakelib as fl\nfl.shifted(1, 2)\n"
    result = check(fake_knowledge, source)
    [finding] = attach_fixes(result.findings, source)
    data = finding.to_json()
    assert data["fixes"][0]["source"] == "exact"
    assert data["fixes"][0]["edits"] == [
        {"line": 2, "column": 15, "end_line": 2, "end_column": 15, "new_text": "b="}]


def test_columns_count_lines_as_python_does(fake_knowledge):
    # a form feed is not a line break for Python, though str.splitlines treats it as one
    source = "import fakelib as fl\n\x0c\nlabel = 'é'; fl.old_func(1)\n"
    [finding] = check(fake_knowledge, source).findings
    assert (finding.line, finding.column) == (3, 16)
