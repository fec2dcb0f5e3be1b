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
    assert outcome.fixes and not outcome.stopped and outcome.from_record
    assert outcome.fixes[0].edits[0].new_text == "netkit.resolve(name)"


def test_from_import_uses_are_rewritten_with_the_import(project) -> None:
    source = "from netkit import query\n\nanswer = query(name)\n"
    finding = next(f for f in project.check_source(source, "code.py").findings if f.line == 1)
    outcome = Rewriter().rewrite(None, project, source, "code.py", finding)
    assert outcome.fixes and outcome.from_record
    from codesync.fixes.apply import apply_edits

    assert "netkit.resolve(name)" in apply_edits(source, list(outcome.fixes[0].edits))


CALC_V1 = {"calckit/__init__.py": '''
import warnings

def simps(y, x=None, dx=1.0):
    warnings.warn("'calckit.simps' is deprecated in favour of 'calckit.simpson'", DeprecationWarning)

def simpson(y, *, x=None, dx=1.0):
    pass

def save(out, encoding=None):
    if encoding is not None:
        warnings.warn("the 'encoding' keyword is deprecated", FutureWarning)
''', "calckit/_version.py": ""}
CALC_V2 = {"calckit/__init__.py": "def simpson(y, *, x=None, dx=1.0):\n    pass\n\n"
                                  "def save(out):\n    pass\n"}


@pytest.fixture()
def calc(tmp_path, monkeypatch) -> Project:
    root = tmp_path / "api"
    write_history(root, "calckit", {"1.0": CALC_V1, "2.0": CALC_V2})
    monkeypatch.setenv("CODESYNC_KNOWLEDGE", str(root))
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    (tmp_path / "proj").mkdir()
    return Project(tmp_path / "proj", Settings(target={"calckit": "2.0"},
                                               baseline={"calckit": "1.0"}))


def test_an_argument_the_advised_api_takes_by_keyword_only_goes_by_keyword(calc) -> None:
    source = "import calckit\n\narea = calckit.simps(y, x)\n"
    candidates, finding = _candidates(calc, source, 3)
    assert [c.expression for c in candidates] == ["calckit.simpson(y, x=x)"]
    assert _proven(calc, source, finding, candidates[0])


def test_a_keyword_deprecated_then_removed_with_nothing_in_its_place_is_dropped(calc) -> None:
    source = "import calckit\n\ncalckit.save(out, encoding='utf-8')\n"
    candidates, finding = _candidates(calc, source, 3)
    assert [c.expression for c in candidates] == ["calckit.save(out)"]
    assert _proven(calc, source, finding, candidates[0])


HIST = {"1.0": {"histkit/__init__.py": "def hist(x, normed=False):\n    pass\n\n"
                                       "def read(path, strict=True):\n    pass\n"},
        "1.5": {"histkit/__init__.py": "def hist(x, normed=None, density=None):\n    pass\n\n"
                                       "def read(path, strict=None, on_bad='error'):\n    pass\n"},
        "2.0": {"histkit/__init__.py": "def hist(x, density=None):\n    pass\n\n"
                                       "def read(path, on_bad='error'):\n    pass\n"}}


@pytest.mark.parametrize(("call", "expected"), [
    ("histkit.hist(x, normed=True)", ["histkit.hist(x, density=True)"]),
    ("histkit.read(p, strict=False)", []),  # on_bad's default is not strict's: no alias
])
def test_a_removed_keyword_goes_to_its_one_successor_of_the_same_default(
        tmp_path, monkeypatch, call, expected) -> None:
    root = tmp_path / "api"
    write_history(root, "histkit", HIST)
    monkeypatch.setenv("CODESYNC_KNOWLEDGE", str(root))
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    (tmp_path / "proj").mkdir()
    project = Project(tmp_path / "proj", Settings(target={"histkit": "2.0"},
                                                  baseline={"histkit": "1.5"}))
    source = f"import histkit\n\nh = {call}\n"
    candidates, finding = _candidates(project, source, 3)
    assert [c.expression for c in candidates] == expected
    for candidate in candidates:
        assert _proven(project, source, finding, candidate)
