"""The pre-commit hooks this repository offers, run by pre-commit itself in a temporary git
repository that points at this checkout by path (pre-commit clones it at HEAD and installs it
into a hook environment of its own, as it would from a URL)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STALE = "import numpy as np\n\ntotal = np.product([1, 2, 3])\n"

pytestmark = pytest.mark.slow


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture(scope="module")
def head() -> str:
    if shutil.which("pre-commit") is None:
        pytest.skip("pre-commit is not installed (python3 -m pip install pre-commit)")
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: pre-commit installs hooks from a commit")
    sha = _git("rev-parse", "HEAD", cwd=ROOT)
    listed = _git("ls-tree", "--name-only", sha, ".pre-commit-hooks.yaml", cwd=ROOT)
    if not listed:
        pytest.skip(".pre-commit-hooks.yaml is not committed yet")
    return sha


def _project(tmp_path: Path, sha: str) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(
        '[tool.codesync]\ntarget = { numpy = "2.0.2" }\nbaseline = { numpy = "1.26.4" }\n')
    (project / "calc.py").write_text(STALE)
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {sha}\n"
        "    hooks:\n      - id: codesync\n      - id: codesync-fix\n        stages: [manual]\n")
    _git("init", "-q", cwd=project)
    _git("add", ".", cwd=project)
    return project


def _pre_commit(project: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CODESYNC_")}
    env.pop("VIRTUAL_ENV", None)
    env.update(PRE_COMMIT_HOME=str(home / "pre-commit"), CODESYNC_CACHE=str(home / "cache"))
    return subprocess.run(["pre-commit", "run", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=1500)


def test_check_hook_fails_and_fix_hook_rewrites(head: str, tmp_path: Path) -> None:
    project = _project(tmp_path, head)
    checked = _pre_commit(project, tmp_path, "codesync", "--all-files")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "calc.py:3:12: CS101 [*] `numpy.product` was removed in numpy 2.0.0" in checked.stdout

    fixed = _pre_commit(project, tmp_path, "codesync-fix", "--all-files",
                        "--hook-stage", "manual")
    assert fixed.returncode == 1 and "files were modified by this hook" in fixed.stdout, \
        fixed.stdout + fixed.stderr
    assert (project / "calc.py").read_text() == STALE.replace("np.product", "np.prod")
    _git("add", ".", cwd=project)
    again = _pre_commit(project, tmp_path, "codesync", "--all-files")
    assert again.returncode == 0, again.stdout + again.stderr
