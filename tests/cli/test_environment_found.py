"""The environment is found as the CLI finds it, from a subfolder too, and what it lacks is said:
a library the file imports that is not installed gets one info finding on its import, one
notice, and a line in ``check --versions``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from codesync.config import Settings
from codesync.environment_report import describe_environment
from codesync.project import Project

STALE = "import fakelib as fl\nfl.old_func(1)\n"


def fake_venv(root: Path, packages: dict[str, str]) -> Path:
    venv = root / ".venv"
    site = venv / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\ninclude-system-site-packages = false\n")
    (venv / "bin").mkdir()
    (venv / "bin" / "python").write_text("")
    for name, version in packages.items():
        info = site / f"{name}-{version}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
        (info / "top_level.txt").write_text(f"{name}\n")
    return venv


def test_a_venv_above_the_project_root_is_found(tmp_path, fake_knowledge):
    venv = fake_venv(tmp_path, {"fakelib": "2.0"})
    app = tmp_path / "app"
    app.mkdir()
    project = Project(app, Settings(baseline={"fakelib": "1.0"}), knowledge=fake_knowledge)
    report = project.check_source(STALE, str(app / "t.py"))
    assert [f.code for f in report.findings] == ["CS101"]
    line = describe_environment(project)
    assert str(venv / "bin" / "python") in line and "fakelib 2.0" in line
    assert "1 distributions" in line


def test_an_imported_library_that_is_not_installed_is_said_once(tmp_path, fake_knowledge):
    fake_venv(tmp_path, {"other": "1.0"})
    project = Project(tmp_path, Settings(), knowledge=fake_knowledge)
    source = "import os\nimport fakelib as fl\nfrom fakelib import old_func\nfl.old_func(1)\n"
    [finding] = project.check_source(source, str(tmp_path / "t.py")).findings
    assert (finding.code, finding.severity, finding.line, finding.column) == ("CS301", "info", 2, 7)
    assert finding.end_column == 7 + len("fakelib")
    assert "no release of fakelib is installed" in finding.message
    notices = project.drain_notices()
    assert sum("fakelib is imported" in n for n in notices) == 1
    project.check_source(source, str(tmp_path / "u.py"))
    assert not any("fakelib is imported" in n for n in project.drain_notices())


def test_a_target_or_an_installed_release_keeps_it_quiet(tmp_path, fake_knowledge):
    fake_venv(tmp_path, {"fakelib": "2.0"})
    installed = Project(tmp_path, Settings(), knowledge=fake_knowledge)
    assert installed.check_source("import fakelib\n", "t.py").findings == []
    (tmp_path / "other").mkdir()
    targeted = Project(tmp_path / "other", Settings(target={"fakelib": "1.0"}),
                       knowledge=fake_knowledge)
    assert targeted.check_source("import fakelib\n", "t.py").findings == []


def test_check_versions_names_the_environment_and_what_it_lacks(tmp_path, fake_knowledge_root,
                                                                tmp_path_factory):
    fake_venv(tmp_path, {"other": "1.0"})
    (tmp_path / "main.py").write_text(STALE)
    env = {**os.environ, "CODESYNC_KNOWLEDGE": str(fake_knowledge_root),
           "CODESYNC_CACHE": str(tmp_path_factory.mktemp("cache"))}
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run([sys.executable, "-m", "codesync.cli", "check", "--versions", "."],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "main.py:1:8: CS301 `fakelib` is imported, but no release of fakelib" in done.stdout
    assert f"Environment: {tmp_path / '.venv' / 'bin' / 'python'} (the project's .venv)" \
        in done.stdout
    assert "  fakelib: imported, not installed there (calls not checked)" in done.stdout
    assert "codesync: fakelib is imported (" in done.stderr
