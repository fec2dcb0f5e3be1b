"""Fixtures shared by every test folder: one shipped database built per test session, and the
fake library `fakelib` stored through the real engine and knowledge store.

Tests that start servers or commands give each a private user cache; seeding that cache with
the session's prebuilt shipped database (a hard link) spares each of them the build.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers.caches import seed_cache
from helpers.fake_core import RELEASES, write_knowledge


@pytest.fixture(autouse=True)
def _no_active_virtualenv(monkeypatch: pytest.MonkeyPatch) -> None:
    """Environment detection prefers an active virtualenv; tests build their own."""
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)


@pytest.fixture(scope="session")
def shipped_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from codesync.knowledge.shipped import database_for_text
    from codesync.locations import shipped_text_root

    cache = tmp_path_factory.mktemp("shipped-cache")
    saved = os.environ.get("CODESYNC_CACHE")
    os.environ["CODESYNC_CACHE"] = str(cache)
    try:
        return database_for_text(shipped_text_root())
    finally:
        if saved is None:
            os.environ.pop("CODESYNC_CACHE", None)
        else:
            os.environ["CODESYNC_CACHE"] = saved


@pytest.fixture()
def seeded_cache(tmp_path: Path, shipped_database: Path) -> Path:
    """A private user cache that already holds the shipped database."""
    return seed_cache(tmp_path / "cache", shipped_database)


@pytest.fixture(scope="session")
def fake_knowledge_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("knowledge") / "api"
    return write_knowledge(root, "fakelib", RELEASES)


@pytest.fixture(scope="session")
def fake_knowledge(fake_knowledge_root, tmp_path_factory):
    from codesync.knowledge.store import Knowledge, build_database

    db = tmp_path_factory.mktemp("db") / "k.db"
    build_database([fake_knowledge_root], db)
    return Knowledge(db)
