"""``codesync fix --model`` and ``codesync model status`` through the real command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import needs_llama

PROJECT = """\
[project]
name = "demo"

[tool.codesync]
target = { numpy = "1.26.4", pandas = "2.2.3" }
baseline = { numpy = "1.23.5", pandas = "1.5.3" }
"""
CODE = """\
import numpy as np
import pandas as pd

total = np.product([1, 2])
h = np.histogram2d(x, y, normed=True)
"""


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "codesync.cli", *args], cwd=cwd,
                          capture_output=True, text=True, env=dict(os.environ), timeout=300)


def test_model_status_says_what_would_run(tmp_path: Path) -> None:
    result = _run("model", "status", cwd=tmp_path)
    assert "llama-cpp-python:" in result.stdout
    assert result.returncode in (0, 1)


@needs_llama
def test_fix_model_marks_the_source_of_each_fix(tmp_path: Path, base_gguf: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(PROJECT)
    code = tmp_path / "code.py"
    code.write_text(CODE)
    result = _run("fix", "--model", "--model-path", str(base_gguf), "--diff", "--json",
                  "code.py", cwd=tmp_path)
    data = json.loads(result.stdout)
    sources = [fix["source"] for fix in data["fixes"]]
    assert "recipe" in sources or "exact" in sources  # np.product -> np.prod, always
    assert set(sources) <= {"exact", "recipe", "model"}
    assert code.read_text() == CODE  # --diff writes nothing
    assert "model rewrite" in result.stderr
