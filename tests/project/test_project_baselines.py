"""The baseline when none is configured: the project's pins, and per line the pins of the commit
that last changed the line (a line written in the 1.0 days is judged as 1.0 code)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from codesync.config import Settings
from codesync.project import Project

OLD_LINE = "fl.shifted(1, 2)\n"  # written for 1.0: its 2 reached `b`, in 2.0 it reaches `c`


def _git(repo: Path, *args: str, date: str = "2021-03-04T12:00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@e"}
    subprocess.run(["git", "-c", "init.defaultBranch=main", *args], cwd=repo, env=env,
                   check=True, capture_output=True)


@pytest.fixture()
def repo(tmp_path: Path, monkeypatch, fake_knowledge_root) -> Path:
    monkeypatch.setenv("CODESYNC_KNOWLEDGE", str(fake_knowledge_root))
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    root = tmp_path / "proj"
    root.mkdir()
    _git(root, "init", "-q")
    (root / "requirements.txt").write_text("fakelib==1.0\n")
    (root / "app.py").write_text("import fakelib as fl\n" + OLD_LINE)
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "written for 1.0")
    (root / "requirements.txt").write_text("fakelib==2.0\n")
    (root / "app.py").write_text("import fakelib as fl\n" + OLD_LINE + OLD_LINE)
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "upgrade", date="2024-05-06T12:00:00")
    return root


def _check(root: Path, **settings) -> list[tuple[int, str]]:
    project = Project(root, Settings(target={"fakelib": "2.0"}, **settings))
    report = project.check_source((root / "app.py").read_text(), str(root / "app.py"))
    return [(f.line, f.code) for f in report.findings]


def test_each_line_is_judged_against_the_pins_of_its_commit(repo):
    assert _check(repo) == [(2, "CS103")]  # line 3 was written when 2.0 was pinned


def test_without_git_history_the_current_pins_are_the_baseline(repo):
    assert _check(repo, git_baselines=False) == []  # pinned 2.0 today: nothing changed since


def test_configured_baselines_override_inferred_ones(repo):
    assert _check(repo, baseline={"fakelib": "1.0"}) == [(2, "CS103"), (3, "CS103")]


def test_the_source_of_each_version_is_reported(repo):
    project = Project(repo, Settings(target={"fakelib": "2.0"}, git_baselines=False))
    project.check_source((repo / "app.py").read_text(), str(repo / "app.py"))
    [row] = project.release_report()
    assert row["target"]["source"] == "settings"
    assert row["baseline"] == {"version": "2.0", "source": "requirements.txt:1",
                               "checked_against": ["2.0"]}
