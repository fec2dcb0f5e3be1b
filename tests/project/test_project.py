"""Settings, suppression comments and environment detection through the Project facade."""

from __future__ import annotations

from pathlib import Path

import pytest

from codesync.config import ConfigError, Settings, load_settings, parse_settings
from codesync.environment import find_interpreter, read_environment
from codesync.project import Project


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


def test_environment_reads_dist_info_without_importing(tmp_path):
    venv = fake_venv(tmp_path, {"fakelib": "2.0", "Other-Dist": "0.3"})
    interpreter = find_interpreter(tmp_path)
    assert interpreter == str(venv / "bin" / "python")
    env = read_environment(interpreter)
    assert env.version_of("fakelib") == "2.0"
    assert env.version_of("other_dist") == "0.3"
    assert env.import_map["fakelib"] == "fakelib"


def test_project_checks_against_installed_version(tmp_path, fake_knowledge):
    fake_venv(tmp_path, {"fakelib": "2.0"})
    project = Project(tmp_path, Settings(baseline={"fakelib": "1.0"}), knowledge=fake_knowledge)
    report = project.check_source("import fakelib as fl\nfl.old_func(1)\n", "t.py")
    assert [f.kind for f in report.findings] == ["removed"]
    assert report.findings[0].target_version == "2.0"


def test_installed_version_change_is_noticed(tmp_path, fake_knowledge):
    venv = fake_venv(tmp_path, {"fakelib": "1.0"})
    project = Project(tmp_path, Settings(), knowledge=fake_knowledge)
    source = "import fakelib as fl\nfl.old_func(1)\n"
    assert project.check_source(source, "t.py").findings == []
    site = venv / "lib" / "python3.11" / "site-packages"
    (site / "fakelib-1.0.dist-info").rename(site / "fakelib-2.0.dist-info")
    (site / "fakelib-2.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fakelib\nVersion: 2.0\n")
    assert project.environment_changed()
    assert [f.kind for f in project.check_source(source, "t.py").findings] == ["removed"]


def test_target_setting_overrides_installed(tmp_path, fake_knowledge):
    fake_venv(tmp_path, {"fakelib": "1.0"})
    project = Project(tmp_path, Settings(target={"fakelib": "2.0"}), knowledge=fake_knowledge)
    assert project.check_source("import fakelib\nfakelib.old_func(1)\n", "t.py").findings


@pytest.mark.parametrize(("comment", "kept"), [
    ("  # codesync: ignore", 0),
    ("  # codesync: ignore[CS101]", 0),
    ("  # codesync: ignore[CS102]", 1),
    ("", 1),
])
def test_suppression_comments(tmp_path, fake_knowledge, comment, kept):
    project = Project(tmp_path, Settings(target={"fakelib": "2.0"}), knowledge=fake_knowledge)
    report = project.check_source(f"import fakelib\nfakelib.old_func(1){comment}\n", "t.py")
    assert len(report.findings) == kept


def test_severity_and_ignore_settings(tmp_path, fake_knowledge):
    source = "import fakelib as fl\nfl.old_func(1)\nfl.load('p', squeeze=1)\n"
    settings = Settings(target={"fakelib": "2.0"}, severity={"CS101": "warning"}, ignore=("CS102",))
    report = Project(tmp_path, settings, knowledge=fake_knowledge).check_source(source, "t.py")
    assert [(f.code, f.severity) for f in report.findings] == [("CS101", "warning")]


def test_pyproject_settings(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.codesync]\ntarget = { pandas = "2.0.0" }\nbaseline = { Pandas = "1.5.3" }\n'
        'ignore = ["CS202"]\nseverity = { deprecated = "error" }\nfetch = true\n')
    settings = load_settings(tmp_path)
    assert settings.target == {"pandas": "2.0.0"} and settings.baseline == {"pandas": "1.5.3"}
    assert settings.ignore == ("CS202",) and settings.fetch
    assert settings.level_for("CS201", "deprecated", "warning") == "error"
    merged = settings.merged({"target": ["numpy==2.0.0"], "fetch": False})
    assert merged.target == {"pandas": "2.0.0", "numpy": "2.0.0"} and not merged.fetch


@pytest.mark.parametrize("bad", [
    {"ignore": ["XX1"]}, {"severity": {"CS101": "loud"}}, {"target": 3}, {"python": 5},
    {"target": ["pandas>=2"]},
])
def test_bad_settings_are_clear_errors(bad):
    with pytest.raises(ConfigError):
        parse_settings(bad)


def test_damaged_knowledge_is_skipped_and_damaged_cache_rebuilt(tmp_path, monkeypatch, fake_knowledge_root):
    import shutil

    from codesync.knowledge.store import open_knowledge

    root = tmp_path / "api"
    shutil.copytree(fake_knowledge_root, root / ".." / "api", dirs_exist_ok=True)
    (root / "broken").mkdir()
    (root / "broken" / "releases.json").write_text('{"distribution": "broken", "releases": [')
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("CODESYNC_KNOWLEDGE", str(root))
    knowledge = open_knowledge()
    assert knowledge.distributions() == ["fakelib"]
    knowledge.close()
    databases = list((tmp_path / "cache").glob("shipped-*.db"))
    assert len(databases) == 1
    databases[0].write_bytes(b"not a database")
    assert open_knowledge().distributions() == ["fakelib"]
