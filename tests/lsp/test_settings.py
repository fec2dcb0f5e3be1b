"""Settings from initializationOptions, workspace/didChangeConfiguration and
workspace/configuration; bad settings are reported and the previous ones kept."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types

from .helpers import TIMEOUT, codes, open_document, replace_text


def _change(client, settings) -> None:
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=settings))


async def _next_message(client) -> types.ShowMessageParams:
    future = client.protocol.wait_for_notification(types.WINDOW_SHOW_MESSAGE)
    return await asyncio.wait_for(asyncio.wrap_future(future), TIMEOUT)


async def test_initialization_options_override_pyproject(start, workspace: Path) -> None:
    client = await start(options={"codesync": {"target": {"pandas": "1.5.3"}}})
    uri = open_document(client, workspace / "pandas2" / "code.py")
    # at 1.5.3 both df.append and read_csv's squeeze are deprecated, not removed
    assert codes(await client.published.wait(uri)) == ["CS201", "CS201"]


async def test_a_configuration_change_republishes(start, workspace: Path) -> None:
    client = await start()
    uri = open_document(client, workspace / "pandas2" / "code.py")
    params = await client.published.wait(uri)
    assert codes(params) == ["CS101", "CS102"]
    seen = len(client.published.all)
    _change(client, {"codesync": {"severity": {"CS101": "hint"}, "ignore": ["CS102"]}})
    params = await client.published.wait(uri, after=seen)
    (diagnostic,) = params.diagnostics
    assert diagnostic.code == "CS101"
    assert diagnostic.severity == types.DiagnosticSeverity.Hint
    seen = len(client.published.all)
    _change(client, {"codesync": {}})  # back to what pyproject.toml says
    assert codes(await client.published.wait(uri, after=seen)) == ["CS101", "CS102"]


async def test_bad_settings_are_reported_and_the_previous_ones_kept(start, workspace) -> None:
    client = await start(options={"severity": {"CS101": "warning"}})
    uri = open_document(client, workspace / "pandas2" / "code.py")
    await client.published.wait(uri)
    message = _next_message(client)
    _change(client, {"codesync": {"severity": {"CS101": "loud"}, "target": {"pandas": "1.5.3"}}})
    shown = await message
    assert shown.type == types.MessageType.Error and "CS101" in shown.message
    message = _next_message(client)
    _change(client, {"codesync": {"python": str(workspace / "no" / "python")}})
    assert "does not exist" in (await message).message
    replace_text(client, uri, (workspace / "pandas2" / "code.py").read_text() + "\n", 2)
    params = await client.published.wait(uri, lambda p: p.version == 2)
    assert codes(params) == ["CS101", "CS102"]
    removed = next(d for d in params.diagnostics if d.code == "CS101")
    assert removed.severity == types.DiagnosticSeverity.Warning


async def test_bad_initialization_options_do_not_stop_the_server(start, workspace) -> None:
    client = await start(options={"codesync": {"ignore": "CS101", "debounce": -1}})
    uri = open_document(client, workspace / "pandas2" / "code.py")
    assert codes(await client.published.wait(uri)) == ["CS101", "CS102"]
    assert any(m.type == types.MessageType.Error for m in client.messages)


async def test_settings_pulled_per_workspace_folder(start, workspace: Path) -> None:
    numpy_folder, pandas_folder = workspace / "numpy2", workspace / "pandas2"
    client = await start(folders=[numpy_folder, pandas_folder])
    numpy_uri = open_document(client, numpy_folder / "code.py")
    pandas_uri = open_document(client, pandas_folder / "code.py")
    assert codes(await client.published.wait(numpy_uri)) == ["CS101", "CS201"]
    assert codes(await client.published.wait(pandas_uri)) == ["CS101", "CS102"]
    seen = len(client.published.all)
    client.set_configuration({"target": {"numpy": "1.24.0"}}, section="codesync",
                             scope_uri=numpy_folder.as_uri())
    _change(client, None)  # the client says "something changed"; the server asks
    assert codes(await client.published.wait(numpy_uri, after=seen)) == []
    assert client.published.for_uri(pandas_uri)[-1].version == 1
    assert len(client.published.for_uri(pandas_uri)) == 1


async def test_a_pulling_client_is_asked_to_refresh(start, workspace: Path) -> None:
    client = await start(pull=True)
    uri = open_document(client, workspace / "pandas2" / "code.py")
    document = types.TextDocumentIdentifier(uri=uri)
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=document))
    assert len(report.items) == 2
    client.refreshed.clear()
    _change(client, {"codesync": {"ignore": ["CS102"]}})
    await asyncio.wait_for(client.refreshed.wait(), TIMEOUT)
    report = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=document, previous_result_id=report.result_id))
    assert [d.code for d in report.items] == ["CS101"]
