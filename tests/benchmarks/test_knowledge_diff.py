"""scripts/knowledge_diff.py: exports a re-extraction lost and gained, per release."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from helpers.fakelib import write_history

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "knowledge_diff.py"


def _script():
    spec = importlib.util.spec_from_file_location("knowledge_diff", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("knowledge_diff", module)  # dataclasses look their module up
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_lost_and_gained_exports_are_counted_per_release_stored_on_both_sides(tmp_path: Path):
    before = {"1.0": {"lib/__init__.py": "def a(): pass\ndef b(): pass\n"},
              "2.0": {"lib/__init__.py": "def a(): pass\ndef b(): pass\n"}}
    after = {"1.0": {"lib/__init__.py": "def a(): pass\n"},
             "2.0": {"lib/__init__.py": "def a(): pass\ndef b(): pass\ndef c(): pass\n"},
             "3.0": {"lib/__init__.py": "def z(): pass\n"}}
    write_history(tmp_path / "old", "lib", before)
    write_history(tmp_path / "new", "lib", after)
    changes = _script().export_changes(tmp_path / "old", tmp_path / "new", "lib")
    assert (changes.releases_before, changes.releases_after) == (2, 3)
    assert changes.lost == {"1.0": {"lib.b"}}
    assert changes.gained == {"2.0": {"lib.c"}}  # 3.0 is new: nothing to compare it with
