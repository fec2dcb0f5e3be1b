"""The servers of these tests get a private user cache that holds the shipped database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers.caches import seed_cache


@pytest.fixture(scope="session")
def server_env(tmp_path_factory: pytest.TempPathFactory, shipped_database: Path) -> dict[str, str]:
    cache = seed_cache(tmp_path_factory.mktemp("codesync-cache"), shipped_database)
    return {**os.environ, "CODESYNC_CACHE": str(cache)}
