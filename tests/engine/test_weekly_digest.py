"""The weekly digest: what the releases added since the last build removed and deprecated."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from helpers.fake_core import RELEASES, write_knowledge

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "weekly_digest.py"


def _script():
    spec = importlib.util.spec_from_file_location("weekly_digest", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_digest_names_removals_and_deprecations_of_new_releases_once(tmp_path):
    weekly = _script()
    root = write_knowledge(tmp_path / "api", "fakelib", RELEASES)
    assert weekly.stored_versions(root) == {"fakelib": ["1.0", "1.5", "2.0"]}
    text = weekly.digest(root, {"fakelib": ["1.0", "1.5"]})  # 2.0 is new
    assert "### 2.0 (since 1.5)" in text and "### 1.5" not in text
    assert "  - `fakelib.Frame.append`: removed" in text
    assert "  - `fakelib.load`: `squeeze` removed" in text
    assert "fakelib.core.Frame.append" not in text  # re-exports named once, shortest name
    first = weekly.digest(root, {"fakelib": ["1.0"]})
    assert "`fakelib.product`: `product` is deprecated as of fakelib 1.5" in first


def test_digest_of_a_first_build_and_of_nothing_new(tmp_path):
    weekly = _script()
    root = write_knowledge(tmp_path / "api", "fakelib", RELEASES)
    assert "- fakelib (first build: 3 releases)" in weekly.digest(root, {})
    assert "nothing new since the last build" in weekly.digest(root, weekly.stored_versions(root))
