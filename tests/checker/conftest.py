"""Checker tests run without an active virtualenv (environment detection would prefer it)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_active_virtualenv(monkeypatch):
    """Environment detection prefers an active virtualenv; tests build their own."""
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
