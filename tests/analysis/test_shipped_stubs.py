"""Types of stub distributions shipped with codesync (``knowledge/stubs``), written by
``scripts/build_stub_types.py`` and used when the environment has no stub package for a
library's release line; an installed package wins."""

from __future__ import annotations

import importlib.util
import json
import textwrap
import zipfile
from pathlib import Path

import pytest
from test_stub_packages import RELEASES, STUB, _site_packages

from codesync.analysis.checker import Checker, VersionContext
from codesync.engine.stub_distributions import (
    StubTypes,
    installed_stub_packages,
    stub_file_name,
    stub_text_form,
)
from codesync.engine.stub_overlay import StubOverlay
from codesync.knowledge.model import Definition
from helpers.fakelib import make_knowledge

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory):
    return make_knowledge(tmp_path_factory.mktemp("shipped-stubs"), "lib", RELEASES)


@pytest.fixture(scope="module")
def build_script():
    spec = importlib.util.spec_from_file_location(
        "build_stub_types", ROOT / "scripts" / "build_stub_types.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _wheel(folder: Path, text: str = STUB) -> Path:
    wheel = folder / "types_lib-2.0.0.1-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("lib-stubs/__init__.pyi", textwrap.dedent(text))
        archive.writestr("types_lib-2.0.0.1.dist-info/METADATA", "Name: types-lib\n")
    return wheel


def _shipped(folder: Path, records: dict[str, str], version: str = "2.0.0.1") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    types = StubTypes("lib", "2.0", {path: Definition(path, "function", returns=returns)
                                     for path, returns in records.items()})
    (folder / stub_file_name("lib", "2.0")).write_text(
        json.dumps(stub_text_form(types, "types-lib", version)))
    return folder


def _apis(knowledge, overlay: StubOverlay | None) -> list[tuple[str, str]]:
    checker = Checker(knowledge, VersionContext.of({"lib": "2.0"}, {"lib": "1.0"}))
    checker.stub_types = overlay
    findings = checker.check_source("import lib\nlib.read('x').update()\n", "t.py").findings
    return [(f.code, f.api) for f in findings]


def test_the_build_script_writes_the_text_form(build_script, tmp_path, monkeypatch):
    monkeypatch.setattr(build_script, "STUBS", tmp_path / "stubs")
    written = build_script.write_types(_wheel(tmp_path), "types-lib", "2.0.0.1", ["lib"], "2.0")
    assert written == 1
    data = json.loads((tmp_path / "stubs" / "lib-2.0.json").read_text())
    assert (data["stub_distribution"], data["stub_version"], data["line"]) == (
        "types-lib", "2.0.0.1", "2.0")
    assert data["definitions"]["lib.read"] == {"kind": "function", "returns": "lib.Frame"}
    assert set(data["definitions"]["lib.Frame.head"]) <= {"kind", "returns", "yields",
                                                          "literal_returns"}


def test_a_broken_archive_is_reported_and_skipped(build_script, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(build_script, "STUBS", tmp_path / "stubs")
    broken = tmp_path / "broken.whl"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    assert build_script.write_types(broken, "types-lib", "2.0.0.1", ["lib"], "2.0") == 0
    assert "broken.whl" in capsys.readouterr().err
    assert not (tmp_path / "stubs").exists()


def test_the_newest_stub_release_of_each_stored_line_is_chosen(build_script):
    versions = ["2.0.0.2", "2.0.1.5", "2.0.1.4", "2.1.0", "3.0.0rc1", "junk"]
    assert build_script.newest_per_line(versions, {"2.0", "3.0"}) == {"2.0": "2.0.1.5"}


def test_shipped_types_serve_when_nothing_is_installed(knowledge, tmp_path):
    shipped = _shipped(tmp_path / "stubs", {"lib.read": "lib.Frame"})
    assert _apis(knowledge, StubOverlay([], None)) == []
    assert _apis(knowledge, StubOverlay([], shipped)) == [("CS101", "lib.Frame.update")]


def test_an_installed_stub_package_wins(tmp_path):
    shipped = _shipped(tmp_path / "stubs", {"lib.shipped_only": "lib.Frame"})
    site = _site_packages(tmp_path, "2.0.0.9")
    overlay = StubOverlay(installed_stub_packages([site], {"types-lib": "2.0.0.9"}), shipped)
    types = overlay.types_of("lib", "2.0")
    assert "lib.read" in types.definitions and "lib.shipped_only" not in types.definitions
    assert "lib.shipped_only" in StubOverlay([], shipped).types_of("lib", "2.0").definitions


@pytest.mark.parametrize("content", [None, "{not json", '{"definitions": [1]}', "[]"])
def test_a_missing_or_damaged_shipped_file_is_ignored(knowledge, tmp_path, content):
    shipped = tmp_path / "stubs"
    shipped.mkdir()
    if content is not None:
        (shipped / stub_file_name("lib", "2.0")).write_text(content)
    assert _apis(knowledge, StubOverlay([], shipped)) == []
    assert _apis(knowledge, StubOverlay([], tmp_path / "absent")) == []


def test_the_shipped_files_name_their_stub_release():
    folder = ROOT / "knowledge" / "stubs"
    files = sorted(folder.glob("*.json")) if folder.is_dir() else []
    for path in files:
        data = json.loads(path.read_text())
        assert path.name == stub_file_name(data["import_name"], data["line"])
        assert data["stub_distribution"] and data["stub_version"].startswith(data["line"])


def test_a_shipped_stub_result_finds_a_member_gone_from_it(shipped_database):
    """pandas-stubs types ``read_clipboard`` as returning a DataFrame, whose ``append`` is
    gone in pandas 2; the source alone leaves the result untyped (``read_excel`` was the
    example until the source's own overloads typed it)."""
    from codesync.knowledge.store import Knowledge

    folder = ROOT / "knowledge" / "stubs"
    if not (folder / stub_file_name("pandas", "2.2")).is_file():
        pytest.skip("no shipped pandas stub types")
    source = "import pandas as pd\nframe = pd.read_clipboard()\nframe.append(frame)\n"
    knowledge = Knowledge(shipped_database)

    def apis(shipped: Path | None) -> list[tuple[int, str, str]]:
        checker = Checker(knowledge, VersionContext.of({"pandas": "2.2.3"}, {"pandas": "1.5.3"}))
        checker.stub_types = StubOverlay([], shipped)
        return [(f.line, f.code, f.api) for f in checker.check_source(source, "t.py").findings]

    assert apis(None) == []
    assert apis(folder) == [(3, "CS101", "pandas.DataFrame.append")]
