"""scripts/bench_jedi.py's measurement core, run for real on a tiny library of its own.

``tinylib`` 1.0 has ``Frame.iteritems``; 2.0 removed it. The user's file reaches a ``Frame``
through a list a function of its own returns, which codesync's one step of type flow does not
follow and jedi does: the site is a candidate, jedi types it from the 2.0 files on its path,
and the checker reports the removal once the receiver is given that class.
"""

from __future__ import annotations

import ast
import sys
import textwrap
from pathlib import Path

import pytest

_RECURSION_LIMIT = sys.getrecursionlimit()
jedi = pytest.importorskip("jedi")
sys.setrecursionlimit(_RECURSION_LIMIT)  # jedi raises it on import, for every later test too

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import bench_jedi  # noqa: E402
from codesync.analysis.checker import Checker, VersionContext  # noqa: E402
from helpers.fakelib import make_knowledge  # noqa: E402

FRAME_1 = """
class Frame:
    def items(self):
        return iter(())

    def iteritems(self):
        return self.items()

    def head(self, n=5):
        return self
"""
FRAME_2 = """
class Frame:
    def items(self):
        return iter(())

    def head(self, n=5):
        return self
"""
INIT = "from tinylib.frame import Frame\n"
RELEASES = {"1.0": {"tinylib/__init__.py": INIT, "tinylib/frame.py": FRAME_1},
            "2.0": {"tinylib/__init__.py": INIT, "tinylib/frame.py": FRAME_2}}

USER = """\
import tinylib


def frames():
    return [tinylib.Frame()]


for frame in frames():
    frame.iteritems()

tinylib.Frame().iteritems()


class Other:
    def iteritems(self):
        return []


Other().iteritems()
"""


def _library(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


@pytest.fixture()
def measured(tmp_path, monkeypatch):
    monkeypatch.setattr(jedi.settings, "cache_directory", str(tmp_path / "jedi-cache"))
    knowledge = make_knowledge(tmp_path / "knowledge", "tinylib", RELEASES)
    checker = Checker(knowledge, VersionContext.of({"tinylib": "2.0"}))
    names = bench_jedi.changed_members(knowledge, "tinylib", "1.0", "2.0")
    project = tmp_path / "project"
    project.mkdir()
    user = project / "user.py"
    user.write_text(USER, encoding="utf-8")
    libraries = bench_jedi.Libraries(
        "tinylib", {"tinylib"}, _library(tmp_path / "lib-2.0", RELEASES["2.0"]),
        _library(tmp_path / "lib-1.0", RELEASES["1.0"]))
    result = bench_jedi.measure_source(USER, str(user), project, checker, libraries,
                                       set(names), api={9}, changed={9})
    return names, result


def test_changed_members_are_read_from_the_knowledge(measured):
    names, _ = measured
    assert names == {"iteritems": {"tinylib.frame.Frame"}}


def test_only_sites_the_checker_left_unresolved_are_candidates(measured):
    _, result = measured
    # line 11 (tinylib.Frame().iteritems()) is resolved by codesync itself
    assert [(s.line, s.member) for s in result.sites] == [(9, "iteritems"), (19, "iteritems")]


def test_jedi_types_the_receiver_and_the_checker_reports_the_site(measured):
    _, result = measured
    site, other = result.sites
    assert site.jedi_class == "tinylib.frame.Frame"
    assert site.typed_by == "receiver at target"
    assert site.api_line and site.changed_line and not site.flagged_line
    assert any(r.startswith("CS101") and "iteritems" in r for r in site.reported)
    assert other.jedi_class is None and other.reported == []  # the user's own class
    assert other.ms_baseline > 0  # untyped at the target: tried at the baseline too
    assert result.ms_total >= site.ms_target > 0
    counts = bench_jedi.case_counts([result])
    assert counts["candidates"] == 2 and counts["typed"] == 1
    assert counts["reported_api"] == counts["reported_api_new"] == 1
    assert counts["reported_elsewhere"] == 0


def test_a_multi_line_call_keeps_its_arguments_when_rewritten():
    source = "x = thing.get(\n    1,\n    key=2,\n)\n"
    attr = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Attribute))
    call = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call))
    call.func = attr
    snippet = bench_jedi.rewritten_site(source, attr, call, "lib.Thing")
    ast.parse(snippet)
    assert "receiver.get(\n    1,\n    key=2,\n)" in snippet
    assert snippet.startswith("import lib\n")
