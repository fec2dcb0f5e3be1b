"""A server without any shipped knowledge says so out loud instead of passing every file."""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from .conftest import SERVER, make_client
from .helpers import TIMEOUT, capabilities


async def test_no_knowledge_is_an_error_message(server_env: dict[str, str], tmp_path: Path) -> None:
    empty = tmp_path / "empty" / "api"
    empty.mkdir(parents=True)
    client: LanguageClient = make_client()
    await client.start_io(*SERVER, env={**server_env, "CODESYNC_KNOWLEDGE": str(empty),
                                        "CODESYNC_CACHE": str(tmp_path / "cache")})
    try:
        await client.initialize_session(types.InitializeParams(
            capabilities=capabilities(), root_uri=tmp_path.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="t")]))

        async def error_shown() -> types.ShowMessageParams:
            while True:
                for message in client.messages:
                    if message.type == types.MessageType.Error:
                        return message
                await asyncio.sleep(0.05)

        message = await asyncio.wait_for(error_shown(), TIMEOUT)
        assert "shipped knowledge is missing" in message.message
    finally:
        await client.shutdown_session()
        await client.stop()
