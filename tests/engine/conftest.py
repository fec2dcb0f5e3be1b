"""Shared fixtures for the knowledge-engine tests: ``fakelib`` stored through the real store."""

from __future__ import annotations

import pytest

from codesync.analysis.api_history import HistoryBuilder
from codesync.knowledge.store import Knowledge
from helpers.fakelib import make_knowledge

from .fakelib_releases import RELEASES


@pytest.fixture(scope="session")
def fakelib_knowledge(tmp_path_factory) -> Knowledge:
    """fakelib 1.0, 1.1 and 2.0; published releases are exactly the stored ones."""
    knowledge = make_knowledge(tmp_path_factory.mktemp("fakelib"), "fakelib", RELEASES)
    yield knowledge
    knowledge.close()


@pytest.fixture(scope="session")
def explain(fakelib_knowledge):
    """``explain(name)``: the ``codesync explain --json`` history of one fakelib API."""
    builder = HistoryBuilder(fakelib_knowledge)
    cache: dict[str, dict] = {}

    def history(name: str) -> dict:
        if name not in cache:
            cache[name] = builder.build(name)
        return cache[name]

    return history

