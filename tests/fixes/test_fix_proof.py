"""An exact fix is offered only when it provably keeps the call's meaning."""

from __future__ import annotations

from codesync.analysis.checker import Checker, VersionContext
from codesync.fixes.apply import apply_edits, attach_fixes
from helpers.fakelib import make_knowledge

OLD = '''
import warnings

def sort(a, axis=-1, kind=None):
    pass

def msort(a):
    warnings.warn("msort is deprecated, use sort(a, axis=0) instead", DeprecationWarning)

def msorted(a):
    warnings.warn("msorted is deprecated, use sort instead", DeprecationWarning)

def prod(a, axis=None, dtype=None):
    pass

def product(*args, **kwargs):
    warnings.warn("product is deprecated, use prod instead", DeprecationWarning)
    return prod(*args, **kwargs)

def total(a, axis=None):
    pass

def summed(a, axis=None):
    warnings.warn("summed is deprecated, use total instead", DeprecationWarning)
'''
NEW = '''
def sort(a, axis=-1, kind=None):
    pass

def prod(a, axis=None, dtype=None):
    pass

def total(a, axis=None):
    pass
'''


def _fixed(tmp_path, call: str) -> tuple[list[str], str]:
    knowledge = make_knowledge(tmp_path, "prooflib", {"1.0": {"prooflib/__init__.py": OLD},
                                                       "2.0": {"prooflib/__init__.py": NEW}})
    source = f"import prooflib as pl\n{call}\n"
    checker = Checker(knowledge, VersionContext.of({"prooflib": "2.0"}, {"prooflib": "1.0"}))
    findings = attach_fixes(checker.check_source(source, "t.py").findings, source)
    assert [f.code for f in findings] == ["CS101"], findings
    fixes = findings[0].fixes
    return [fix.title for fix in fixes], apply_edits(source, list(fixes[0].edits)) if fixes else ""


def _fixes(tmp_path, call: str) -> list[str]:
    return _fixed(tmp_path, call)[0]


def test_a_replacement_whose_defaults_decide_differently_is_not_exact(tmp_path):
    # msorted sorted along axis 0; sort's default is the last axis
    assert _fixes(tmp_path, "pl.msorted([3, 1])") == []


def test_the_call_the_deprecation_text_spells_out_is_applied_with_the_arguments(tmp_path):
    titles, fixed = _fixed(tmp_path, "pl.msort([3, 1])")
    assert titles == ["Use `pl.sort(a, axis=0)`"]
    assert fixed == "import prooflib as pl\npl.sort([3, 1], axis=0)\n"


def test_a_forwarding_wrapper_is_replaced_exactly(tmp_path):
    assert _fixes(tmp_path, "pl.product([3, 1], axis=0)") == ["Use `prooflib.prod`"]


def test_same_parameters_and_defaults_are_replaced_exactly(tmp_path):
    assert _fixes(tmp_path, "pl.summed([3, 1])") == ["Use `prooflib.total`"]


def test_a_deprecated_api_without_a_baseline_is_proven_against_itself(tmp_path):
    knowledge = make_knowledge(tmp_path, "prooflib", {"1.0": {"prooflib/__init__.py": OLD}})
    source = "import prooflib as pl\npl.summed([3, 1])\n"
    checker = Checker(knowledge, VersionContext.of({"prooflib": "1.0"}))  # nothing else known
    [finding] = attach_fixes(checker.check_source(source, "t.py").findings, source)
    assert finding.code == "CS201"
    assert [fix.title for fix in finding.fixes] == ["Use `prooflib.total`"]
