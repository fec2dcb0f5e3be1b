"""Candidates from the record alone: the API a deprecation text advises, called with the
legacy call's arguments where each reaches a parameter of the same name (a library written
for the test)."""

from __future__ import annotations

import pytest

from codesync.config import Settings
from codesync.model.advised import advised_candidates
from codesync.model.proof import Candidate, prove
from codesync.model.record import change_record
from codesync.model.rewrite import Rewriter
from codesync.project import Project
from helpers.fakelib import write_history

INIT = '''
import warnings
from .net import resolve, set_disabled, record_count, sign

def query(qname, rdtype="A"):
    warnings.warn("please use netkit.resolve() instead", DeprecationWarning)
    return resolve(qname, rdtype)

def set_enabled(run):
    warnings.warn("Use `netkit.set_disabled()` instead.", DeprecationWarning)

def init_count():
    warnings.warn("Counts are tracked via record_count() now.", DeprecationWarning)

def sign_sha1(text, key):
    warnings.warn('use sign("SHA-1", ...) instead of sign_sha1', DeprecationWarning)
'''
NET = '''
def resolve(qname, rdtype="A", tcp=False):
    pass

def set_disabled(disabled):
    pass

def record_count(pool, state, counter=1):
    pass

def sign(algorithm, text, key):
    pass
'''
RELEASES = {"1.0": {"netkit/__init__.py": INIT,
                    "netkit/net.py": NET}}


@pytest.fixture()
def project(tmp_path, monkeypatch) -> Project:
    root = tmp_path / "api"
    write_history(root, "netkit", RELEASES)
    monkeypatch.setenv("CODESYNC_KNOWLEDGE", str(root))
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    (tmp_path / "proj").mkdir()
    return Project(tmp_path / "proj", Settings(target={"netkit": "1.0"},
                                               baseline={"netkit": "1.0"}))


def _candidates(project: Project, source: str, line: int) -> tuple[list[Candidate], object]:
    finding = next(f for f in project.check_source(source, "code.py").findings
                   if f.line == line)
    return advised_candidates(finding, change_record(finding), source), finding


def _proven(project: Project, source: str, finding, candidate: Candidate) -> bool:
    site = finding.evidence.site
    verdict = prove(candidate, site.node, site.receiver, source, change_record(finding),
                    project.checker(), lambda s: project.check_source(s, "code.py").findings)
    return verdict.ok


def test_the_advised_api_takes_the_call_s_arguments_by_the_same_names(project) -> None:
    source = "import netkit\n\nanswer = netkit.query(name, rdtype='MX')\n"
    candidates, finding = _candidates(project, source, 3)
    assert [c.expression for c in candidates] == ["netkit.resolve(name, rdtype='MX')"]
    assert _proven(project, source, finding, candidates[0])


def test_a_value_that_would_reach_another_parameter_is_no_candidate(project) -> None:
    # set_enabled(run) -> set_disabled(run) would invert the meaning
    candidates, _ = _candidates(project, "import netkit\n\nnetkit.set_enabled(flag)\n", 3)
    assert candidates == []


def test_the_text_s_ellipsis_stands_for_the_call_s_arguments(project) -> None:
    source = "import netkit\n\nsig = netkit.sign_sha1(text, key)\n"
    candidates, finding = _candidates(project, source, 3)
    assert [c.expression for c in candidates] == ["netkit.sign('SHA-1', text, key)"]
    assert _proven(project, source, finding, candidates[0])


def test_a_bare_name_is_found_beside_the_api_and_must_bind(project) -> None:
    # record_count(pool, state) needs arguments the old call never had: no rewrite
    source = "import netkit\n\nnetkit.init_count()\n"
    candidates, finding = _candidates(project, source, 3)
    assert candidates == []
    assert not _proven(project, source, finding, Candidate([], "netkit.record_count()"))


def test_a_proven_advised_call_needs_no_model(project) -> None:
    source = "import netkit\n\nanswer = netkit.query(name)\n"
    finding = next(f for f in project.check_source(source, "code.py").findings if f.line == 3)
    outcome = Rewriter().rewrite(None, project, source, "code.py", finding)
    assert outcome.fixes and not outcome.stopped
    assert outcome.fixes[0].edits[0].new_text == "netkit.resolve(name)"


def test_from_import_uses_are_rewritten_with_the_import(project) -> None:
    source = "from netkit import query\n\nanswer = query(name)\n"
    finding = next(f for f in project.check_source(source, "code.py").findings if f.line == 1)
    outcome = Rewriter().rewrite(None, project, source, "code.py", finding)
    assert outcome.fixes
    from codesync.fixes.apply import apply_edits

    assert "netkit.resolve(name)" in apply_edits(source, list(outcome.fixes[0].edits))
