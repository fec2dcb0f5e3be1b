"""An editor opened on a subfolder of the project (eglot in a folder with no VCS, a client
opened on ``proj/app``) checks against the project's environment as the CLI does, logs which
environment it uses, and says when a library the file imports is not installed there."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from lsp.test_environment import CODE, FakeVenv

from .helpers import codes, open_document


def _subfolder_project(tmp_path: Path, installed: dict[str, str]) -> Path:
    project = tmp_path / "proj"
    app = project / "app"
    app.mkdir(parents=True)
    (app / "code.py").write_text(CODE)
    venv = FakeVenv(project / ".venv")
    for dist, version in installed.items():
        venv.install(dist, version)
    return app


async def _first_publish(client, uri: str, seconds: float = 120.0):
    """The first diagnostics: the server opens the knowledge and reads the environment first,
    which on a loaded machine can take longer than the helpers' usual wait."""
    for _ in range(int(seconds * 4)):
        found = client.published.for_uri(uri)
        if found:
            return found[0]
        await asyncio.sleep(0.25)
    raise AssertionError(f"no diagnostics for {uri} in {seconds} s: {_log(client)}")


def _log(client) -> str:
    return "\n".join(m.message for m in client.log_messages)


@pytest.fixture(autouse=True)
def _no_active_virtualenv_for_the_server(server_env, monkeypatch) -> None:
    """An active virtualenv comes before the project's .venv (the test run's own, in CI)."""
    monkeypatch.delitem(server_env, "VIRTUAL_ENV", raising=False)


async def test_the_venv_above_the_workspace_folder_is_used_and_logged(start, tmp_path) -> None:
    app = _subfolder_project(tmp_path, {"pandas": "1.5.3"})
    client = await start(folders=[app])
    uri = open_document(client, app / "code.py")
    params = await _first_publish(client, uri)
    assert codes(params) == ["CS201"]  # deprecated in the 1.5.3 of the .venv one level up
    log = _log(client)
    assert str(tmp_path / "proj" / ".venv" / "bin" / "python") in log
    assert "pandas 1.5.3" in log


async def test_an_import_the_environment_lacks_is_an_info_diagnostic(start, tmp_path) -> None:
    app = _subfolder_project(tmp_path, {"requests": "2.31.0"})
    client = await start(folders=[app])
    uri = open_document(client, app / "code.py")
    params = await _first_publish(client, uri)
    [diagnostic] = params.diagnostics
    assert diagnostic.code == "CS301" and diagnostic.severity == 3  # information
    assert (diagnostic.range.start.line, diagnostic.range.start.character) == (0, 7)
    assert "no release of pandas is installed" in diagnostic.message
    assert "pandas is imported" in _log(client)
