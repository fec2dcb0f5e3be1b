"""A library the shipped knowledge lacks is read from site-packages, offline, on first use."""

from __future__ import annotations

from pathlib import Path

from codesync.config import Settings
from codesync.project import Project


def install_fake(site: Path, name: str, version: str, source: str) -> None:
    (site / name).mkdir(parents=True)
    (site / name / "__init__.py").write_text(source)
    info = site / f"{name}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    (info / "RECORD").write_text(f"{name}/__init__.py,,\n")


def project_with_unshipped_release(tmp_path: Path, monkeypatch, knowledge_root: Path) -> Project:
    """A project whose .venv holds `localonly` 0.3, a distribution the knowledge lacks."""
    monkeypatch.setenv("CODESYNC_KNOWLEDGE", str(knowledge_root))
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    venv = tmp_path / "proj" / ".venv"
    site = venv / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    install_fake(site, "localonly", "0.3", "def greet(name, *, loud=False):\n    pass\n")
    return Project(tmp_path / "proj", Settings())


def test_installed_release_missing_from_knowledge_is_extracted(tmp_path, monkeypatch, fake_knowledge_root):
    project = project_with_unshipped_release(tmp_path, monkeypatch, fake_knowledge_root)
    source = "import localonly\nlocalonly.greet('a', True)\nlocalonly.greet('a', loud=True)\n"
    report = project.check_source(source, "t.py")
    assert [(f.line, f.kind) for f in report.findings] == [(2, "incompatible-call")]
    assert report.findings[0].target_version == "0.3"
    from codesync.knowledge.store import open_knowledge

    rows = project.knowledge.release_rows("localonly")
    assert [(r["version"], r["layer"], r["origin"]) for r in rows] == [
        ("0.3", "environment", "site-packages")]
    # that environment's evidence only: not in the knowledge any other project reads
    assert open_knowledge().release_rows("localonly") == []
    assert not (Path(fake_knowledge_root) / "localonly").exists()  # never into the package


def test_unknown_target_without_fetch_is_reported(tmp_path, monkeypatch, fake_knowledge_root):
    monkeypatch.setenv("CODESYNC_KNOWLEDGE", str(fake_knowledge_root))
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    (tmp_path / "proj").mkdir()
    project = Project(tmp_path / "proj", Settings(target={"fakelib": "7.7"}))
    report = project.check_source("import fakelib\nfakelib.load(1)\n", "t.py")
    assert [f.code for f in report.findings] == ["CS301"]
    assert "fakelib 7.7 is not in the knowledge" in report.findings[0].message


def test_editor_fetch_runs_in_the_background_then_refreshes(tmp_path, monkeypatch, fake_knowledge_root):
    """In the language server a fetch must not hold up checks: the first check returns at once
    (calls into the release wait for it, no CS301 meanwhile), and the project calls back when
    the release is stored. The download itself is replaced here by writing the release locally
    (no network in tests)."""
    import threading

    import codesync.project as project_module
    from helpers.fakelib import add_local_release

    monkeypatch.setenv("CODESYNC_KNOWLEDGE", str(fake_knowledge_root))
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    release_started = threading.Event()
    let_it_finish = threading.Event()

    def slow_fetch(dist: str, version: str) -> None:
        release_started.set()
        let_it_finish.wait(10)
        add_local_release(dist, version, {"fakelib/__init__.py": "def new_func(x):\n    pass\n"})

    monkeypatch.setattr(project_module, "_fetch_release", slow_fetch)
    (tmp_path / "proj").mkdir()
    project = Project(tmp_path / "proj", Settings(target={"fakelib": "7.7"}, fetch=True))
    ready = threading.Event()
    project.on_release_ready = ready.set
    source = "import fakelib\nfakelib.new_func(1, 2)\n"
    first = project.check_source(source, "t.py")  # returns while the fetch is still running
    assert release_started.wait(10)
    assert first.findings == []
    assert any("fetching fakelib 7.7 in the background" in n for n in project.notices)
    let_it_finish.set()
    assert ready.wait(10)
    after = project.check_source(source, "t.py")
    assert [(f.kind, f.target_version) for f in after.findings] == [("incompatible-call", "7.7")]


def test_editor_reads_an_installed_release_in_the_background(tmp_path, monkeypatch,
                                                              fake_knowledge_root):
    """Reading an unshipped installed release takes seconds: in the editor it never holds up
    a check (of this file or any other); the refresh comes when the release is stored."""
    import threading

    project = project_with_unshipped_release(tmp_path, monkeypatch, fake_knowledge_root)
    ready = threading.Event()
    project.on_release_ready = ready.set
    source = "import localonly\nlocalonly.greet('a', True)\n"
    assert project.check_source(source, "t.py").findings == []  # at once, nothing claimed
    assert any("reading localonly 0.3" in n and "background" in n for n in project.notices)
    assert ready.wait(30)
    after = project.check_source(source, "t.py")
    assert [(f.line, f.kind) for f in after.findings] == [(2, "incompatible-call")]
