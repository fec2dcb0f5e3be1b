"""Types from a stub distribution installed in the project's environment (``NAME-stubs``),
applied to the library releases of the line its version describes; the source still
decides what exists."""

from __future__ import annotations

import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest

from codesync.analysis.checker import Checker, VersionContext
from codesync.engine.stub_distributions import installed_stub_packages, minor_line
from codesync.engine.stub_overlay import StubOverlay
from helpers.fakelib import make_knowledge, write_history

SOURCE = '''
    class Frame:
        def update(self):
            pass

        def head(self, n=5):
            return self._wrap(n)

    class Gone:
        pass

    def read(path):
        return _engine(path)

    def parse(path):
        return _engine(path)
    '''
STUB = '''
    from typing import Self

    class Frame:
        def update(self) -> None: ...
        def head(self, n: int = ...) -> Self: ...

    class Later: ...

    def read(path: str) -> Frame: ...
    def parse(path: str) -> Later: ...
    def only_in_stub() -> Frame: ...
    '''
RELEASES = {"1.0": {"lib/__init__.py": SOURCE},
            "2.0": {"lib/__init__.py": SOURCE.replace(
                "        def update(self):\n            pass\n\n", "")}}


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory):
    return make_knowledge(tmp_path_factory.mktemp("stubs"), "lib", RELEASES)


def _site_packages(base: Path, version: str, site: Path | None = None) -> Path:
    site = site or base / f"site-{version}"
    (site / "lib-stubs").mkdir(parents=True)
    (site / "lib-stubs" / "__init__.pyi").write_text(textwrap.dedent(STUB))
    info = site / f"types_lib-{version}.dist-info"
    info.mkdir()
    (info / "RECORD").write_text("lib-stubs/__init__.pyi,,\n")
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: types-lib\nVersion: {version}\n")
    return site


def _checker(knowledge, tmp_path: Path, stub_version: str | None) -> Checker:
    checker = Checker(knowledge, VersionContext.of({"lib": "2.0"}, {"lib": "1.0"}))
    if stub_version is not None:
        site = _site_packages(tmp_path, stub_version)
        checker.stub_types = StubOverlay(installed_stub_packages([site],
                                                                 {"types-lib": stub_version}))
    return checker


def _apis(checker: Checker, expr: str) -> list[tuple[str, str]]:
    findings = checker.check_source(f"import lib\n{expr}.update()\n", "t.py").findings
    return [(f.code, f.api) for f in findings]


@pytest.mark.parametrize("expr", ["lib.read('x')", "lib.read('x').head()"])
def test_the_stubs_type_what_the_source_leaves_untyped(knowledge, tmp_path, expr):
    assert _apis(_checker(knowledge, tmp_path, None), expr) == []
    assert _apis(_checker(knowledge, tmp_path, "2.0.0.20240101"), expr) == [
        ("CS101", "lib.Frame.update")]


def test_stubs_of_another_release_line_are_not_used(knowledge, tmp_path):
    assert _apis(_checker(knowledge, tmp_path, "1.0.0.20230101"), "lib.read('x')") == []


@pytest.mark.parametrize("expr", ["lib.parse('x')", "lib.only_in_stub()"])
def test_the_source_decides_what_exists(knowledge, tmp_path, expr):
    """A result naming a class the release lacks is dropped; a function only the stubs
    declare is not made to exist."""
    checker = _checker(knowledge, tmp_path, "2.0.0.20240101")
    assert ("CS101", "lib.Frame.update") not in _apis(checker, expr)


def test_the_environment_lists_its_stub_packages(tmp_path):
    site = _site_packages(tmp_path, "2.0.3")
    (site / "other-stubs").mkdir()  # no distribution lists it: its version is unknown
    environment = SimpleNamespace(site_packages=[site], distributions={
        "types-lib": SimpleNamespace(version="2.0.3")})
    overlay = StubOverlay.of_environment(environment)
    assert list(overlay.packages) == ["lib"]
    assert overlay.packages["lib"].line == "2.0"


@pytest.mark.parametrize("version, line", [("2.31.0.20240106", "2.31"), ("2.2.3.250308", "2.2"),
                                           ("6.0.12", "6.0"), ("dev", None)])
def test_a_stub_version_describes_its_librarys_minor_line(version, line):
    assert minor_line(version) == line


def test_a_package_read_once_is_kept_in_the_user_cache(tmp_path, monkeypatch):
    from codesync.engine import stub_overlay

    site = _site_packages(tmp_path, "2.0.1")
    [package] = installed_stub_packages([site], {"types-lib": "2.0.1"})
    first = stub_overlay._cached_types(package)
    assert first.definitions["lib.read"].returns == "lib.Frame"

    def unread(*args, **kwargs):
        raise AssertionError("read again")

    monkeypatch.setattr(stub_overlay, "stub_types", unread)
    again = stub_overlay._cached_types(package)
    assert {k: d.to_json() for k, d in again.definitions.items()} == {
        k: d.to_json() for k, d in first.definitions.items()}


def test_a_project_uses_the_stub_packages_of_its_environment(tmp_path, monkeypatch):
    from codesync.config import Settings
    from codesync.project import Project

    write_history(tmp_path / "api", "lib", RELEASES)
    monkeypatch.setenv("CODESYNC_KNOWLEDGE", str(tmp_path / "api"))
    monkeypatch.setenv("CODESYNC_CACHE", str(tmp_path / "cache"))
    venv = tmp_path / "proj" / ".venv"
    site = venv / "lib" / "python3.11" / "site-packages"
    site.mkdir(parents=True)
    (venv / "pyvenv.cfg").write_text("home = /usr/bin\n")
    info = site / "lib-2.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: lib\nVersion: 2.0\n")
    _site_packages(tmp_path, "2.0.0.20240101", site)
    report = Project(tmp_path / "proj", Settings()).check_source(
        "import lib\nlib.read('x').update()\n", "t.py")
    assert [(f.code, f.api) for f in report.findings] == [("CS101", "lib.Frame.update")]
