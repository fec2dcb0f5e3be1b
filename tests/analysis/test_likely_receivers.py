"""Parameters with no annotation, typed by the members they use (CS203, a warning)."""

from __future__ import annotations

import pytest

from codesync.analysis.checker import Checker, VersionContext
from helpers.fakelib import make_knowledge

V1 = '''
class Frame:
    def to_table(self, path, line_terminator=None):
        pass

    def pivot_rows(self, key):
        pass

    def append(self, other):
        pass

class Series:
    def pivot_rows(self, key):
        pass
'''
V2 = V1.replace("def to_table(self, path, line_terminator=None):",
                "def to_table(self, path, lineterminator=None):")


@pytest.fixture(scope="module")
def judge(tmp_path_factory):
    knowledge = make_knowledge(tmp_path_factory.mktemp("likely"), "lib",
                               {"1.0": {"lib/__init__.py": V1}, "2.0": {"lib/__init__.py": V2}})

    def check(source: str):
        versions = VersionContext.of({"lib": "2.0"}, {"lib": "1.0"})
        return Checker(knowledge, versions).check_source(source, "t.py").findings

    return check


def test_a_parameter_used_as_only_one_class_is_likely_that_class(judge):
    source = ("import lib\n\ndef save(frame, path):\n    frame.pivot_rows('k')\n"
              "    frame.to_table(path, line_terminator='x')\n")
    [finding] = judge(source)
    assert (finding.code, finding.severity) == ("CS203", "warning")
    assert finding.message.startswith("`frame` is likely a `lib.Frame` (it uses `pivot_rows`, "
                                      "`to_table`): ")
    assert "line_terminator" in finding.message


@pytest.mark.parametrize("body", [
    "    frame.append(1)\n",                                  # a list has append too
    "    if isinstance(frame, lib.Frame):\n        frame.to_table(p, line_terminator='x')\n",
])
def test_no_guess_without_distinctive_members_or_when_the_code_says_otherwise(judge, body):
    assert judge(f"import lib\n\ndef save(frame, p):\n{body}") == []


def test_a_parameter_rebound_in_the_body_is_typed_by_what_it_is_bound_to(judge):
    body = "    frame = lib.Frame()\n    frame.to_table(p, line_terminator='x')\n"
    [finding] = judge(f"import lib\n\ndef save(frame, p):\n{body}")
    assert finding.code == "CS102"  # a certain type, not a guess


def test_no_guess_in_a_file_that_imports_no_tracked_library(judge):
    assert judge("def save(frame, p):\n    frame.to_table(p, line_terminator='x')\n") == []


UNION_1 = """
class Frame:
    def pivot_rows(self, key, fill=None):
        pass

    def sort_rows(self, by):
        pass

class Series:
    def pivot_rows(self, key, fill=None):
        pass

    def sort_rows(self, by):
        pass
"""
# both classes drop `fill` from pivot_rows; only Frame renames sort_rows' `by`
UNION_2 = UNION_1.replace("def pivot_rows(self, key, fill=None):", "def pivot_rows(self, key):")
UNION_2 = UNION_2.replace("def sort_rows(self, by):", "def sort_rows(self, column):", 1)


@pytest.fixture(scope="module")
def judge_union(tmp_path_factory):
    knowledge = make_knowledge(tmp_path_factory.mktemp("union"), "lib",
                               {"1.0": {"lib/__init__.py": UNION_1},
                                "2.0": {"lib/__init__.py": UNION_2}})

    def check(source: str):
        versions = VersionContext.of({"lib": "2.0"}, {"lib": "1.0"})
        return Checker(knowledge, versions).check_source(source, "t.py").findings

    return check


def test_members_two_classes_share_are_checked_where_both_agree(judge_union):
    source = ("import lib\n\ndef f(x):\n    x.pivot_rows('k', fill=0)\n"
              "    x.sort_rows(by='a')\n")
    [finding] = judge_union(source)  # pivot_rows changed alike in both; sort_rows did not
    assert finding.code == "CS203" and finding.line == 4
    assert "likely a `lib.Frame` or `lib.Series`" in finding.message


@pytest.mark.parametrize(("body", "expected"), [
    ("    x.groupby('k')\n    y = x.to_csv(p)\n", frozenset({"groupby", "to_csv"})),
    ("    other.x.groupby('k')\n", frozenset()),             # not the parameter's member
    ("    x = load()\n    x.groupby('k')\n", None),           # rebound
    ("    for x in items:\n        x.groupby('k')\n", None),  # rebound by a loop
    ("    if isinstance(x, list):\n        x.append(1)\n", None),
    ("    f = lambda: x.groupby('k')\n", None),               # a closure
    ("    if x == 1:\n        x.groupby('k')\n", frozenset({"groupby"})),
])
def test_members_used_on_a_parameter(body, expected):
    from codesync.analysis.likely_types import members_used

    assert members_used(body, {"x"})["x"] == expected


def test_a_class_the_target_no_longer_records_is_no_guess(tmp_path):
    v1 = "class Grid:\n    def alpha(self):\n        pass\n\n    def beta(self):\n        pass\n"
    knowledge = make_knowledge(tmp_path, "lib", {"1.0": {"lib/__init__.py": v1},
                                                 "2.0": {"lib/__init__.py": "X = 1\n"}})
    checker = Checker(knowledge, VersionContext.of({"lib": "2.0"}, {"lib": "1.0"}))
    source = "import lib\n\ndef f(g):\n    g.alpha()\n    g.beta()\n"
    assert checker.check_source(source, "t.py").findings == []
