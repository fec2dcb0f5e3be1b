"""Damaged knowledge loses the damaged lines, not the distribution, and says so on every run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

STALE = "import fakelib as fl\nfl.old_func(1)\nfl.shifted(1, 2)\nfl.renamed_kw(1, line_terminator='x')\n"


@pytest.fixture()
def damaged_root(tmp_path: Path, fake_knowledge_root: Path) -> Path:
    root = tmp_path / "api"
    shutil.copytree(fake_knowledge_root, root)
    definitions = root / "fakelib" / "definitions.jsonl"
    lines = definitions.read_text().splitlines()
    target = next(i for i, line in enumerate(lines) if '"path":"fakelib.core.load"' in line)
    bad_type = json.loads(lines[target])
    bad_type["params"] = 5  # valid JSON of the wrong type
    lines[target] = json.dumps(bad_type)
    lines.append(lines[0][: len(lines[0]) // 2])  # a truncated line
    definitions.write_text("\n".join(lines) + "\n")
    return root


def _check(root: Path, cache: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "CODESYNC_KNOWLEDGE": str(root), "CODESYNC_CACHE": str(cache)}
    return subprocess.run([sys.executable, "-m", "codesync.cli", "check", "main.py", "--format",
                           "json", "--target", "fakelib==2.0", "--baseline", "fakelib==1.0"],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_damaged_lines_are_skipped_and_reported_every_run(damaged_root, tmp_path):
    (tmp_path / "main.py").write_text(STALE)
    for _ in range(2):  # the second run reads the database the first one built
        done = _check(damaged_root, tmp_path / "cache", tmp_path)
        codes = sorted(f["code"] for f in json.loads(done.stdout)["findings"])
        assert codes == ["CS101", "CS102", "CS103"], done.stdout + done.stderr
        assert "the knowledge of fakelib is damaged (2 damaged lines in definitions.jsonl " \
               "skipped)" in done.stderr
        assert "Traceback" not in done.stderr


def test_a_database_damaged_after_its_build_is_rebuilt(tmp_path, monkeypatch, fake_knowledge_root):
    from codesync.config import Settings
    from codesync.project import Project

    monkeypatch.setenv("CODESYNC_KNOWLEDGE", str(fake_knowledge_root))
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    settings = Settings(target={"fakelib": "2.0"}, baseline={"fakelib": "1.0"})
    project = Project(tmp_path, settings)
    expected = [f.code for f in project.check_source(STALE, "t.py").findings]
    [database] = (tmp_path / "cache").glob("shipped-*.db")
    data = bytearray(database.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data), page):  # keep the header page: opening succeeds
        data[offset + 8: offset + page] = bytes([0xA5]) * (page - 8)
    database.write_bytes(bytes(data))
    fresh = Project(tmp_path, settings)
    assert [f.code for f in fresh.check_source(STALE, "t.py").findings] == expected


def test_a_database_failing_mid_check_is_rebuilt_with_one_message(tmp_path, monkeypatch,
                                                                   fake_knowledge_root):
    from codesync.config import Settings
    from codesync.project import Project

    monkeypatch.setenv("CODESYNC_KNOWLEDGE", str(fake_knowledge_root))
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    settings = Settings(target={"fakelib": "2.0"}, baseline={"fakelib": "1.0"})
    expected = [f.code for f in Project(tmp_path, settings).check_source(STALE, "t.py").findings]
    project = Project(tmp_path, settings)
    assert project.knowledge is not None  # opened and probed while still whole
    [database] = (tmp_path / "cache").glob("shipped-*.db")
    data = bytearray(database.read_bytes())
    for offset in range(2 * 4096, len(data), 4096):  # then its pages go bad under it
        data[offset + 8: offset + 4096] = bytes([0x5A]) * (4096 - 8)
    database.write_bytes(bytes(data))
    assert [f.code for f in project.check_source(STALE, "t.py").findings] == expected
    assert any("knowledge database was damaged" in n and "rebuilt" in n for n in project.notices)
