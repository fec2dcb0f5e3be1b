"""`codesync check --jobs N` gives the output of one process, in the same order, also when
project modules import each other (what a module binds does not depend on which worker read
it first)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

STALE = "import fakelib as fl\nfl.old_func(1)\nfl.shifted(1, 2)\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def make_project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.codesync]\ntarget = { fakelib = "2.0" }\nbaseline = { fakelib = "1.0" }\n')
    package = tmp_path / "app"
    package.mkdir()
    (package / "__init__.py").write_text("from .compat import fl\n")
    (package / "compat.py").write_text("import fakelib as fl\nfrom . import users\n")
    (package / "users.py").write_text("from .compat import fl\nfrom app import helpers\n"
                                      "fl.old_func(2)\n")
    (package / "helpers.py").write_text("from .users import fl\nfl.shifted(1, 2)\n")
    for n in range(12):
        (tmp_path / f"m{n:02}.py").write_text(STALE * (n + 1) + "from app.compat import fl as f2\n"
                                              "f2.old_func(3)\n" + "x = 1\n" * 400)
    (tmp_path / "broken.py").write_text("def f(:\n")
    return tmp_path


def check(args: list[str], knowledge_root: Path, cache: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CODESYNC_KNOWLEDGE": str(knowledge_root), "CODESYNC_CACHE": str(cache),
           "CODESYNC_MIN_BYTES_PER_WORKER": "1"}
    return subprocess.run([sys.executable, "-m", "codesync.cli", "check", *args], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=180)


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_jobs_give_the_output_of_one_process(project, fake_knowledge_root, tmp_path_factory, fmt):
    cache = tmp_path_factory.mktemp("cache")
    one = check(["--jobs", "1", "--format", fmt, "."], fake_knowledge_root, cache, project)
    assert one.returncode == 1, one.stderr
    assert "old_func" in one.stdout
    for jobs in ("2", "3"):
        many = check(["--jobs", jobs, "--format", fmt, "."], fake_knowledge_root, cache, project)
        assert (many.returncode, many.stdout) == (one.returncode, one.stdout), many.stderr
