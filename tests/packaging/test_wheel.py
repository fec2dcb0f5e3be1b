"""The wheel a user installs (pip, pipx, uv tool) behaves like the editable install.

Builds the wheel from this checkout, installs it non-editable into a fresh virtual environment,
and runs the README's example from a folder outside the checkout with an empty user cache.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WHEEL_BUDGET_BYTES = 40 * 1024 * 1024

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin folder of a fresh venv with the wheel installed."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps",
                    "--no-build-isolation", "-q", "-w", str(work / "dist")],
                   check=True, timeout=900)
    wheel = next((work / "dist").glob("codesync_lsp-*.whl"))
    assert wheel.stat().st_size <= WHEEL_BUDGET_BYTES
    venv.create(work / "venv", with_pip=True)
    bin_dir = work / "venv" / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)],
                   check=True, timeout=900)
    return bin_dir


def _env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CODESYNC_")}
    env.pop("VIRTUAL_ENV", None)
    env.pop("PYTHONPATH", None)
    return {**env, "CODESYNC_CACHE": str(cache)}


def test_installed_wheel_checks_the_readme_example(installed: Path, tmp_path: Path) -> None:
    example = shutil.copytree(ROOT / "examples" / "stale_project", tmp_path / "stale_project")
    cache = tmp_path / "cache"
    done = subprocess.run([str(installed / "codesync"), "check", str(example), "--format", "json"],
                          cwd=tmp_path, env=_env(cache), capture_output=True, text=True, timeout=120)
    findings = json.loads(done.stdout)["findings"]
    assert done.returncode == 1, done.stderr
    assert len(findings) == 7, done.stdout
    assert {f["code"] for f in findings} == {"CS101", "CS102", "CS201"}
    assert not list(cache.glob("*.db")), "an installed wheel must not build a database"


def test_installed_wheel_lists_its_knowledge_and_keeps_adds_in_the_cache(installed: Path,
                                                                          tmp_path: Path) -> None:
    done = subprocess.run([str(installed / "codesync"), "knowledge", "list", "--json"],
                          cwd=tmp_path, env=_env(tmp_path / "cache"), capture_output=True,
                          text=True, timeout=120)
    data = json.loads(done.stdout)
    assert len(data["distributions"]) >= 30
    shipped = Path(data["layers"]["shipped"])
    assert shipped.name == "knowledge.db" and "_shipped" in shipped.parts
    assert ROOT not in shipped.parents  # read from the install, not from this checkout


def test_a_wheel_without_its_knowledge_fails_loudly(installed: Path, tmp_path: Path) -> None:
    site = subprocess.run([str(installed / "python"), "-c",
                           "import codesync, pathlib; print(pathlib.Path(codesync.__file__).parent)"],
                          capture_output=True, text=True, check=True).stdout.strip()
    shipped = Path(site) / "_shipped"
    aside = shipped.with_name("_shipped_aside")
    shipped.rename(aside)
    try:
        (tmp_path / "code.py").write_text("import numpy as np\nnp.product([1])\n")
        done = subprocess.run([str(installed / "codesync"), "check", "code.py"], cwd=tmp_path,
                              env=_env(tmp_path / "cache"), capture_output=True, text=True,
                              timeout=120)
    finally:
        aside.rename(shipped)
    assert done.returncode == 2, done.stdout
    assert "shipped knowledge is missing" in done.stderr
