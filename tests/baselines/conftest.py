"""Real git repositories with dated commits, for the baseline tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.git_repo import Repo


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo")
