"""``codesync fix`` writes only what it can write back byte for byte, inside the project."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

STALE = "import fakelib as fl\r\nfl.old_func(1)\r\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text(
        '[tool.codesync]\ntarget = { fakelib = "2.0" }\nbaseline = { fakelib = "1.0" }\n')
    return root


def fix(project: Path, knowledge: Path, cache: Path, *paths: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CODESYNC_KNOWLEDGE": str(knowledge), "CODESYNC_CACHE": str(cache)}
    return subprocess.run([sys.executable, "-m", "codesync.cli", "fix", *paths], cwd=project,
                          env=env, capture_output=True, text=True, timeout=120)


def test_encodings_boms_and_newlines_survive_a_fix(project, fake_knowledge_root, tmp_path_factory):
    files = {
        "latin.py": b'# -*- coding: latin-1 -*-\r\ns = "caf\xe9"\r\nimport fakelib as fl\r\n'
                    b"fl.old_func(1)\r\n",
        "bom.py": b"\xef\xbb\xbf" + STALE.encode(),
        "mac.py": STALE.replace("\r\n", "\r").encode(),
        "sjis.py": "# coding: shift_jis\nimport fakelib as fl\nfl.old_func('日本')\n"
                   .encode("shift_jis"),
    }
    for name, data in files.items():
        (project / name).write_bytes(data)
    result = fix(project, fake_knowledge_root, tmp_path_factory.mktemp("c"), ".")
    assert "fixed 4 files" in result.stderr, result.stderr
    for name, data in files.items():
        assert (project / name).read_bytes() == data.replace(b"old_func", b"new_func"), name


def test_undecodable_file_is_skipped_untouched(project, fake_knowledge_root, tmp_path_factory):
    data = b's = "caf\xe9"\nimport fakelib as fl\nfl.old_func(1)\n'  # latin-1, no cookie
    (project / "bad.py").write_bytes(data)
    result = fix(project, fake_knowledge_root, tmp_path_factory.mktemp("c"), "bad.py")
    assert "bad.py: skipped: cannot decode" in result.stderr
    assert (project / "bad.py").read_bytes() == data


def test_link_out_of_the_project_is_not_written(project, fake_knowledge_root, tmp_path_factory,
                                                tmp_path):
    outside = tmp_path / "shared_lib.py"
    outside.write_text(STALE)
    (project / "linked.py").symlink_to(outside)
    (project / "real.py").write_text(STALE)
    (project / "inner_link.py").symlink_to(project / "real.py")
    result = fix(project, fake_knowledge_root, tmp_path_factory.mktemp("c"), ".")
    assert "linked.py: skipped: not fixed: it leads outside the project" in result.stderr
    assert outside.read_bytes() == STALE.encode()
    assert (project / "linked.py").is_symlink()
    assert (project / "inner_link.py").is_symlink()  # the link stays; its target is fixed
    assert b"new_func" in (project / "real.py").read_bytes()
