"""Installing another release changes the diagnostics without a restart."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types

from .helpers import TIMEOUT, codes, open_document

CODE = "import pandas as pd\n\ndf = pd.DataFrame()\nout = df.append(df)\n"


class FakeVenv:
    """A virtual environment as codesync reads it: pyvenv.cfg, bin/python, and dist-info
    folders in lib/python3.11/site-packages (nothing in it ever runs)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.site_packages = root / "lib" / "python3.11" / "site-packages"
        self.site_packages.mkdir(parents=True)
        (root / "bin").mkdir()
        self.python = root / "bin" / "python"
        self.python.write_text("")
        (root / "pyvenv.cfg").write_text("home = /usr/bin\ninclude-system-site-packages = false\n")

    def install(self, dist: str, version: str) -> None:
        """Put ``dist==version`` in place with one rename, so no look at site-packages can
        catch a half-written dist-info folder (pip's own steps are not atomic)."""
        info = self.site_packages / f"{dist}-{version}.dist-info"
        current = next(self.site_packages.glob(f"{dist}-*.dist-info"), None)
        staging = current or self.root / "staging.dist-info"
        staging.mkdir(exist_ok=True)
        (staging / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
        (staging / "top_level.txt").write_text(f"{dist}\n")
        staging.rename(info)


@pytest.fixture()
def project(tmp_path: Path) -> tuple[Path, FakeVenv]:
    folder = tmp_path / "envproj"
    folder.mkdir()
    (folder / "pyproject.toml").write_text('[project]\nname = "envproj"\n')
    (folder / "code.py").write_text(CODE)
    venv = FakeVenv(tmp_path / "venv")
    venv.install("pandas", "1.5.3")
    return folder, venv


async def test_an_upgrade_is_noticed_by_polling(start, project) -> None:
    folder, venv = project
    client = await start(folders=[folder], options={"codesync": {
        "python": str(venv.python), "environmentPoll": 0.05}})
    uri = open_document(client, folder / "code.py")
    params = await client.published.wait(uri)
    assert codes(params) == ["CS201"]  # deprecated in the installed 1.5.3
    venv.install("pandas", "2.0.0")
    params = await client.published.wait(uri, lambda p: codes(p) == ["CS101"])
    assert params.version == 1
    assert params.diagnostics[0].data["target_version"] == "2.0.0"


async def test_an_upgrade_is_noticed_on_save_and_on_watched_files(start, project) -> None:
    folder, venv = project
    client = await start(folders=[folder], options={"python": str(venv.python),
                                                    "environmentPoll": 0})
    uri = open_document(client, folder / "code.py")
    assert codes(await client.published.wait(uri)) == ["CS201"]
    venv.install("pandas", "2.0.0")
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    await client.published.wait(uri, lambda p: codes(p) == ["CS101"])
    venv.install("pandas", "1.5.3")
    metadata = next(venv.site_packages.glob("pandas-*.dist-info")) / "METADATA"
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=metadata.as_uri(), type=types.FileChangeType.Created)]))
    await client.published.wait(uri, lambda p: codes(p) == ["CS201"])


async def test_editing_pyproject_changes_the_settings(start, project) -> None:
    folder, venv = project
    client = await start(folders=[folder], options={"python": str(venv.python)}, watch=True)
    await asyncio.wait_for(client.registered.wait(), TIMEOUT)
    (registration,) = client.registrations
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    patterns = [w["globPattern"] for w in registration.register_options["watchers"]]
    assert patterns == ["**/pyproject.toml", "**/*.dist-info/METADATA"]
    uri = open_document(client, folder / "code.py")
    assert codes(await client.published.wait(uri)) == ["CS201"]
    pyproject = folder / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + '\n[tool.codesync]\ntarget = { pandas = "2.0.0" }\n')
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=pyproject.as_uri())))
    await client.published.wait(uri, lambda p: codes(p) == ["CS101"])
