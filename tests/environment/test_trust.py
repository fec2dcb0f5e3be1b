"""Opening a checkout runs nothing it names: interpreters are found by reading, not running."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from codesync.config import Settings
from codesync.environment import read_environment
from codesync.project import Project


def _marker_program(path: Path, marker: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\ntouch {marker}\necho '[]'\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def _fake_dist(site: Path) -> None:
    info = site / "trustlib-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: trustlib\nVersion: 1.0\n")


@pytest.fixture()
def marker(tmp_path: Path) -> Path:
    return tmp_path / "ran"


def _check(root: Path, settings: Settings) -> None:
    project = Project(root, settings)
    project.check_source("import trustlib\ntrustlib.go()\n", str(root / "t.py"))


def test_python_named_in_pyproject_is_not_run(tmp_path, marker, monkeypatch):
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    root = tmp_path / "proj"
    _marker_program(root / "tools" / "py", marker)
    (root / "pyproject.toml").write_text('[tool.codesync]\npython = "tools/py"\n')
    _check(root, Settings(python=str(root / "tools" / "py")))
    assert not marker.exists()


def test_venv_interpreter_without_site_packages_is_not_run(tmp_path, marker, monkeypatch):
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    root = tmp_path / "proj"
    venv = root / ".venv"
    _marker_program(venv / "bin" / "python", marker)
    (venv / "pyvenv.cfg").write_text("home = /nowhere/bin\n")
    _check(root, Settings())
    assert not marker.exists()


def test_pyvenv_executable_is_not_run(tmp_path, marker, monkeypatch):
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    root = tmp_path / "proj"
    venv = root / ".venv"
    program = _marker_program(tmp_path / "evil" / "bin" / "python3", marker)
    _marker_program(venv / "bin" / "python", marker)
    (venv / "pyvenv.cfg").write_text(
        f"home = {program.parent}\ninclude-system-site-packages = true\nexecutable = {program}\n")
    site = tmp_path / "evil" / "lib" / "python3.11" / "site-packages"
    _fake_dist(site)
    _check(root, Settings())
    assert not marker.exists()
    # the base installation's site-packages is still found, by its layout
    environment = read_environment(str(venv / "bin" / "python"))
    assert "trustlib" in environment.distributions


def test_an_interpreter_the_user_allowed_is_asked(tmp_path, marker):
    program = _marker_program(tmp_path / "bin" / "python", marker)
    read_environment(str(program), allow_run=True)
    assert marker.exists()


def test_pyproject_cannot_allow_running_its_interpreter(tmp_path):
    from codesync.config import load_settings

    (tmp_path / "pyproject.toml").write_text(
        '[tool.codesync]\npython = "x"\nallow_interpreter = true\nallowInterpreter = true\n')
    assert load_settings(tmp_path).allow_interpreter is False
    assert Settings().merged({"allowInterpreter": True}).allow_interpreter is True


def test_an_unwritable_cache_falls_back_with_a_warning(tmp_path, monkeypatch, capsys):
    from codesync import locations

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("CODESYNC_CACHE", str(blocker / "codesync"))
    monkeypatch.setattr(locations.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    chosen = locations.cache_dir()
    assert chosen == tmp_path / "tmp" / f"codesync-cache-{os.getuid()}" and chosen.is_dir()
    assert "cannot use the cache" in capsys.readouterr().err
