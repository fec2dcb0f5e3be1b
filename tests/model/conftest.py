"""The model path's fixtures: the real Gemma GGUF through the real llama.cpp, and projects
pinned to known releases of the shipped knowledge."""

from __future__ import annotations

from pathlib import Path

import pytest

from codesync.config import Settings
from codesync.model.locate import ModelSpec, default_base, llama_available
from codesync.project import Project
from lsp.conftest import server_env, start, workspace  # noqa: F401 - the LSP session fixtures

needs_llama = pytest.mark.skipif(
    not llama_available(),
    reason="llama-cpp-python is not installed: pip install -e '.[model]' (builds from the sdist)")

STRUCTURAL = """\
import pandas as pd
import numpy as np
import matplotlib
import matplotlib.cm

df = pd.read_csv(path, squeeze=True)
h = np.histogram2d(x, y, normed=True)
df.to_excel(out, encoding="utf-8")
v = df.lookup(rows, cols)
matplotlib.cm.register_cmap(name="x", cmap=c)
"""
TARGETS = {"pandas": "2.2.3", "numpy": "1.26.4", "matplotlib": "3.9.0"}
BASELINES = {"pandas": "1.5.3", "numpy": "1.23.5"}


@pytest.fixture(scope="session")
def structural_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("structural")
    return Project(root, Settings(target=TARGETS, baseline=BASELINES))


@pytest.fixture(scope="session")
def base_gguf() -> Path:
    if not llama_available():
        pytest.skip("llama-cpp-python is not installed")
    return default_base()


@pytest.fixture(scope="session")
def generator(base_gguf: Path):
    from codesync.model.generate import Generator

    return Generator(ModelSpec(base_gguf))


def finding_on(project: Project, source: str, line: int):
    report = project.check_source(source, "code.py")
    return next(f for f in report.findings if f.line == line)
